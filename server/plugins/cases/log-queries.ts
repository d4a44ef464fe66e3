import type pg from 'pg'
import { inTransaction } from '../../db/transaction.ts'
import type { CaseEvent } from '../../domain/cases/types.ts'
import type { Scope } from '../../domain/access/policy.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'

type Db = pg.Pool | pg.PoolClient

/**
 * Orders the event log. Every writer holds this advisory lock in shared mode from just before it draws
 * an event id until it commits, so writers never wait for each other. A reader that must know which
 * ids are settled takes it exclusively for a moment: that waits for every writer that has drawn an id
 * to commit or roll back, and new writers cannot draw one meanwhile. Any id at or below the highest
 * id then visible is settled for good: committed, or never will be. Any constant works if all share it.
 */
export const EVENT_ORDER_LOCK = 7_302_560

export interface EventRow {
  id: number
  case_id: number
  type: CaseEvent['type']
  at: Date
  actor: string
  payload: Record<string, unknown>
  view: Record<string, unknown>
}

const EVENT_COLUMNS = 'e.id, e.case_id, e.type, e.at, e.actor, e.payload, e.view'

/** Which events to read: all, or those of cases inside a scope (an area's subtree, a department's cases). */
export type EventFilter = Scope | null

/**
 * Events with after < id ≤ upTo in id order; with a filter, only cases inside it. The caller vouches
 * that ids up to `upTo` are settled (a watermark), else a later id may show before an earlier.
 */
export async function readEvents(db: Db, after: number, upTo: number, filter: EventFilter, limit: number): Promise<EventRow[]> {
  const params: unknown[] = [after, upTo, limit]
  const scoped = filter !== null && (filter.areaId !== null || filter.department !== null)
  const sql = scoped
    ? `SELECT ${EVENT_COLUMNS} FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.id > $1 AND e.id <= $2 AND ${caseScopeSql(filter, 'c', params)} ORDER BY e.id LIMIT $3`
    : `SELECT ${EVENT_COLUMNS} FROM case_events e WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id LIMIT $3`
  const { rows } = await db.query<EventRow>(sql, params)
  return rows
}

/**
 * How long a settling read waits for the writers ahead of it. While it waits, new writers queue
 * behind it, so a long writer (a bulk import, another process's open transaction) must not hold every
 * intake up: the read gives up after this and is tried again later.
 */
export const SETTLE_WAIT_MS = 200

/**
 * Run `read` after every writer that has drawn an event id has finished (see EVENT_ORDER_LOCK); with
 * `waitMs`, null when they have not finished by then.
 */
async function settled<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>, waitMs: number | null = null): Promise<T | null> {
  try {
    return await inTransaction(pool, async (client) => {
      if (waitMs !== null) await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${waitMs}ms`])
      await client.query(`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`)
      // A new statement, so its snapshot is taken after the lock was granted.
      return read(client)
    })
  } catch (err) {
    // 55P03 lock_not_available: lock_timeout expired.
    if (waitMs !== null && (err as { code?: string }).code === '55P03') return null
    throw err
  }
}

/**
 * Like readEvents, but also settles: every id up to the last row returned (or upTo) is final. Null
 * when a writer did not finish within SETTLE_WAIT_MS: nothing is settled yet.
 */
export function readSettledEvents(pool: pg.Pool, after: number, upTo: number, limit: number): Promise<EventRow[] | null> {
  return settled(pool, (c) => readEvents(c, after, upTo, null, limit), SETTLE_WAIT_MS)
}

/**
 * The highest event id drawn so far (from the sequence, so ids of rolled-back writes and of a
 * truncated log count too); every id up to it is settled. Null as for readSettledEvents.
 */
export function latestSettledEventId(pool: pg.Pool): Promise<number | null> {
  return settled(pool, async (c) => {
    const { rows } = await c.query<{ id: number }>(
      `SELECT greatest((SELECT max(id) FROM case_events), (SELECT CASE WHEN is_called THEN last_value END FROM case_events_id_seq), 0) AS id`,
    )
    return rows[0].id
  }, SETTLE_WAIT_MS)
}

export async function caseEvents(db: Db, caseId: number): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM case_events e WHERE e.case_id = $1 ORDER BY e.id`, [caseId])
  return rows
}
