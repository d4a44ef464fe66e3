/**
 * The KPIs of one area from GET /api/cases/stats, kept current without hammering the server: live
 * events call invalidate(), which refetches after a quiet spell (debounce) but never later than a
 * maximum wait under a steady stream; a timer refetches anyway every few minutes (today rolls over,
 * cases become overdue without any event). One request at a time; a request asked for meanwhile runs
 * right after. The last good answer stays on screen through errors.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseStats, TimeWindow } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
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
  const now = options.now ?? Date.now
  const debounceMs = options.debounceMs ?? 2000
  const maxWaitMs = options.maxWaitMs ?? 10_000
  const refreshMs = options.refreshMs ?? 120_000
  const retryMs = options.retryMs ?? 15_000
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
  const fetchedAt = shallowRef<number | null>(null)
  const requests = shallowRef(0)

  let key: { area: string | null } | null = null
  let generation = 0
  let inFlight: Promise<void> | null = null
  let again = false
  let burstStart: number | null = null
  let debounceTimer: ReturnType<typeof setTimeout> | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let refreshTimer: ReturnType<typeof setInterval> | null = null

  async function run(): Promise<void> {
    if (!key) return
    const gen = generation
    requests.value++
    const res = await execute(key.area)
    if (gen !== generation) return
    if (res) fetchedAt.value = now()
    else
      retryTimer ??= setTimeout(() => {
        retryTimer = null
        void refresh()
      }, retryMs)
  }

  function refresh(): Promise<void> {
    if (inFlight) {
      again = true
      return inFlight
    }
    const p: Promise<void> = run().finally(() => {
      if (inFlight !== p) return
      inFlight = null
      if (again) {
        again = false
        void refresh()
      }
    })
    inFlight = p
    return p
  }

  function invalidate() {
    if (!key) return
    const t = now()
    burstStart ??= t
    if (debounceTimer) clearTimeout(debounceTimer)
    const wait = Math.max(0, Math.min(debounceMs, burstStart + maxWaitMs - t))
    debounceTimer = setTimeout(() => {
      debounceTimer = null
      burstStart = null
      void refresh()
    }, wait)
  }

  function stop() {
    generation++
    abort()
    for (const t of [debounceTimer, retryTimer]) if (t) clearTimeout(t)
    if (refreshTimer) clearInterval(refreshTimer)
    debounceTimer = retryTimer = refreshTimer = null
    burstStart = null
    inFlight = null
    again = false
    key = null
  }

  watch(
    () => (toValue(options.enabled ?? true) ? (toValue(options.areaId) ?? '') : null),
    (k) => {
      stop()
      if (k === null) return
      key = { area: k || null }
      stats.value = null
      void refresh()
      refreshTimer = setInterval(() => void refresh(), refreshMs)
    },
    { immediate: true },
  )
  onScopeDispose(stop)

  return { stats, error, loading, fetchedAt, invalidate, refresh, requests }
}
