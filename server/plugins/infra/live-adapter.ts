import { EventEmitter } from 'node:events'
import pg from 'pg'
import { createAdapter } from '@socket.io/postgres-adapter'

/**
 * The socket.io postgres adapter, on a LISTEN connection that survives the database going away.
 *
 * The adapter (0.5) asks its "pool" for one client with `connect()`, keeps it for LISTEN and never
 * listens for its 'error' event: a terminated connection ended the process. It also leaked the dead
 * client and, if the connection died between `connect()` and LISTEN, reconnected twice. So it gets a
 * pool of our own instead: `query` (NOTIFY, attachments, clean-up) goes to the application's pool,
 * where a failure is an ordinary rejected query the adapter reports; `connect` hands out one
 * HealingListener, a dedicated connection that handles its errors, replaces itself when it dies and
 * LISTENs again. Notifications sent while it was down are lost; the live sequencer's log poll
 * delivers those events anyway.
 */
export function resilientPostgresAdapter(
  pool: pg.Pool,
  url: string,
  opts: { log: (message: string, err?: unknown) => void; errorHandler: (err: Error) => void },
): ReturnType<typeof createAdapter> {
  const listener = new HealingListener(url, opts.log)
  const adapterPool = {
    connect: async () => listener,
    query: (text: string, values?: unknown[]) => pool.query(text, values),
  }
  // The adapter types its argument as pg.Pool but uses only these two methods (see its dist/util.js).
  return createAdapter(adapterPool as unknown as pg.Pool, { errorHandler: opts.errorHandler })
}

const LISTEN = /^LISTEN "([^"]+)"$/
const RETRY_MIN_MS = 250
const RETRY_MAX_MS = 2000

/**
 * Looks to the adapter like a pool client that never dies: `query('LISTEN "…"')` is remembered and
 * applied to every connection it opens, 'notification' is passed on, 'end' is never emitted (the
 * adapter's own reconnection is not needed), `release()` closes it for good.
 */
export class HealingListener extends EventEmitter {
  private readonly channels = new Set<string>()
  private client: pg.Client | null = null
  private opening = false
  private closed = false
  private retryMs = RETRY_MIN_MS
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  /** Connections opened, the first one included (for tests and diagnostics). */
  connections = 0

  constructor(
    private readonly url: string,
    private readonly log: (message: string, err?: unknown) => void,
  ) {
    super()
    void this.open()
  }

  get listening(): boolean {
    return this.client !== null
  }

  async query(text: string): Promise<void> {
    const m = LISTEN.exec(text)
    if (!m) throw new Error(`the live LISTEN connection runs only LISTEN, not: ${text.slice(0, 40)}`)
    this.channels.add(m[1])
    // If this fails the connection is dying, and the next one LISTENs to every channel.
    await this.client?.query(text).catch(() => {})
  }

  release(): void {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const c = this.client
    this.client = null
    void c?.end().catch(() => {})
  }

  private async open(): Promise<void> {
    if (this.closed || this.opening) return
    this.opening = true
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 10_000 })
    let failed = false
    client.on('error', (err) => {
      // Once per connection (a terminated one reports the server's message, then the closed socket).
      if (this.client === client && !failed) this.log('live LISTEN connection failed; replacing it', err)
      failed = true
    })
    client.on('end', () => {
      failed = true
      if (this.client !== client) return
      this.client = null
      this.retry()
    })
    client.on('notification', (msg) => this.emit('notification', msg))
    try {
      await client.connect()
      for (const channel of this.channels) await client.query(`LISTEN "${channel}"`)
      if (this.closed || failed) throw new Error('closed while connecting')
      this.client = client
      this.connections++
      if (this.connections > 1) this.log('live LISTEN connection replaced')
      this.retryMs = RETRY_MIN_MS
    } catch {
      void client.end().catch(() => {})
      this.retry()
    } finally {
      this.opening = false
    }
  }

  private retry(): void {
    if (this.closed || this.retryTimer) return
    // Jittered, growing: many instances coming back after a database restart do not arrive together.
    const wait = Math.round(this.retryMs * (0.5 + Math.random()))
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.open()
    }, wait)
    this.retryTimer.unref()
  }
}
