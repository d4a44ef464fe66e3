/**
 * The KPIs of one area from GET /api/cases/stats, kept current without hammering the server: live
 * events call invalidate(), which refetches after a quiet spell (debounce) but never later than a
 * maximum wait under a steady stream; a timer refetches anyway every few minutes (today rolls over,
 * cases become overdue without any event). One request at a time; a request asked for meanwhile runs
 * right after (refetch-schedule.ts). The last good answer stays on screen through errors.
 */
import { onScopeDispose, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseStats, TimeWindow } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import { refetchSchedule } from './refetch-schedule.ts'
import { useRequest } from './useRequest.ts'

export interface UseCaseStatsOptions {
  /** The area; null for every case. */
  areaId: MaybeRefOrGetter<string | null>
  /** Nothing loads while false. @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /** Window of the rates (resolved, overdue, handling time, 721, whistles). @default '7d' */
  window?: TimeWindow
  fetcher?: Pick<CasesApi, 'stats'>
  now?: () => number
  /** Quiet time after the last invalidate() before refetching. @default 2000 */
  debounceMs?: number
  /** Longest wait after the first invalidate() of a burst. @default 10000 */
  maxWaitMs?: number
  /** Refetch this often regardless. @default 120000 */
  refreshMs?: number
  /** After a failure, try again this soon. @default 15000 */
  retryMs?: number
}

export interface UseCaseStatsReturn {
  stats: ShallowRef<CaseStats | null>
  error: ShallowRef<ApiError | null>
  loading: ShallowRef<boolean>
  /** When the last good answer arrived (epoch ms). */
  fetchedAt: ShallowRef<number | null>
  /** Something changed: refetch soon (debounced). */
  invalidate: () => void
  /** Refetch now. */
  refresh: () => Promise<void>
  /** Requests made so far (for tests and diagnostics). */
  requests: ShallowRef<number>
}

export function useCaseStats(options: UseCaseStatsOptions): UseCaseStatsReturn {
  const fetcher = options.fetcher ?? casesApi
  const window = options.window ?? '7d'

  // The last good answer stays on screen through errors, and an error until an answer succeeds.
  const {
    data: stats,
    error,
    loading,
    execute,
    abort,
  } = useRequest((area: string | null, signal) => fetcher.stats({ ...(area ? { area } : {}), window }, signal), {
    clearErrorOnStart: false,
  })
  let area: string | null = null
  const schedule = refetchSchedule({
    load: async () => (await execute(area)) ?? null,
    now: options.now,
    debounceMs: options.debounceMs,
    maxWaitMs: options.maxWaitMs,
    refreshMs: options.refreshMs ?? 120_000,
    retryMs: options.retryMs,
    onStop: abort,
  })

  watch(
    () => (toValue(options.enabled ?? true) ? (toValue(options.areaId) ?? '') : null),
    (k) => {
      schedule.stop()
      if (k === null) return
      area = k || null
      stats.value = null
      schedule.start()
    },
    { immediate: true },
  )
  onScopeDispose(schedule.stop)

  const { fetchedAt, invalidate, refresh, requests } = schedule
  return { stats, error, loading, fetchedAt, invalidate, refresh, requests }
}
