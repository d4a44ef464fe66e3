/**
 * Live case events over socket.io (namespace /live): the only place that knows the namespace, the
 * socket event names and the auth the server reads. The caller decides what to do with events and
 * when to retry; this module only translates the socket into typed callbacks.
 *
 * Server contract (server/plugins/infra/live.ts): connect with `auth: { lastEventId?, areaId? }`; the
 * server replays every logged event after lastEventId as `case-event`, in increasing id order, then
 * says `caught-up` with the last id it sent, then pushes live events.
 */
import { io } from 'socket.io-client'
import { config } from '../config.ts'
import type { CaseEventMessage } from './case-types.ts'
import type { HotspotMessage } from './hotspots.ts'

export const LIVE_NAMESPACE = '/live'
const CASE_EVENT = 'case-event'
const CAUGHT_UP = 'caught-up'
/** Hotspot alerts opened, updated, acknowledged or closed: pushed as they happen, never replayed. */
const HOTSPOT_EVENT = 'hotspot'

export interface LiveAuth {
  /** The last event applied; the server replays everything after it. */
  lastEventId?: number
  /** Only events of cases inside this area (district, street, community or grid). */
  areaId?: string
}

type Listener = (...args: any[]) => void

/** The part of a socket.io client socket this module uses; tests pass a fake with the same shape. */
export interface LiveSocket {
  readonly connected: boolean
  /** True while socket.io itself will (re)connect; false after disconnect() or a refusal by the server. */
  readonly active: boolean
  on(event: string, listener: Listener): unknown
  connect(): unknown
  disconnect(): unknown
  removeAllListeners?(): unknown
  readonly io: { on(event: string, listener: Listener): unknown; engine?: { close(): void } | null }
}

export interface LiveSocketOptions {
  /** Asked on every (re)connection, so a reconnect carries the latest lastEventId. */
  auth: (cb: (data: LiveAuth) => void) => void
  autoConnect: boolean
  reconnection: boolean
  reconnectionDelay: number
  reconnectionDelayMax: number
  timeout: number
}

/** Makes the socket; socket.io-client's `io` by default. */
export type IoFactory = (uri: string, options: LiveSocketOptions) => LiveSocket

export interface LiveHandlers {
  caseEvent(message: CaseEventMessage): void
  /** The replay is over; live events follow. `lastEventId` is the last id the server has sent us (or its position). */
  caughtUp(lastEventId: number | null): void
  connected(): void
  /** `willRetry` is false when socket.io will not reconnect by itself (the server sent us away). */
  disconnected(reason: string, willRetry: boolean): void
  connectError(message: string, willRetry: boolean): void
  /** The server replayed only its most recent events (this client was far behind): reload state over HTTP. */
  replayTruncated?(): void
  /** A hotspot alert changed (not replayed: reload the list after a reconnect). */
  hotspot?(message: HotspotMessage): void
}

export interface LiveConnection {
  readonly connected: boolean
  /** Connect again after disconnect() or a refusal; the auth is asked for anew. */
  connect(): void
  /** Close the socket on purpose; socket.io does not reconnect until connect(). */
  disconnect(): void
  /** Cut the transport the way a network failure would; socket.io then reconnects by itself. */
  drop(): void
  /** Disconnect for good and stop calling the handlers. */
  close(): void
}

export interface ConnectLiveOptions {
  auth: () => LiveAuth
  handlers: LiveHandlers
  io?: IoFactory
  /** @default config.apiOrigin */
  origin?: string
}

const defaultIo: IoFactory = (uri, options) => io(uri, options) as unknown as LiveSocket

function isCaseEvent(m: unknown): m is CaseEventMessage {
  const e = m as CaseEventMessage | null
  return !!e && Number.isSafeInteger(e.id) && typeof e.case === 'object' && e.case !== null && Number.isSafeInteger(e.case.id)
}

export function connectLive(options: ConnectLiveOptions): LiveConnection {
  const make = options.io ?? defaultIo
  const { handlers } = options
  let closed = false
  const socket = make(`${options.origin ?? config.apiOrigin}${LIVE_NAMESPACE}`, {
    auth: (cb) => cb(options.auth()),
    autoConnect: false,
    reconnection: true,
    // Many screens reconnecting after a server restart should not arrive at the same instant.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15_000,
    timeout: 10_000,
  })
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (!closed) fn(...args)
    }

  socket.on('connect', guard(() => handlers.connected()))
  socket.on(
    'disconnect',
    guard((reason: string) => handlers.disconnected(String(reason), socket.active)),
  )
  socket.on(
    'connect_error',
    guard((err: Error) => handlers.connectError(err?.message ?? String(err), socket.active)),
  )
  socket.on(
    CASE_EVENT,
    guard((m: unknown) => {
      if (isCaseEvent(m)) handlers.caseEvent(m)
      else console.warn('live: malformed case-event ignored', m)
    }),
  )
  socket.on(
    HOTSPOT_EVENT,
    guard((m: unknown) => {
      const h = m as HotspotMessage | null
      if (h && typeof h.change === 'string' && h.alert && Number.isSafeInteger(h.alert.id)) handlers.hotspot?.(h)
      else console.warn('live: malformed hotspot message ignored', m)
    }),
  )
  socket.on(
    'replay-truncated',
    guard(() => handlers.replayTruncated?.()),
  )
  socket.on(
    CAUGHT_UP,
    guard((m: { lastEventId?: unknown } | undefined) => {
      const id = Number(m?.lastEventId)
      handlers.caughtUp(Number.isSafeInteger(id) ? id : null)
    }),
  )
  socket.connect()

  return {
    get connected() {
      return socket.connected
    },
    connect: () => void (!closed && !socket.connected && socket.connect()),
    disconnect: () => void socket.disconnect(),
    drop: () => socket.io.engine?.close(),
    close() {
      closed = true
      socket.disconnect()
      socket.removeAllListeners?.()
    },
  }
}
