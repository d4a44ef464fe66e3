import fp from 'fastify-plugin'
import { Server, type Namespace, type Socket } from 'socket.io'
import { resilientPostgresAdapter } from './live-adapter.ts'
import { EventSequencer } from '../../lib/event-sequencer.ts'

/** One logged event ready to push: `keys` are what a client may subscribe by (area ids). */
export interface LiveEvent {
  id: number
  keys: string[]
  message: unknown
}

/** What a connecting client may receive: a subscription key (null = everything) and whether it sees personal data. */
export interface LiveGrant {
  key: string | null
  personalData: boolean
}

/** Where the pushed events come from: the domain that owns the log (cases). */
export interface LiveSource {
  /** The socket.io event name the messages go out under. */
  eventName: string
  /**
   * The newest id in the log, every id below it settled (committed or never will be); null when that
   * cannot be known yet (a writer is still at work).
   */
  latestId(): Promise<number | null>
  /**
   * Events with after < id ≤ upTo in id order (at most `limit`), settling them as it reads; null when
   * they cannot be settled yet (a writer is still at work), to be tried again later.
   */
  readSettled(after: number, upTo: number, limit: number): Promise<LiveEvent[] | null>
  /** The same below a watermark already known to be settled, only those with `key` when given. */
  readRange(after: number, upTo: number, key: string | null, limit: number): Promise<LiveEvent[]>
  /**
   * What the client behind a handshake (its headers, and an API key sent as auth.token) may receive when
   * it asks for `areaId`, or an error message: who it is and what it may see is the source's business.
   */
  grant(handshake: { headers: Record<string, string | string[] | undefined>; token: string | null }, areaId: string | null): Promise<LiveGrant | string>
  /** The message as a client without access to personal data sees it. */
  redact(message: unknown): unknown
}

export interface Live {
  readonly io: Server
  /** Adopt the log that feeds the stream; must happen before the app is ready. */
  setSource(source: LiveSource): void
  /** Push an event that has been committed. Every instance delivers it once, in id order. */
  publish(event: LiveEvent): void
  /** The last id delivered in order here: every id up to it is settled and may be read. */
  watermark(): number
  /** Be told of each event as this instance delivers it (in id order); returns the unsubscribe. */
  onDeliver(listener: (event: LiveEvent) => void): () => void
  /**
   * Push a message outside the log (no id, no replay) to every client, on every instance, whose
   * subscription key is among `keys` or who subscribed to everything. It must hold no personal data:
   * clients without access to it receive the same message.
   */
  broadcast(eventName: string, keys: readonly string[], message: unknown): void
}

declare module 'fastify' {
  interface FastifyInstance {
    live: Live
  }
}

export interface LiveOptions {
  /** 'postgres' shares events between instances through @socket.io/postgres-adapter. @default by database mode */
  adapter?: 'memory' | 'postgres'
  /** Interval of the log read that catches anything a notification missed. @default 1000 */
  pollMs?: number
}

export const LIVE_NAMESPACE = '/live'
const REMOTE_EVENT = 'live:event'
const PAGE = 1000
/**
 * At most this many events are replayed to a client that comes back from far behind (or asks for
 * lastEventId 0); it is then told `replay-truncated` and reloads its state over HTTP instead.
 */
export const MAX_REPLAY = 5000
/** How long a connecting client waits for this instance to reach the id it has already seen. */
const CATCH_UP_MS = 10_000
// Clients without access to personal data (a wall display's kiosk key) have rooms of their own.
const room = (key: string | null, personalData = true) => `${key === null ? 'all' : `key:${key}`}${personalData ? '' : ':np'}`

interface Replaying {
  key: string | null
  buffer: LiveEvent[]
}

interface SocketGrant extends LiveGrant {
  last: number | null
}

/**
 * socket.io on the server's own port, namespace /live. A client connects with its session cookie (or
 * `auth.token`, an API key) and `auth: { lastEventId?, areaId? }`, gets the later events of its scope from
 * the log in id order (at most MAX_REPLAY), then live ones.
 * Events reach this instance from its own writes and, with a real PostgreSQL, from other instances
 * through the postgres adapter; the sequencer puts them in id order once each. While a client replays,
 * live events for it are buffered, then flushed beyond what the replay sent, so nothing is doubled.
 */
