import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { OrgRow } from '../../domain/party/org-tree.ts'
import { OPEN_STATUSES } from '../../domain/vocabulary/index.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'

export type Db = pg.Pool | pg.PoolClient

export async function findArea(db: Db, id: string) {
  const { rows } = await db.query<{ id: string; name: string; level: string }>('SELECT id, name, level FROM areas WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function areaInScope(db: Db, area: string, root: string | null): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT area_in_scope($1, $2) AS ok', [area, root])
  return rows[0].ok
}

/**
 * Every org whose area lies under the area. A secretary's name is read only where the principal may see
 * personal data and the org's area is in its scope (as getAreaContext does); masked by the caller.
 */
export async function orgsUnder(db: Db, areaId: string, scope: Scope): Promise<OrgRow[]> {
  const { rows } = await db.query<OrgRow>(
    `SELECT o.id, o.parent_id AS "parentId", o.kind, o.name, o.area_id AS "areaId", o.building_id AS "buildingId", o.members,
            CASE WHEN $2 AND area_in_scope(o.area_id, $3) THEN o.secretary END AS secretary
     FROM party_orgs o JOIN area_closure c ON c.descendant_id = o.area_id AND c.ancestor_id = $1`,
    [areaId, scope.personalData, scope.areaId],
  )
  return rows
}

/** 中心户 per org, for the households in buildings under the area. */
export async function householdCounts(db: Db, areaId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ org_id: string; n: number }>(
    `SELECT h.org_id, count(*)::int AS n FROM party_households h
     JOIN buildings b ON b.id = h.building_id
     JOIN area_closure c ON c.descendant_id = b.grid_id AND c.ancestor_id = $1
     GROUP BY h.org_id`,
    [areaId],
  )
  return new Map(rows.map((r) => [r.org_id, r.n]))
}

export interface HouseholdRow {
  id: string
  org_id: string
  building_id: string
  householder: string | null
  phone: string | null
}

/** 中心户 whose org or building is among `ids`; names and phones only where the scope reaches the building (masked by the caller). */
async function households(db: Db, by: 'org_id' | 'building_id', ids: string[], scope: Scope) {
  const { rows } = await db.query<HouseholdRow>(
    `SELECT h.id, h.org_id, h.building_id,
            CASE WHEN $2 AND area_in_scope(b.grid_id, $3) THEN h.householder END AS householder,
            CASE WHEN $2 AND area_in_scope(b.grid_id, $3) THEN h.phone END AS phone
     FROM party_households h JOIN buildings b ON b.id = h.building_id
     WHERE h.${by} = ANY($1::text[]) ORDER BY h.id`,
    [ids, scope.personalData, scope.areaId],
  )
  return rows
}

/** The 中心户 of some orgs. */
export const householdsOf = (db: Db, orgIds: string[], scope: Scope) => households(db, 'org_id', orgIds, scope)

/** Same, by building: the helpers offered next to a case. */
export const householdsIn = (db: Db, buildingIds: string[], scope: Scope) => households(db, 'building_id', buildingIds, scope)

export interface HouseholdBuildingRow {
  id: string
  name: string
  grid_id: string
  floors: number
  households: number
  group_id: string | null
  group_name: string | null
  branch_id: string | null
  branch_name: string | null
  geometry: string
}

/** Buildings under the area with 中心户: a point on the roof, how many, and the group and branch they belong to. */
export async function householdBuildings(db: Db, areaId: string) {
  const { rows } = await db.query<HouseholdBuildingRow>(
    `WITH hh AS (
       SELECT h.building_id, count(*)::int AS households, min(h.org_id) AS org_id FROM party_households h
       JOIN buildings b ON b.id = h.building_id
       JOIN area_closure c ON c.descendant_id = b.grid_id AND c.ancestor_id = $1
       GROUP BY h.building_id
     )
     SELECT b.id, b.name, b.grid_id, b.floors, hh.households,
            g.id AS group_id, g.name AS group_name, p.id AS branch_id, p.name AS branch_name,
            ST_AsGeoJSON(ST_PointOnSurface(b.footprint), 7) AS geometry
     FROM hh JOIN buildings b ON b.id = hh.building_id
     LEFT JOIN LATERAL (
       SELECT o.id, o.name, o.parent_id FROM party_orgs o
       WHERE o.building_id = b.id AND o.kind = 'building_group' ORDER BY o.id LIMIT 1
     ) g0 ON true
     LEFT JOIN party_orgs g ON g.id = coalesce(g0.id, hh.org_id)
     LEFT JOIN party_orgs p ON p.id = g.parent_id
     ORDER BY b.id`,
    [areaId],
  )
  return rows
}

export interface NearCounts {
  open_total: number
  open_near: number
  recent_total: number
  recent_near: number
}

const IN_AREA = (alias: string) => `(${alias}.district_id = $1 OR ${alias}.street_id = $1 OR ${alias}.community_id = $1 OR ${alias}.grid_id = $1)`

/**
 * The ids of the area's cases (matching `which`) near a 中心户 building. Driven from the cases that match
 * (open ones and the last 30 days': a few thousand at most), each asking the GiST index on footprints
 * for one 中心户 building within reach. Driving from the ~1,600 buildings instead read every case, closed
 * and old ones too, in each building's box: 1.26 s against 0.47 s with 9,700 cases of demo history.
 */
const nearIds = (radius: string, which: string) => `near AS (
    SELECT x.id FROM cases x
    WHERE ${IN_AREA('x')} AND ${which} AND EXISTS (SELECT 1 FROM buildings b WHERE ${nearBuilding(radius, 'x')})
  )`

