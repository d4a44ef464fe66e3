/**
 * The screen's live case feed: owns the one socket, applies every case event exactly once and in id
 * order, and keeps a bounded local picture of recent cases (for heat, charts and the ticker).
 *
 * - Exactly once: events are queued, sorted by id per batch, and applied only if their id is above the
 *   last applied one; on every (re)connection the socket's auth carries that id, so the server replays
 *   what was missed. Case views are also merged by `version`, so the snapshot loaded over HTTP and the
 *   stream may overlap freely.
 * - Order of start-up: connect first (no replay), and once the server says `caught-up` take its
 *   position as ours and load the snapshot of recent cases: nothing falls between the two.
 * - Bounded: the ticker, the pulses and the case store have fixed caps; old cases are pruned.
 * - Safety net: the snapshot is reloaded every few minutes; socket.io reconnects by itself, and when it
 *   will not (the server sent us away or refused us) a timer tries again.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseEventMessage, CaseView } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import type { HotspotMessage } from '../api/hotspots.ts'
import { connectLive, type IoFactory, type LiveConnection } from '../api/live.ts'
import { startOfDayCst } from './cst-time.ts'
import { RecentCases, type CaseLite } from './recent-cases.ts'
import { useRequest } from './useRequest.ts'

/** connecting: first contact; replaying: connected, catching up; live: caught up; down: no socket. */
export type LiveState = 'connecting' | 'replaying' | 'live' | 'down'

export interface Pulse {
  id: number
  lng: number
  lat: number
  /** When it arrived here (epoch ms). */
  at: number
}

export interface LiveCounters {
  /** Events applied since the screen opened. */
  applied: number
  /** Events dropped because their id was already applied (replays overlapping what we had). */
  duplicates: number
  /** Connections made (the first one included). */
  connections: number
}

export interface UseLiveCasesOptions {
  /** Only cases inside this area (the district); null for every case. */
  areaId: MaybeRefOrGetter<string | null>
  /** Nothing connects or loads while false (e.g. until the district is known). @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /** Makes the socket; socket.io-client by default, a fake in tests. */
  io?: IoFactory
  fetcher?: Pick<CasesApi, 'list'>
  now?: () => number
  /** Cases shown in full in the ticker. @default 30 */
  tickerSize?: number
  /** Cases older than this many hours (and not from today) are dropped. @default 24 */
  keepHours?: number
  /** @default 20000 */
  maxCases?: number
  /** Newly created cases kept for the map's pulse. @default 30 */
  maxPulses?: number
  /** Events are applied in batches at most this far apart. @default 100 */
  batchMs?: number
  /** A batch this large is applied at once. @default 1000 */
  maxBatch?: number
  /** Wait before connecting again when socket.io will not. @default 5000 */
  retryMs?: number
  /** Full reload of the recent cases, the safety net under the stream. @default 300000 */
  resyncMs?: number
  /** Called after each applied batch (e.g. to schedule a stats refetch). */
  onApplied?: (events: readonly CaseEventMessage[]) => void
  /**
   * Hotspot alerts pushed on the same socket (useHotspots with `io: null`), so a screen needs one
   * connection, not one per kind of push; and each connection after the first, since those pushes
   * are not replayed.
   */
  onHotspot?: (message: HotspotMessage) => void
  onReconnected?: () => void
}

export interface UseLiveCasesReturn {
  state: ShallowRef<LiveState>
  /** When the socket went down (epoch ms); null while connected. */
  downSince: ShallowRef<number | null>
  /** The id of the last event applied (or the server's position when we caught up). */
  lastEventId: ShallowRef<number | null>
  /** When the last event arrived (epoch ms). */
  lastEventAt: ShallowRef<number | null>
  /** When the recent cases were last loaded in full (epoch ms). */
  lastSyncAt: ShallowRef<number | null>
  ticker: ShallowRef<readonly CaseView[]>
  cases: ShallowRef<readonly CaseLite[]>
  pulses: ShallowRef<readonly Pulse[]>
  counters: ShallowRef<LiveCounters>
  error: ShallowRef<ApiError | null>
  /** Reload the recent cases now. */
  resync: () => Promise<void>
  /** Close the socket on purpose / open it again (a test hook and a diagnostic). */
  pause: () => void
  resume: () => void
  /** Cut the transport as a network failure would; socket.io reconnects by itself. */
  drop: () => void
}

