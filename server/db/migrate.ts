import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { inClientTransaction } from './transaction.ts'

export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url).pathname

// Any constant works; it only has to be the same for every instance so that two starting servers
// do not apply the same migration at once.
const MIGRATION_LOCK = 7_302_551

export interface MigrationResult {
  applied: string[]
  skipped: string[]
}

/**
 * Apply migrations/NNN_*.sql in order, each in its own transaction, recording name and checksum.
 * Safe to re-run; refuses to continue when an applied file has since been edited.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readdirSync(dir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort()
  const client = await pool.connect()
  const result: MigrationResult = { applied: [], skipped: [] }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map(
        (r) => [r.name, r.checksum],
      ),
    )
    for (const file of files) {
      const sql = readFileSync(join(dir, file), 'utf8')
      const checksum = createHash('sha256').update(sql).digest('hex')
      const previous = done.get(file)
      if (previous) {
        if (previous !== checksum) {
          throw new Error(`migration ${file} was changed after it was applied; add a new migration instead`)
        }
        result.skipped.push(file)
        continue
      }
      try {
        await inClientTransaction(client, async () => {
          await client.query(sql)
          await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum])
        })
      } catch (err) {
        throw new Error(`applying migration ${file}: ${(err as Error).message}`)
      }
      result.applied.push(file)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
  return result
}
