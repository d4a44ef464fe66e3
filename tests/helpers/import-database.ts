import { join } from 'node:path'
import pg from 'pg'
import { migrate } from '../../server/db/migrate.ts'
// For its pg type parsers: bigint ids come back as numbers, as in the server and the import CLI.
import '../../server/db/connect.ts'

/**
 * Import tests write areas, buildings and the walk network, which would change what the other database
 * test files (running at the same time on the shared demo databases) see. So each import test file gets
 * a database of its own, created on the TEST_DATABASE_URL server, migrated, and dropped afterwards.
 * A fresh embedded PGlite would do too but costs ~20 s per file; without TEST_DATABASE_URL the import
 * tests skip, saying so.
 */
/** The real samples, beside the repository (../shared/geodata-raw), or where GEODATA_RAW says (a git worktree). */
export const RAW = process.env.GEODATA_RAW ?? join(import.meta.dirname, '../../../shared/geodata-raw')

export const IMPORT_DB_SKIP = process.env.TEST_DATABASE_URL ? null : 'TEST_DATABASE_URL is not set: import tests need a PostgreSQL + PostGIS server to create their own database on'

export interface ImportTestDatabase {
  pool: pg.Pool
  url: string
  drop(): Promise<void>
}

export async function createImportDatabase(label: string): Promise<ImportTestDatabase> {
  const base = new URL(process.env.TEST_DATABASE_URL!)
  const name = `hl_import_${label}_${process.pid}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase()
  const admin = new pg.Pool({ connectionString: base.toString(), max: 1 })
  // The name is built from a fixed label and the pid above, never from input, so it can be quoted as an identifier.
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${name}"`)
  const url = new URL(base)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 })
  // DROP DATABASE … WITH (FORCE) ends connections the pool is still closing; that is expected here.
  pool.on('error', () => {})
  await pool.query('CREATE EXTENSION IF NOT EXISTS postgis')
  await migrate(pool)
  return {
    pool,
    url: url.toString(),
    async drop() {
      await pool.end()
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await admin.end()
    },
  }
}
