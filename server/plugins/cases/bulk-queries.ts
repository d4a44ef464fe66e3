import type { CaseEvent, CaseState } from '../../domain/cases/types.ts'
import { statement, type Db } from './queries.ts'
import { EVENT_ORDER_LOCK } from './log-queries.ts'
import { CASE_COLUMNS, stateExprs } from './state-sql.ts'

export interface NewCase {
  state: CaseState
  event: CaseEvent
  view: unknown
}

/**
 * Insert many cases with their first events in one statement (one jsonb parameter), skipping any whose
 * (source, externalId) is already stored. Returns the case and event id of each one inserted, in event
 * id order. Events get ids in input order, under the shared ordering lock like single writes.
 */
export async function insertCasesBulk(db: Db, items: NewCase[]): Promise<{ caseId: number; eventId: number }[]> {
  if (items.length === 0) return []
  const { rows } = await db.query<{ case_id: number; id: number }>(statement(db, 'cases.insert-many',
    `WITH r AS (SELECT x AS j, ord FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, ord)),
     c AS (INSERT INTO cases (${CASE_COLUMNS}) SELECT ${stateExprs(`(r.j->'state')`)} FROM r ORDER BY r.ord
           ON CONFLICT (source, external_id) DO NOTHING RETURNING id),
     l AS (SELECT pg_advisory_xact_lock_shared(${EVENT_ORDER_LOCK}) AS locked),
     e AS (INSERT INTO case_events (case_id, type, at, actor, payload, view)
           SELECT c.id, r.j#>>'{event,type}', (r.j#>>'{event,at}')::timestamptz, r.j#>>'{event,actor}', r.j#>'{event,payload}', r.j->'view'
           FROM c JOIN r ON (r.j#>>'{state,id}')::bigint = c.id CROSS JOIN l
           ORDER BY r.ord RETURNING case_id, id)
     SELECT case_id, id FROM e ORDER BY id`,
    [JSON.stringify(items)],
  ))
  return rows.map((r) => ({ caseId: Number(r.case_id), eventId: Number(r.id) }))
}

/**
 * Insert cases in their current state without events (one jsonb parameter): for a history whose events
 * are appended afterwards in time order across all cases (appendEventsBulk). Nothing is skipped: a
 * repeated (source, externalId) fails the statement.
 */
export async function insertCaseStatesBulk(db: Db, states: CaseState[]): Promise<number> {
  if (states.length === 0) return 0
  const { rowCount } = await db.query(
    `INSERT INTO cases (${CASE_COLUMNS})
     SELECT ${stateExprs('x')} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, ord) ORDER BY ord`,
    [JSON.stringify(states)],
  )
  return rowCount ?? 0
}

export interface LoggedEvent {
  caseId: number
  event: CaseEvent
  view: unknown
}

/**
 * Append events of existing cases in the order given (ids follow it), under the shared ordering lock
 * like every other event write, so a log reader never sees them out of order.
 */
export async function appendEventsBulk(db: Db, events: LoggedEvent[]): Promise<number> {
  if (events.length === 0) return 0
  // One jsonb document: on the embedded PostGIS this took about half the CPU time of json or of
  // column arrays (a 90-day history, measured).
  const { rowCount } = await db.query(
    `WITH l AS (SELECT pg_advisory_xact_lock_shared(${EVENT_ORDER_LOCK}) AS locked)
     INSERT INTO case_events (case_id, type, at, actor, payload, view)
     SELECT (x->>'caseId')::bigint, x#>>'{event,type}', (x#>>'{event,at}')::timestamptz, x#>>'{event,actor}', x#>'{event,payload}', x->'view'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, ord) CROSS JOIN l ORDER BY ord`,
    [JSON.stringify(events)],
  )
  return rowCount ?? 0
}

export interface EscalationRow {
  caseId: number
  department: string
  fromLevel: string
  fromAreaId: string | null
  escalatedAt: string
  reportBy: string
  reportedAt: string | null
}

/** case_escalations rows as the whistle and report-in transitions write them one at a time. */
export async function insertEscalationsBulk(db: Db, rows: EscalationRow[]): Promise<number> {
  if (rows.length === 0) return 0
  const { rowCount } = await db.query(
    `INSERT INTO case_escalations (case_id, department, from_level, from_area_id, escalated_at, report_by, reported_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])`,
    [rows.map((r) => r.caseId), rows.map((r) => r.department), rows.map((r) => r.fromLevel), rows.map((r) => r.fromAreaId),
      rows.map((r) => r.escalatedAt), rows.map((r) => r.reportBy), rows.map((r) => r.reportedAt)],
  )
  return rowCount ?? 0
}
