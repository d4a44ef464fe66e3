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
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? (embedded ? 6 : 20) })
  pool.on('error', (err) => options.log?.(`idle database connection failed: ${err.message}`))
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