export default fp<LiveOptions>(
  async (app, opts) => {
    // The embedded PostGIS is one session under all its connections (no NOTIFY between them, and no
    // second server can share it): a single instance, fanning out in process.
    const clustered = (opts.adapter ?? (app.db.mode === 'external' ? 'postgres' : 'memory')) === 'postgres'
    const io = new Server(app.server, {
      serveClient: false,
      adapter: clustered ? resilientPostgresAdapter(app.db.pool, app.db.url, {
        log: (message, err) => app.log.warn({ err }, message),
        errorHandler: (err) => app.log.warn({ err }, 'live adapter'),
      }) : undefined,
    })
    const nsp = io.of(LIVE_NAMESPACE)
    let source: LiveSource | null = null
    const replaying = new Set<Replaying>()
    const listeners = new Set<(event: LiveEvent) => void>()
    const sequencer = new EventSequencer<LiveEvent>({
      read: (after, upTo, limit) => source!.readRange(after, upTo, null, limit),
      readSettled: (after, upTo, limit) => source!.readSettled(after, upTo, limit),
      deliver: (event) => {
        for (const r of replaying) if (r.key === null || event.keys.includes(r.key)) r.buffer.push(event)
        const keys = [null, ...event.keys]
        nsp.local.to(keys.map((k) => room(k))).emit(source!.eventName, event.message)
        nsp.local.to(keys.map((k) => room(k, false))).emit(source!.eventName, source!.redact(event.message))
        for (const l of listeners) {
          try {
            l(event)
          } catch (err) {
            app.log.warn({ err }, 'live: a delivery listener failed')
          }
        }
      },
      onError: (err) => app.log.warn({ err }, 'reading the event log for live push'),
    })
    let resolveReady!: () => void
    const ready = new Promise<void>((r) => (resolveReady = r))
    let poller: ReturnType<typeof setInterval> | undefined

    if (clustered) nsp.on(REMOTE_EVENT, (event: LiveEvent) => sequencer.push(event))

    nsp.use((socket, next) => {
      const { lastEventId, areaId, token } = (socket.handshake.auth ?? {}) as Record<string, unknown>
      const last = lastEventId === undefined || lastEventId === null ? null : Number(lastEventId)
      if (last !== null && !(Number.isSafeInteger(last) && last >= 0)) {
        return next(new Error(`auth.lastEventId must be a non-negative integer (got ${JSON.stringify(lastEventId)})`))
      }
      if (areaId !== undefined && areaId !== null && (typeof areaId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(areaId))) {
        return next(new Error(`auth.areaId must be an area id (got ${JSON.stringify(areaId)})`))
      }
      const handshake = { headers: socket.handshake.headers, token: typeof token === 'string' && token ? token : null }
      ready
        .then(async () => {
          const grant = await source!.grant(handshake, typeof areaId === 'string' ? areaId : null)
          if (typeof grant === 'string') return next(new Error(grant))
          socket.data = { ...grant, last } satisfies SocketGrant
          next()
        })
        .catch((err) => next(err as Error))
    })

    nsp.on('connection', (socket) => {
      ready.then(() => attach(socket)).catch((err) => {
        app.log.warn({ err }, 'live replay failed')
        socket.disconnect(true)
      })
    })

    /** Replay (last, upTo] from the log, flush what arrived meanwhile, then join the live room. */
    async function attach(socket: Socket) {
      const { last, key, personalData } = socket.data as SocketGrant
      const shown = (m: unknown) => (personalData ? m : source!.redact(m))
      const upTo = sequencer.lastDelivered!
      let sent = last ?? upTo
      const entry: Replaying = { key, buffer: [] }
      replaying.add(entry)
      try {
        let replayed = 0
        for (let cursor = sent; cursor < upTo && socket.connected; ) {
          if (replayed >= MAX_REPLAY) {
            // Too far behind to catch up event by event: the client reloads its state over HTTP.
            socket.emit('replay-truncated', { replayedUpTo: cursor, upTo })
            break
          }
          const page = await source!.readRange(cursor, upTo, key, Math.min(PAGE, MAX_REPLAY - replayed))
          for (const e of page) socket.emit(source!.eventName, shown(e.message))
          replayed += page.length
          cursor = page.length === PAGE ? page[page.length - 1].id : page.length > 0 && replayed >= MAX_REPLAY ? page[page.length - 1].id : upTo
        }
        sent = Math.max(sent, upTo)
        // A client may have seen events this instance has not delivered yet (written by another
        // instance or process); it joins the live room only once the stream has passed them.
        if (sequencer.lastDelivered! < sent) await catchUp(sent, () => socket.connected)
        for (const e of entry.buffer) {
          if (e.id <= sent) continue
          socket.emit(source!.eventName, shown(e.message))
          sent = e.id
        }
      } finally {
        replaying.delete(entry)
      }
      if (!socket.connected) return
      // Synchronous from the buffer flush to here: no delivery can fall between them.
      socket.join(room(key, personalData))
      socket.emit('caught-up', { lastEventId: sent })
    }

    /** Read the log until the sequencer reaches `target`, unless the log itself ends before it. */
    async function catchUp(target: number, stillWanted: () => boolean) {
      // An id beyond the log's head (say, from before the database was reset) is never reached.
      const latest = await source!.latestId()
      if (latest !== null && latest < target) return
      const deadline = Date.now() + CATCH_UP_MS
      while (sequencer.lastDelivered! < target && stillWanted() && Date.now() < deadline) {
        await sequencer.poll()
        if (sequencer.lastDelivered! < target) await new Promise((r) => setTimeout(r, 20))
      }
    }

    app.decorate('live', {
      io,
      setSource(s: LiveSource) {
        source = s
      },
      publish(event: LiveEvent) {
        sequencer.push(event)
        if (clustered) nsp.serverSideEmit(REMOTE_EVENT, event)
      },
      watermark: () => sequencer.lastDelivered ?? 0,
      onDeliver(listener) {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
      broadcast(eventName, keys, message) {
        const all = [null, ...keys]
        // Not `.local`: with the postgres adapter this reaches the clients of every instance.
        nsp.to([...all.map((k) => room(k)), ...all.map((k) => room(k, false))]).emit(eventName, message)
      },
    })

    app.addHook('onReady', async () => {
      if (!source) return
      sequencer.start(await settledHead(source))
      resolveReady()
      poller = setInterval(() => void sequencer.poll(), opts.pollMs ?? 1000)
      poller.unref()
    })

    // Before the HTTP server closes: upgraded websockets would otherwise keep it open.
    app.addHook('preClose', async () => {
      clearInterval(poller)
      sequencer.stop()
      nsp.local.disconnectSockets(true)
      io.of('/').local.disconnectSockets(true)
      for (const n of [nsp, io.of('/')] as Namespace[]) await n.adapter.close()
      io.engine.close()
    })
  },
  { name: 'live', dependencies: ['db'] },
)

/** The log's settled head, waiting out writers at work (each try holds new writers up briefly only). */
async function settledHead(source: LiveSource): Promise<number> {
  for (;;) {
    const id = await source.latestId()
    if (id !== null) return id
    await new Promise((r) => setTimeout(r, 250))
  }
}
