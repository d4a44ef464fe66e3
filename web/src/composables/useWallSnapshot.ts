/**
 * Every figure of the wall from one server aggregate (GET /api/wall/snapshot), so no two panels can
 * disagree: one answer, one as-of time. Kept current like useCaseStats: a live event not yet counted
 * (its id above the snapshot's event cursor) asks for a refresh after a quiet spell (debounce), never
 * later than a maximum wait under a steady stream; a timer refreshes anyway (today rolls over, cases
 * become overdue without any event). One request at a time; one asked for meanwhile runs right after.
 * The last good answer stays on screen through errors, with its own as-of time.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { ApiError } from '../api/request.ts'
import { wallApi, type WallApi, type WallSnapshot } from '../api/wall.ts'
import { useRequest } from './useRequest.ts'

export interface UseWallSnapshotOptions {
  /** Nothing loads while false. @default true */
  enabled?: MaybeRefOrGetter<boolean>
  fetcher?: Pick<WallApi, 'snapshot'>
  now?: () => number
  /** Quiet time after the last new event before refreshing. @default 2000 */
  debounceMs?: number
  /** Longest wait after the first new event of a burst. @default 10000 */
  maxWaitMs?: number
  /** Refresh this often regardless. @default 60000 */
  refreshMs?: number
  /** After a failure, or an answer still missing a part, try again this soon. @default 15000 */
  retryMs?: number
  /** An answer that lacks a part the server could not compute yet (e.g. the walking model still building). */
  incomplete?: (s: WallSnapshot) => boolean
}

export interface UseWallSnapshotReturn {
  snapshot: ShallowRef<WallSnapshot | null>
  error: ShallowRef<ApiError | null>
  loading: ShallowRef<boolean>
  /** When the last good answer arrived here (epoch ms). */
  fetchedAt: ShallowRef<number | null>
  /** Live events were applied: refresh soon if any is newer than the snapshot (debounced). */
  noteEvents: (ids: readonly number[]) => void
  /** Something changed that events do not show: refresh soon (debounced). */
  invalidate: () => void
  /** Refresh now. */
  refresh: () => Promise<void>
  /** Requests made so far (for tests and diagnostics). */
  requests: ShallowRef<number>
}

export function useWallSnapshot(options: UseWallSnapshotOptions = {}): UseWallSnapshotReturn {
  const fetcher = options.fetcher ?? wallApi
  const now = options.now ?? Date.now
  const debounceMs = options.debounceMs ?? 2000
  const maxWaitMs = options.maxWaitMs ?? 10_000
  const refreshMs = options.refreshMs ?? 60_000
  const retryMs = options.retryMs ?? 15_000

  const { data: snapshot, error, loading, execute, abort } = useRequest((_: null, signal) => fetcher.snapshot({}, signal), {
    clearErrorOnStart: false,
  })
  const fetchedAt = shallowRef<number | null>(null)
  const requests = shallowRef(0)

  let running = false
  let generation = 0
  let inFlight: Promise<void> | null = null
  let again = false
  let burstStart: number | null = null
  let debounceTimer: ReturnType<typeof setTimeout> | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let refreshTimer: ReturnType<typeof setInterval> | null = null

  async function run(): Promise<void> {
    if (!running) return
    const gen = generation
    requests.value++
    const res = await execute(null)
    if (gen !== generation) return
    if (res) fetchedAt.value = now()
    if (!res || options.incomplete?.(res))
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
    if (!running) return
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

  // Events at or below the cursor are in the snapshot already: counting them again would be double.
  function noteEvents(ids: readonly number[]) {
    const cursor = snapshot.value?.eventId ?? -1
    if (ids.some((id) => id > cursor)) invalidate()
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
    running = false
  }

  watch(
    () => toValue(options.enabled ?? true),
    (on) => {
      stop()
      if (!on) return
      running = true
      void refresh()
      refreshTimer = setInterval(() => void refresh(), refreshMs)
    },
    { immediate: true },
  )
  onScopeDispose(stop)

  return { snapshot, error, loading, fetchedAt, noteEvents, invalidate, refresh, requests }
}
