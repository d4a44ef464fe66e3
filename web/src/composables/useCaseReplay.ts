/**
 * Replay a day (回放): load the cases created that day (and the day before, for the heat window) over
 * GET /api/cases, then move a cursor through the day, by hand or playing at a chosen speed. The screen
 * draws the frame at the cursor instead of the live picture. An unattended screen left in replay goes
 * back to live by itself after a while.
 */
import { onScopeDispose, shallowRef, toValue, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseView } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import { replayFrame, type ReplayFrame } from './case-replay.ts'
import { startOfDayCst } from './cst-time.ts'
import { toLite, type CaseLite } from './recent-cases.ts'
import { useRequest } from './useRequest.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const PAGE = 1000

export interface UseCaseReplayOptions {
  areaId: MaybeRefOrGetter<string | null>
  fetcher?: Pick<CasesApi, 'list'>
  now?: () => number
  /** Replayed minutes per real second while playing. @default 20 */
  speed?: number
  /** @default 250 */
  tickMs?: number
  /** @default 30 */
  tickerSize?: number
  /** How long (replayed time) a case pulses after it was created. @default 15 min */
  pulseMs?: number
  /** Hours before the day loaded too, for the heat window. @default 24 */
  lookbackHours?: number
  /** @default 20000 */
  maxCases?: number
  /** Back to live after this long without a touch. @default 10 min */
  idleMs?: number
}

export interface UseCaseReplayReturn {
  /** The replayed day (midnight in China, epoch ms); null while live. */
  day: ShallowRef<number | null>
  cursor: ShallowRef<number>
  playing: ShallowRef<boolean>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  /** True when the day has more cases than were loaded. */
  truncated: ShallowRef<boolean>
  frame: ShallowRef<ReplayFrame | null>
  open: (day: number) => Promise<void>
  close: () => void
  play: () => void
  pause: () => void
  seek: (t: number) => void
}

export function useCaseReplay(options: UseCaseReplayOptions): UseCaseReplayReturn {
  const fetcher = options.fetcher ?? casesApi
  const now = options.now ?? Date.now
  const speed = options.speed ?? 20
  const tickMs = options.tickMs ?? 250
  const tickerSize = options.tickerSize ?? 30
  const pulseMs = options.pulseMs ?? 15 * 60_000
  const lookbackMs = (options.lookbackHours ?? 24) * HOUR_MS
  const maxCases = options.maxCases ?? 20_000
  const idleMs = options.idleMs ?? 10 * 60_000

  const day = shallowRef<number | null>(null)
  const cursor = shallowRef(0)
  const playing = shallowRef(false)
  const truncated = shallowRef(false)
  const frame = shallowRef<ReplayFrame | null>(null)

  let views: CaseView[] = []
  let lites: CaseLite[] = []
  let timer: ReturnType<typeof setInterval> | null = null
  let idleTimer: ReturnType<typeof setTimeout> | null = null

  /** The cases created in [from, to), newest first, up to maxCases, with how many there were. */
  const { loading, error, execute, reset } = useRequest(
    async (q: { area: string | null; from: string; to: string }, signal) => {
      const got: CaseView[] = []
      let total = 0
      for (let offset = 0; got.length < maxCases; offset += PAGE) {
        const page = await fetcher.list({ ...(q.area ? { area: q.area } : {}), from: q.from, to: q.to, limit: PAGE, offset }, signal)
        got.push(...page.items)
        total = page.total
        if (page.items.length < PAGE || offset + PAGE >= page.total) break
      }
      return { got, total }
    },
  )

  const dayEnd = () => Math.min((day.value ?? 0) + DAY_MS, now())

  function draw() {
    frame.value = day.value === null ? null : replayFrame(views, lites, cursor.value, tickerSize, pulseMs)
  }

  function touch() {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = day.value === null ? null : setTimeout(close, idleMs)
  }

  async function open(start: number) {
    const dayStart = startOfDayCst(start)
    pause()
    day.value = dayStart
    cursor.value = dayStart
    touch()
    const loaded = await execute({
      area: toValue(options.areaId),
      from: new Date(dayStart - lookbackMs).toISOString(),
      to: new Date(Math.min(dayStart + DAY_MS, now())).toISOString(),
    })
    if (!loaded) return
    // The list comes newest first; the replay walks forwards.
    views = loaded.got.slice(0, maxCases).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id)
    lites = views.map(toLite)
    truncated.value = loaded.total > views.length
    draw()
  }

  function close() {
    reset()
    pause()
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
    day.value = null
    views = []
    lites = []
    frame.value = null
  }

  function seek(t: number) {
    if (day.value === null) return
    cursor.value = Math.min(Math.max(t, day.value), dayEnd())
    touch()
    draw()
  }

  function play() {
    if (day.value === null || timer) return
    if (cursor.value >= dayEnd()) cursor.value = day.value
    playing.value = true
    touch()
    timer = setInterval(() => {
      const next = cursor.value + (speed * 60_000 * tickMs) / 1000
      seek(next)
      if (next >= dayEnd()) pause()
    }, tickMs)
  }

  function pause() {
    if (timer) clearInterval(timer)
    timer = null
    playing.value = false
  }

  onScopeDispose(close)

  return { day, cursor, playing, loading, error, truncated, frame, open, close, play, pause, seek }
}
