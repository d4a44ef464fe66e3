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
