import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { AreaLevel } from '../../domain/vocabulary/index.ts'
import { maskName, maskPhone } from '../../lib/mask.ts'

export interface AreaRow {
  id: string
  code: string
  name: string
  level: AreaLevel
  parent_id: string | null
  residents: number
  households: number
  buildings: number
  residential_buildings: number
  party_groups: number
  party_member_households: number
  child_count: number
  area_km2: number
  label_lng: number | null
  label_lat: number | null
  west: number | null
  south: number | null
  east: number | null
  north: number | null
  geometry: string | null
}

const AREA_COLUMNS = `a.id, a.code, a.name, a.level, a.parent_id, t.residents, t.households, t.buildings,
  t.residential_buildings, t.party_groups, t.party_member_households, t.child_count`

// 6 decimals ≈ 10 cm: ample for boundaries on screen, and a third smaller than full precision.
const GEOJSON = 'ST_AsGeoJSON(a.geom, 6) AS geometry'

/**
 * What PostGIS knows about the shape, so clients need not derive it: the geodesic area, the bounding
 * box, and a label point at the centre of the largest inscribed circle (inside even an L-shaped or
 * concave area, unlike the centroid; in PostGIS ≥ 3.1, so in the embedded 3.6 and a server's 3.3).
 */
const SHAPE_FACTS = `ST_Area(a.geom::geography) / 1e6 AS area_km2,
  ST_X(mic.center) AS label_lng, ST_Y(mic.center) AS label_lat,
  ST_XMin(a.geom) AS west, ST_YMin(a.geom) AS south, ST_XMax(a.geom) AS east, ST_YMax(a.geom) AS north`
const SHAPE_JOIN = 'LEFT JOIN LATERAL ST_MaximumInscribedCircle(a.geom) mic ON true'

export function listAreas(db: pg.Pool, filter: { level?: AreaLevel; parent?: string }) {
  return db.query<AreaRow>(
    `SELECT ${AREA_COLUMNS}, ${SHAPE_FACTS}, ${GEOJSON}
     FROM areas a JOIN area_totals t ON t.area_id = a.id ${SHAPE_JOIN}
     WHERE ($1::text IS NULL OR a.level = $1) AND ($2::text IS NULL OR a.parent_id = $2)
     ORDER BY a.code`,
    [filter.level ?? null, filter.parent ?? null],
  )
}

export async function getArea(db: pg.Pool, id: string) {
  const { rows } = await db.query<AreaRow>(
    `SELECT ${AREA_COLUMNS}, ${SHAPE_FACTS}, ${GEOJSON}
     FROM areas a JOIN area_totals t ON t.area_id = a.id ${SHAPE_JOIN} WHERE a.id = $1`,
    [id],
  )
  return rows[0] ?? null
}

/**
 * An area's context for the drill-down. People (party secretaries, workers) are read only where the
 * principal's scope reaches the area and it may see personal data at all (masked even then).
 */
export async function getAreaContext(db: pg.Pool, id: string, scope: Scope) {
  const [ancestors, children, orgs, workers, compounds, stations] = await Promise.all([
    db.query<{ id: string; name: string; level: AreaLevel }>(
      `SELECT a.id, a.name, a.level FROM area_closure c JOIN areas a ON a.id = c.ancestor_id
       WHERE c.descendant_id = $1 AND c.depth > 0 ORDER BY c.depth DESC`,
      [id],
    ),
    db.query<{ id: string; name: string; level: AreaLevel }>(
      'SELECT id, name, level FROM areas WHERE parent_id = $1 ORDER BY code',
      [id],
    ),
    db.query<{ id: string; kind: string; name: string; secretary: string | null; members: number }>(
      `SELECT id, kind, name, CASE WHEN $2 AND area_in_scope($1, $3) THEN secretary END AS secretary, members FROM party_orgs
       WHERE area_id = $1 AND kind <> 'building_group' ORDER BY id`,
      [id, scope.personalData, scope.areaId],
    ),
    // Grid workers and police liaisons of a grid; community workers of a community.
    db.query<{ name: string; role: string; phone: string | null; area_id: string }>(
      'SELECT name, role, phone, area_id FROM workers WHERE area_id = $1 AND $2 AND area_in_scope($1, $3) ORDER BY role, id',
      [id, scope.personalData, scope.areaId],
    ),
    db.query<{ id: string; name: string; walled: boolean; company: string | null }>(
      `SELECT c.id, c.name, c.walled, p.name AS company
       FROM compounds c LEFT JOIN property_companies p ON p.id = c.property_company_id
       WHERE c.grid_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = $1)
         AND (SELECT level FROM areas WHERE id = $1) IN ('community', 'grid')
       ORDER BY c.id`,
      [id],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stations s
       WHERE ST_Intersects(s.geom, (SELECT geom FROM areas WHERE id = $1))`,
      [id],
    ),
  ])
  return {
    ancestors: ancestors.rows,
    children: children.rows,
    orgs: orgs.rows.map((o) => ({ ...o, secretary: maskName(o.secretary) })),
    workers: workers.rows.map((w) => ({ name: maskName(w.name), role: w.role, phone: maskPhone(w.phone), areaId: w.area_id })),
    compounds: compounds.rows.map((c) => ({ id: c.id, name: c.name, walled: c.walled, propertyCompany: c.company })),
    stations: stations.rows[0].n,
  }
}
