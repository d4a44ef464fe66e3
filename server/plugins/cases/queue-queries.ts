import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { CaseState } from '../../domain/cases/types.ts'
import { OPEN_STATUSES } from '../../domain/vocabulary/index.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'
import { NEARBY_HOURS, NEARBY_METRES } from './detail-queries.ts'
import { AREA_COLUMN, DUPLICATE_HOURS, DUPLICATE_METRES } from './queries.ts'
import { rowToState, STATE_SELECT, type CaseRow } from './state-sql.ts'

type Db = pg.Pool | pg.PoolClient

export interface QueueCounts {
  received: number
  dispatched: number
  handling: number
  resolved: number
  overdue: number
  whistled: number
  open: number
}

/**
 * The workbench's tab counts in a scope (and optionally one area of it), as of `now`. 吹哨 counts the
 * whistles still awaiting report-in; for a department, those whistled to it.
 */
export async function queueCounts(db: Db, scope: Scope, area: { level: keyof typeof AREA_COLUMN; id: string } | null, now: string): Promise<QueueCounts> {
  const params: unknown[] = [now, OPEN_STATUSES]
  const where = [caseScopeSql(scope, 'c', params)]
  if (area) {
    params.push(area.id)
    where.push(`c.${AREA_COLUMN[area.level]} = $${params.length}`)
  }
  let whistleDept = ''
  if (scope.department !== null) {
    params.push(scope.department)
    whistleDept = ` AND ce.department = $${params.length}`
  }
  const { rows } = await db.query<QueueCounts>(
    `SELECT count(*) FILTER (WHERE c.status = 'received')::int AS received,
            count(*) FILTER (WHERE c.status = 'dispatched')::int AS dispatched,
            count(*) FILTER (WHERE c.status = 'handling')::int AS handling,
            count(*) FILTER (WHERE c.status = 'resolved')::int AS resolved,
            count(*) FILTER (WHERE c.status = ANY($2::text[]) AND c.deadline_at < $1::timestamptz)::int AS overdue,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_escalations ce WHERE ce.case_id = c.id AND ce.reported_at IS NULL${whistleDept}))::int AS whistled,
            count(*) FILTER (WHERE c.status = ANY($2::text[]))::int AS open
     FROM cases c WHERE ${where.join(' AND ')}`,
    params,
  )
  return rows[0]
}

export interface NearbyRow {
  state: CaseState
  distanceM: number
  likelyDuplicate: boolean
}

/**
 * Open cases within NEARBY_METRES of a point created in the last NEARBY_HOURS, in the scope, nearest
 * first. `likelyDuplicate` is intake's own rule (same category, DUPLICATE_METRES, DUPLICATE_HOURS).
 */
export async function nearbyCases(db: Db, at: { lng: number; lat: number }, category: string | null, scope: Scope, now: string, limit = 10): Promise<NearbyRow[]> {
  const params: unknown[] = [at.lng, at.lat, NEARBY_METRES, NEARBY_HOURS, OPEN_STATUSES, now, category, DUPLICATE_METRES, DUPLICATE_HOURS, limit]
  const scoped = caseScopeSql(scope, 'c', params)
  const { rows } = await db.query<CaseRow & { distance_m: number; likely: boolean }>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g, 1 / (111320 * greatest(cos(radians($2)), 0.01)) AS deg_per_m),
     near AS (
       SELECT ${STATE_SELECT}, ST_Distance(c.geom::geography, pt.g::geography) AS metres
       FROM cases c, pt
       WHERE c.status = ANY($5::text[]) AND c.geom && ST_Expand(pt.g, $3 * pt.deg_per_m) AND ST_DWithin(c.geom::geography, pt.g::geography, $3)
         AND c.created_at > $6::timestamptz - make_interval(hours => $4) AND ${scoped})
     SELECT near.*, round(near.metres::numeric, 1) AS distance_m,
            ($7::text IS NOT NULL AND near.category = $7 AND near.metres <= $8 AND near.created_at > $6::timestamptz - make_interval(hours => $9)) AS likely
     FROM near ORDER BY near.metres, near.id LIMIT $10`,
    params,
  )
  return rows.map((r) => ({ state: rowToState(r), distanceM: Number(r.distance_m), likelyDuplicate: r.likely }))
}
