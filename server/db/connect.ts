import pg from 'pg'
import './pg-types.ts'
import { startEmbeddedPostgis, type EmbeddedPostgis } from './embedded.ts'

export type DatabaseMode = 'embedded' | 'external'

export interface Database {
  pool: pg.Pool
  mode: DatabaseMode
  url: string
  postgis: string
  close(): Promise<void>
}

export class DatabaseError extends Error {}

export interface ConnectOptions {
  /** A PostgreSQL URL; when absent an embedded PostGIS is started. */
  url?: string
  /** Where the embedded database keeps its files (undefined: in memory). */
  dataDir?: string
  /** Report this mode even though a URL is given (tests reach a shared embedded database by URL). */
  mode?: DatabaseMode
  poolSize?: number
  log?: (message: string) => void
}

/** Connect to PostgreSQL (or start the embedded PostGIS) and check that PostGIS is there. */
export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  let embedded: EmbeddedPostgis | undefined
  let url = options.url
  if (!url) {
    embedded = await startEmbeddedPostgis({ dataDir: options.dataDir, log: options.log })
    url = embedded.url
  }
  // The embedded multiplexer serialises all work, so a few connections are plenty there.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? (embedded ? 6 : 20),
    // A real server can go away or become unreachable: a request waits at most this long for a
    // connection and then fails as "database unavailable" (503) instead of hanging; keepalive notices a
    // peer that vanished without closing. The embedded one lives in this process and cannot.
    ...(embedded ? {} : { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, keepAliveInitialDelayMillis: 10_000 }),
  })
  handleConnectionErrors(pool, options.log)
  const close = async () => {
    await pool.end()
    await embedded?.close()
  }
  let postgis: string
  try {
    postgis = await postgisVersion(pool)
  } catch (err) {
    await close().catch(() => {})
    throw err instanceof DatabaseError ? err : new DatabaseError(`connecting to ${redact(url)}: ${(err as Error).message}`)
  }
  return { pool, mode: options.mode ?? (embedded ? 'embedded' : 'external'), url, postgis, close }
}

/** How long a request waits for a database connection before it is answered 503. */
export const CONNECT_TIMEOUT_MS = 10_000

/**
 * A connection that dies (the server restarts, an administrator terminates it) emits 'error' on its
 * client, and an 'error' nobody listens for ends the process. pg-pool listens only while a client is
 * idle; a client lent out (a transaction, a LISTEN) has no listener, so every client gets one for its
 * whole life. The error itself also fails whatever query was running, which is where it is reported;
 * the pool drops a dead client when it is released and opens a new one on demand.
 */
function handleConnectionErrors(pool: pg.Pool, log?: (message: string) => void): void {
  pool.on('error', (err) => log?.(`idle database connection failed: ${err.message}`))
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
}

async function postgisVersion(pool: pg.Pool): Promise<string> {
  const version = async () =>
    (await pool.query<{ v: string | null }>(
      "SELECT extversion AS v FROM pg_extension WHERE extname = 'postgis'",
    )).rows[0]?.v ?? null
  let v = await version()
  if (!v) {
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS postgis')
    } catch (err) {
      throw new DatabaseError(
        `the database has no PostGIS and it could not be created (${(err as Error).message}); ` +
          'install PostGIS (e.g. Debian postgresql-15-postgis-3) and run CREATE EXTENSION postgis as a superuser',
      )
    }
    v = await version()
  }
  if (!v) throw new DatabaseError('the database has no PostGIS extension')
  return v
}

/** Hide the password when a URL goes into a message. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}