/** Open cases and cases since `since` in the area (and the scope), and how many of each lie near a 中心户 building. */
export async function nearCounts(db: Db, areaId: string, scope: Scope, radius: number, since: Date) {
  const params: unknown[] = [areaId, OPEN_STATUSES, since, radius]
  const inScope = caseScopeSql(scope, 'c', params)
  const { rows } = await db.query<NearCounts>(
    `WITH ${nearIds('$4::float8', '(x.status = ANY($2::text[]) OR x.created_at >= $3)')},
     c AS (
       SELECT c.id, c.status = ANY($2::text[]) AS open, c.created_at >= $3 AS recent FROM cases c
       WHERE ${IN_AREA('c')} AND ${inScope} AND (c.status = ANY($2::text[]) OR c.created_at >= $3)
     )
     SELECT count(*) FILTER (WHERE c.open)::int AS open_total, count(*) FILTER (WHERE c.open AND n.id IS NOT NULL)::int AS open_near,
            count(*) FILTER (WHERE c.recent)::int AS recent_total, count(*) FILTER (WHERE c.recent AND n.id IS NOT NULL)::int AS recent_near
     FROM c LEFT JOIN near n ON n.id = c.id`,
    params,
  )
  return rows[0]
}

/** A case as the near-case lists show it. */
interface CaseFactsRow {
  id: string
  title: string
  category: string
  status: string
  priority: string
  created_at: Date
  lng: number
  lat: number
}

export interface NearCaseRow extends CaseFactsRow {
  building_id: string
  building_name: string
  grid_id: string
  distance_m: number
}

const PRIORITY_ORDER = `CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`

/**
 * "Within r metres of a 中心户 building" for one case c: the geometry envelope first, so the GiST index on
 * footprints is used (r metres in degrees, widened by 1 % against rounding), then the geodesic distance.
 */
const nearBuilding = (radius: string, c = 'c') =>
  `b.footprint && ST_Expand(${c}.geom, ${radius} / (111320 * cos(radians(ST_Y(${c}.geom)))) * 1.01, ${radius} / 110574.0 * 1.01)
   AND EXISTS (SELECT 1 FROM party_households h WHERE h.building_id = b.id)
   AND ST_DWithin(b.footprint::geography, ${c}.geom::geography, ${radius})`

/**
 * Open cases in the area near a 中心户 building, most pressing first, each with its nearest 中心户
 * buildings (one row per case and building).
 */
export async function openCasesNear(db: Db, areaId: string, scope: Scope, radius: number, limit: number, perCase: number) {
  const params: unknown[] = [areaId, OPEN_STATUSES, radius, limit, perCase]
  const inScope = caseScopeSql(scope, 'c', params)
  const { rows } = await db.query<NearCaseRow>(
    `WITH ${nearIds('$3::float8', 'x.status = ANY($2::text[])')},
     c AS (
       SELECT c.* FROM cases c JOIN near n ON n.id = c.id
       WHERE ${inScope}
       ORDER BY ${PRIORITY_ORDER}, c.created_at DESC, c.id DESC LIMIT $4
     )
     SELECT c.id, c.title, c.category, c.status, c.priority, c.created_at, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
            nb.id AS building_id, nb.name AS building_name, nb.grid_id, nb.distance_m
     FROM c CROSS JOIN LATERAL (
       SELECT b.id, b.name, b.grid_id, ST_Distance(b.footprint::geography, c.geom::geography) AS distance_m
       FROM buildings b WHERE ${nearBuilding('$3::float8')}
       ORDER BY 4, b.id LIMIT $5
     ) nb
     ORDER BY ${PRIORITY_ORDER}, c.created_at DESC, c.id DESC, nb.distance_m, nb.id`,
    params,
  )
  return rows
}

export async function findBuilding(db: Db, id: string) {
  const { rows } = await db.query<{ id: string; name: string; grid_id: string; households: number }>(
    `SELECT b.id, b.name, b.grid_id, (SELECT count(*)::int FROM party_households h WHERE h.building_id = b.id) AS households
     FROM buildings b WHERE b.id = $1`,
    [id],
  )
  return rows[0] ?? null
}

export interface BuildingCaseRow extends CaseFactsRow {
  distance_m: number
  open: boolean
}

/** Cases in scope within the radius of one building: open ones and those created since `since`. */
export async function casesNearBuilding(db: Db, buildingId: string, scope: Scope, radius: number, since: Date) {
  const params: unknown[] = [buildingId, OPEN_STATUSES, radius, since]
  const inScope = caseScopeSql(scope, 'c', params)
  const { rows } = await db.query<BuildingCaseRow>(
    `SELECT c.id, c.title, c.category, c.status, c.priority, c.created_at, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
            ST_Distance(b.footprint::geography, c.geom::geography) AS distance_m, c.status = ANY($2::text[]) AS open
     FROM buildings b JOIN cases c
       ON c.geom && ST_Expand(b.footprint, $3::float8 / (111320 * cos(radians(greatest(abs(ST_YMin(b.footprint)), abs(ST_YMax(b.footprint)))))) * 1.01, $3::float8 / 110574.0 * 1.01)
      AND ST_DWithin(b.footprint::geography, c.geom::geography, $3::float8)
     WHERE b.id = $1 AND ${inScope} AND (c.status = ANY($2::text[]) OR c.created_at >= $4)
     ORDER BY c.status = ANY($2::text[]) DESC, ${PRIORITY_ORDER}, c.created_at DESC, c.id DESC`,
    params,
  )
  return rows
}
