import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { CaseState, Status } from '../../domain/cases/types.ts'
import { OPEN_STATUSES } from '../../domain/vocabulary/index.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'

type Db = pg.Pool | pg.PoolClient

/** Nearby open cases shown on a case and before a new report is saved: this close, this recent. */
export const NEARBY_METRES = 100
export const NEARBY_HOURS = 72

export interface PlaceNames {
  buildingName: string | null
  compoundName: string | null
  gridName: string | null
  communityName: string | null
  streetName: string | null
  /** The name of the area the case is dispatched to, if it is an area. */
  holderAreaName: string | null
}

/** The names of the places a case lies in, and of the area holding it, in one round trip. */
export async function placeNames(db: Db, s: CaseState): Promise<PlaceNames> {
  const holderArea = s.dispatchedTo && s.dispatchedTo.level !== 'department' ? s.dispatchedTo.id : null
  const { rows } = await db.query<PlaceNames>(
    `SELECT (SELECT name FROM buildings WHERE id = $1) AS "buildingName", (SELECT name FROM compounds WHERE id = $2) AS "compoundName",
            (SELECT name FROM areas WHERE id = $3) AS "gridName", (SELECT name FROM areas WHERE id = $4) AS "communityName",
            (SELECT name FROM areas WHERE id = $5) AS "streetName", (SELECT name FROM areas WHERE id = $6) AS "holderAreaName"`,
    [s.buildingId, s.compoundId, s.gridId, s.communityId, s.streetId, holderArea],
  )
  return rows[0]
}

export interface DuplicateRow {
  id: number
  title: string
  category: string
  status: Status
  createdAt: Date
  distanceM: number
  relation: 'repeats' | 'repeated-by' | 'nearby'
}

/**
 * Cases that may be the same problem as case `s`, inside the scope: the one it was flagged as repeating,
 * those flagged as repeating it, and open cases within NEARBY_METRES created in the last NEARBY_HOURS.
 * Each case once (its closest relation first), at most `limit`.
 */
export async function duplicatesOf(db: Db, s: CaseState, scope: Scope, limit = 20): Promise<DuplicateRow[]> {
  const params: unknown[] = [s.id, s.possibleDuplicateOf, s.location.lng, s.location.lat, NEARBY_METRES, NEARBY_HOURS, OPEN_STATUSES, limit]
  const scoped = caseScopeSql(scope, 'k', params)
  const { rows } = await db.query<DuplicateRow>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($3, $4), 4326) AS g, 1 / (111320 * greatest(cos(radians($4)), 0.01)) AS deg_per_m),
     related AS (
       SELECT k.id, 'repeats' AS relation, 1 AS rank FROM cases k WHERE k.id = $2
       UNION ALL SELECT k.id, 'repeated-by', 2 FROM cases k WHERE k.possible_duplicate_of = $1
       UNION ALL SELECT k.id, 'nearby', 3 FROM cases k, pt
         WHERE k.status = ANY($7::text[]) AND k.geom && ST_Expand(pt.g, $5 * pt.deg_per_m)
           AND ST_DWithin(k.geom::geography, pt.g::geography, $5) AND k.created_at > now() - make_interval(hours => $6)),
     one AS (SELECT DISTINCT ON (id) id, relation, rank FROM related WHERE id <> $1 ORDER BY id, rank)
     SELECT k.id, k.title, k.category, k.status, k.created_at AS "createdAt", one.relation,
            round(ST_Distance(k.geom::geography, pt.g::geography)::numeric, 1) AS "distanceM"
     FROM one JOIN cases k ON k.id = one.id, pt
     WHERE ${scoped}
     ORDER BY one.rank, ST_Distance(k.geom::geography, pt.g::geography), k.id LIMIT $8`,
    params,
  )
  return rows
}

/** Display names of the accounts among these actors (keys and `system` have none). */
export async function actorNames(db: Db, actors: readonly string[]): Promise<Map<string, string>> {
  if (actors.length === 0) return new Map()
  const { rows } = await db.query<{ username: string; display_name: string }>(
    'SELECT username, display_name FROM accounts WHERE username = ANY($1::text[])',
    [[...new Set(actors)]],
  )
  return new Map(rows.map((r) => [r.username, r.display_name]))
}
