/**
 * When to ask the server again for an aggregate that live events make stale (the KPIs, the wall's
 * snapshot): after a quiet spell once something changed (debounce), never later than a maximum wait
 * under a steady stream, on a timer regardless (today rolls over, cases become overdue without any
 * event), and soon again after a failure or an incomplete answer. One request at a time; one asked
 * for meanwhile runs right after it. Knows nothing of what is loaded: `load` does that.
 */
import { shallowRef, type ShallowRef } from 'vue'

export interface RefetchScheduleOptions<T> {
  /** Ask once; resolves to the answer, or null when it failed (the caller keeps the last good one). */
  load: () => Promise<T | null>
  /** An answer that lacks a part the server could not compute yet: try again after `retryMs`. */
  incomplete?: (answer: T) => boolean
  now?: () => number
  /** Quiet time after the last invalidate() before asking. @default 2000 */
  debounceMs?: number
  /** Longest wait after the first invalidate() of a burst. @default 10000 */
  maxWaitMs?: number
  /** Ask this often regardless. */
  refreshMs: number
  /** After a failure (or an incomplete answer), ask again this soon. @default 15000 */
  retryMs?: number
  /** Called when a schedule stops, so the caller can abort its request in flight. */
  onStop?: () => void
}

export interface RefetchSchedule {
  /** Start (or restart) the schedule: asks at once, then on its timer. */
  start: () => void
  /** Stop every timer; answers still on their way are ignored. */
  stop: () => void
  /** Something changed: ask soon (debounced); nothing while stopped. */
  invalidate: () => void
  /** Ask now (or right after the request in flight). */
  refresh: () => Promise<void>
  /** When the last good answer arrived (epoch ms). */
  fetchedAt: ShallowRef<number | null>
  /** Requests made so far (for tests and diagnostics). */
  requests: ShallowRef<number>
}

export function refetchSchedule<T>(options: RefetchScheduleOptions<T>): RefetchSchedule {
  const now = options.now ?? Date.now
  const debounceMs = options.debounceMs ?? 2000
  const maxWaitMs = options.maxWaitMs ?? 10_000
  const retryMs = options.retryMs ?? 15_000
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
    const answer = await options.load()
    if (gen !== generation) return
    if (answer !== null) fetchedAt.value = now()
    if (answer === null || options.incomplete?.(answer))
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

  function stop() {
    generation++
    options.onStop?.()
    for (const t of [debounceTimer, retryTimer]) if (t) clearTimeout(t)
    if (refreshTimer) clearInterval(refreshTimer)
    debounceTimer = retryTimer = refreshTimer = null
    burstStart = null
    inFlight = null
    again = false
    running = false
  }

  function start() {
    stop()
    running = true
    void refresh()
    refreshTimer = setInterval(() => void refresh(), options.refreshMs)
  }

  return { start, stop, invalidate, refresh, fetchedAt, requests }
}
