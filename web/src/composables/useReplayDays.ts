/**
 * The days a replay (回放) can offer: those with cases in the area, newest first, with their counts,
 * from GET /api/cases/days. Loaded when enabled and again on `refresh()` (e.g. as the bar opens), so a
 * replay never lists a day that comes up empty.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import { formatDateCst, startOfDayCst } from './cst-time.ts'
import { useRequest } from './useRequest.ts'

const DAY_MS = 86_400_000

export interface ReplayDay {
  /** Midnight in China, epoch ms. */
  start: number
  /** 今天, 昨天, or 11月28日. */
  label: string
  count: number
}

export interface UseReplayDaysOptions {
  areaId: MaybeRefOrGetter<string | null>
  enabled: MaybeRefOrGetter<boolean>
  /** How far back, today included. @default 31 */
  days?: number
  /** Reload this often while in use. @default 10 min */
  refreshMs?: number
  fetcher?: Pick<CasesApi, 'days'>
  now?: () => number
}

export interface UseReplayDaysReturn {
  days: ShallowRef<ReplayDay[]>
  error: ShallowRef<ApiError | null>
  refresh: () => Promise<void>
}

/** Label the server's days for the bar, relative to today. */
export function labelReplayDays(days: readonly { start: string; count: number }[], now: number): ReplayDay[] {
  const today = startOfDayCst(now)
  return days.map((d) => {
    const start = Date.parse(d.start)
    const ago = Math.round((today - start) / DAY_MS)
    const label = ago === 0 ? '今天' : ago === 1 ? '昨天' : formatDateCst(start).replace(/^\d+年/, '').replace(/ .*/, '')
    return { start, label, count: d.count }
  })
}

export function useReplayDays(options: UseReplayDaysOptions): UseReplayDaysReturn {
  const fetcher = options.fetcher ?? casesApi
  const now = options.now ?? Date.now
  const days = shallowRef<ReplayDay[]>([])
  const { error, execute } = useRequest((area: string | null, signal) => fetcher.days({ ...(area ? { area } : {}), days: options.days ?? 31 }, signal))

  async function refresh() {
    if (!toValue(options.enabled)) return
    const got = await execute(toValue(options.areaId))
    if (got) days.value = labelReplayDays(got.days, now())
  }

  watch(() => [toValue(options.enabled), toValue(options.areaId)], () => void refresh(), { immediate: true })
  const timer = setInterval(() => void refresh(), options.refreshMs ?? 10 * 60_000)
  onScopeDispose(() => clearInterval(timer))
  return { days, error, refresh }
}