const HOUR_MS = 3_600_000
const PAGE = 1000
const HOUSEKEEP_MS = 60_000

export function useLiveCases(options: UseLiveCasesOptions): UseLiveCasesReturn {
  const fetcher = options.fetcher ?? casesApi
  const now = options.now ?? Date.now
  const keepMs = (options.keepHours ?? 24) * HOUR_MS
  const maxPulses = options.maxPulses ?? 30
  const batchMs = options.batchMs ?? 100
  const maxBatch = options.maxBatch ?? 1000
  const retryMs = options.retryMs ?? 5000
  const resyncMs = options.resyncMs ?? 300_000

  const state = shallowRef<LiveState>('connecting')
  const downSince = shallowRef<number | null>(null)
  const lastEventId = shallowRef<number | null>(null)
  const lastEventAt = shallowRef<number | null>(null)
  const lastSyncAt = shallowRef<number | null>(null)
  const ticker = shallowRef<readonly CaseView[]>([])
  const cases = shallowRef<readonly CaseLite[]>([])
  const pulses = shallowRef<readonly Pulse[]>([])
  const counters = shallowRef<LiveCounters>({ applied: 0, duplicates: 0, connections: 0 })

  const store = new RecentCases({ tickerSize: options.tickerSize, maxCases: options.maxCases })
  let conn: LiveConnection | null = null
  let areaId: string | null = null
  /** The last applied event id; the auth of every reconnection. */
  let lastId: number | null = null
  let queue: CaseEventMessage[] = []
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let resyncTimer: ReturnType<typeof setInterval> | null = null
  let housekeepTimer: ReturnType<typeof setInterval> | null = null
  let paused = false
  let synced = false
  /** The recent cases in full, page by page; a failure stays shown until a snapshot succeeds. */
  const snapshot = useRequest(
    async (from: string, signal) => {
      const views: CaseView[] = []
      for (let offset = 0; ; offset += PAGE) {
        const page = await fetcher.list({ ...(areaId ? { area: areaId } : {}), from, limit: PAGE, offset }, signal)
        views.push(...page.items)
        if (page.items.length < PAGE || offset + PAGE >= page.total || views.length >= (options.maxCases ?? 20_000)) break
      }
      return views
    },
    { clearErrorOnStart: false },
  )
  const error = snapshot.error

  const cutoff = () => Math.min(startOfDayCst(now()), now() - keepMs)

  function publish() {
    ticker.value = store.ticker
    cases.value = store.list()
  }

  function enqueue(m: CaseEventMessage) {
    lastEventAt.value = now()
    queue.push(m)
    if (queue.length >= maxBatch) flush()
    else flushTimer ??= setTimeout(flush, batchMs)
  }

  /** Apply what is queued, in id order, each id once. */
  function flush() {
    if (flushTimer) clearTimeout(flushTimer)
    flushTimer = null
    if (!queue.length) return
    const batch = queue.sort((a, b) => a.id - b.id)
    queue = []
    const applied: CaseEventMessage[] = []
    const arrived: Pulse[] = []
    let duplicates = 0
    for (const e of batch) {
      if (lastId !== null && e.id <= lastId) {
        duplicates++
        continue
      }
      lastId = e.id
      store.upsert(e.case)
      applied.push(e)
      if (e.type === 'created') arrived.push({ id: e.caseId, lng: e.case.location.lng, lat: e.case.location.lat, at: now() })
    }
    const c = counters.value
    counters.value = { ...c, applied: c.applied + applied.length, duplicates: c.duplicates + duplicates }
    if (!applied.length) return
    lastEventId.value = lastId
    if (arrived.length) pulses.value = [...pulses.value, ...arrived].slice(-maxPulses)
    publish()
    options.onApplied?.(applied)
  }

  function scheduleRetry() {
    if (retryTimer || paused || !conn) return
    retryTimer = setTimeout(() => {
      retryTimer = null
      if (!paused) conn?.connect()
    }, retryMs)
  }

  function wentDown() {
    flush()
    if (state.value !== 'down') downSince.value = now()
    state.value = 'down'
  }

  function open() {
    conn = connectLive({
      io: options.io,
      auth: () => ({
        ...(lastId !== null ? { lastEventId: lastId } : {}),
        ...(areaId !== null ? { areaId } : {}),
      }),
      handlers: {
        connected() {
          state.value = 'replaying'
          downSince.value = null
          counters.value = { ...counters.value, connections: counters.value.connections + 1 }
          if (counters.value.connections > 1) options.onReconnected?.()
        },
        caseEvent: enqueue,
        hotspot: (m) => options.onHotspot?.(m),
        // Events were skipped to bound the replay: the recent cases come again from the snapshot.
        replayTruncated() {
          synced = false
        },
        caughtUp(position) {
          flush()
          // Everything up to the server's position has been sent before this message (or, on a
          // first connection, is in the snapshot loaded next).
          if (position !== null && (lastId === null || position > lastId)) lastId = position
          lastEventId.value = lastId
          state.value = 'live'
          if (!synced) void resync()
        },
        disconnected(_reason, willRetry) {
          wentDown()
          if (!willRetry) scheduleRetry()
        },
        connectError(_message, willRetry) {
          wentDown()
          if (!willRetry) scheduleRetry()
        },
      },
    })
  }

  /** Load the recent cases in full and merge them (older versions never overwrite newer ones). */
  async function resync(): Promise<void> {
    const views = await snapshot.execute(new Date(cutoff()).toISOString())
    if (!views) return
    flush()
    store.prune(cutoff())
    for (const v of views) store.upsert(v)
    synced = true
    lastSyncAt.value = now()
    publish()
  }

  /** Every minute: drop what fell out of the window; retry a first snapshot that failed. */
  function housekeep() {
    const cut = now() - 60_000
    if (pulses.value.length && pulses.value[0]!.at < cut) pulses.value = pulses.value.filter((p) => p.at >= cut)
    if (store.prune(cutoff()) > 0) publish()
    if (!synced && state.value === 'live') void resync()
  }

  function stop() {
    conn?.close()
    conn = null
    snapshot.abort()
    for (const t of [flushTimer, retryTimer]) if (t) clearTimeout(t)
    for (const t of [resyncTimer, housekeepTimer]) if (t) clearInterval(t)
    flushTimer = retryTimer = resyncTimer = housekeepTimer = null
    queue = []
  }

  function start(id: string | null) {
    stop()
    areaId = id
    lastId = null
    synced = false
    paused = false
    store.clear()
    lastEventId.value = null
    pulses.value = []
    publish()
    state.value = 'connecting'
    downSince.value = null
    open()
    housekeepTimer = setInterval(housekeep, HOUSEKEEP_MS)
    // Before the first caught-up the snapshot waits for the socket; afterwards this is the safety net.
    resyncTimer = setInterval(() => void (synced && resync()), resyncMs)
  }

  watch(
    () => (toValue(options.enabled ?? true) ? { id: toValue(options.areaId) } : null),
    (key, old) => {
      if (key === null) return stop()
      if (old && old.id === key.id && conn) return
      start(key.id)
    },
    { immediate: true },
  )
  onScopeDispose(stop)

  return {
    state,
    downSince,
    lastEventId,
    lastEventAt,
    lastSyncAt,
    ticker,
    cases,
    pulses,
    counters,
    error,
    resync,
    pause() {
      paused = true
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      conn?.disconnect()
    },
    resume() {
      paused = false
      conn?.connect()
    },
    drop: () => conn?.drop(),
  }
}
