import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'
import { EVENT_ORDER_LOCK } from '../cases/log-queries.ts'

type Db = Pick<pg.PoolClient, 'query'>

export interface SnapshotStart {
  asOf: Date
  eventId: number
}

/**
 * Run `read` in one REPEATABLE READ, READ ONLY transaction whose snapshot holds every case event up to
 * a settled id and none after it. The event-order lock (see EVENT_ORDER_LOCK) is taken exclusively
 * before the transaction's first statement, which fixes the snapshot, and let go right after: writers
 * wait only for that one statement. A lock taken inside the transaction would come too late, since the
 * snapshot of a REPEATABLE READ transaction is taken when its first statement starts.
 */
export async function inWallSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient, start: SnapshotStart) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let locked = false
  try {
    await client.query('SELECT pg_advisory_lock($1)', [EVENT_ORDER_LOCK])
    locked = true
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    try {
      const { rows } = await client.query<{ as_of: Date; id: string }>(
        `SELECT now() AS as_of,
                greatest((SELECT max(id) FROM case_events), (SELECT CASE WHEN is_called THEN last_value END FROM case_events_id_seq), 0) AS id`,
      )
      await client.query('SELECT pg_advisory_unlock($1)', [EVENT_ORDER_LOCK])
      locked = false
      const result = await read(client, { asOf: rows[0].as_of, eventId: Number(rows[0].id) })
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    }
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [EVENT_ORDER_LOCK]).catch(() => {})
    client.release()
  }
}

/**
 * Today's cases by category and the cases of the last n hours (for each n), in the same scope as the
 * KPIs of /api/cases/stats (the case's own area ids; no department filter, like that route) and, like
 * its today count, with no upper bound: in one snapshot the categories add up to that count.
 */
export async function todayFigures(db: Db, scope: Scope, dayStart: Date, asOf: Date, hours: readonly number[]) {
  const params: unknown[] = [dayStart, asOf, hours]
  const where = caseScopeSql({ ...scope, department: null }, 'c', params)
  const earliest = new Date(Math.min(dayStart.getTime(), asOf.getTime() - Math.max(0, ...hours) * 3_600_000))
  params.push(earliest)
  const { rows } = await db.query<{ kind: 'category' | 'hours'; key: string; class_721: string | null; n: number }>(
    `WITH x AS (SELECT c.category, c.class_721, c.created_at FROM cases c
                WHERE ${where} AND c.created_at >= $${params.length} AND c.created_at <= $2)
     SELECT 'category' AS kind, category AS key, min(class_721) AS class_721, count(*)::int AS n
       FROM x WHERE created_at >= $1 GROUP BY category
     UNION ALL
     SELECT 'hours', h::text, NULL, (SELECT count(*)::int FROM x WHERE created_at >= $2::timestamptz - make_interval(hours => h))
       FROM unnest($3::int[]) AS h`,
    params,
  )
  return rows
}
