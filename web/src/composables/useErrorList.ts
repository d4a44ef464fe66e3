/**
 * The error banners of a view that loads from several sources: one line per failing source, prefixed
 * with what was being loaded, and a retry that asks again only what failed.
 */
import { computed, type ComputedRef } from 'vue'
import type { ApiError } from '../api/request.ts'

export interface ErrorSource {
  /** What was being loaded, e.g. 覆盖统计. */
  label: string
  error: () => ApiError | null | undefined
  /** @default nothing to retry: the source recovers on its own */
  retry?: () => void
}

export interface UseErrorListReturn {
  messages: ComputedRef<string[]>
  retryFailed: () => void
}

export function useErrorList(sources: ErrorSource[]): UseErrorListReturn {
  return {
    messages: computed(() =>
      sources.flatMap((s) => {
        const e = s.error()
        return e ? [`${s.label}：${e.message}`] : []
      }),
    ),
    retryFailed() {
      for (const s of sources) if (s.error()) s.retry?.()
    },
  }
}
