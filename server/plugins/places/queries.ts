import type pg from 'pg'
import { likeContains, likePrefix } from '../../lib/like.ts'
import type { PlaceHitT } from './schemas.ts'

/**
 * Buildings, compounds, stations and areas whose name contains `q` (case-insensitive, `%` and `_`
 * literal), best first: the whole name, then names starting with it, then the rest; shorter names
 * first within each. Each with the names of where it lies and a point on its surface.
 */
export async function searchPlaces(db: pg.Pool, q: string, limit: number): Promise<PlaceHitT[]> {
  const { rows } = await db.query<PlaceHitT>(
    `WITH hits AS (
       SELECT 'building' AS kind, b.id, b.name, concat_ws(' · ', cm.name, g.name) AS context, b.footprint AS geom
       FROM buildings b JOIN areas g ON g.id = b.grid_id LEFT JOIN areas cm ON cm.id = g.parent_id
       WHERE b.name ILIKE $1 ESCAPE '\\'
       UNION ALL
       SELECT 'compound', c.id, c.name, concat_ws(' · ', cm.name, g.name), c.geom
       FROM compounds c JOIN areas g ON g.id = c.grid_id JOIN areas cm ON cm.id = c.community_id
       WHERE c.name ILIKE $1 ESCAPE '\\'
       UNION ALL
       SELECT 'station', s.id, s.name, concat_ws(' · ', p.name, a.name), s.geom
       FROM stations s JOIN areas a ON a.id = s.area_id LEFT JOIN areas p ON p.id = a.parent_id AND a.level <> 'district'
       WHERE s.name ILIKE $1 ESCAPE '\\'
       UNION ALL
       SELECT 'area', a.id, a.name, nullif(concat_ws(' · ', gp.name, p.name), ''), a.geom
       FROM areas a LEFT JOIN areas p ON p.id = a.parent_id AND p.level <> 'district' LEFT JOIN areas gp ON gp.id = p.parent_id AND gp.level <> 'district'
       WHERE a.name ILIKE $1 ESCAPE '\\'),
     ranked AS (
       SELECT h.*, CASE WHEN lower(h.name) = lower($2) THEN 0 WHEN h.name ILIKE $3 ESCAPE '\\' THEN 1 ELSE 2 END AS rank FROM hits h)
     SELECT kind, id, name, nullif(context, '') AS context, ST_X(pt) AS lng, ST_Y(pt) AS lat
     FROM (SELECT r.*, ST_PointOnSurface(r.geom) AS pt FROM ranked r ORDER BY r.rank, char_length(r.name), r.name, r.kind, r.id LIMIT $4) top
     ORDER BY rank, char_length(name), name, kind, id`,
    [likeContains(q), q, likePrefix(q), limit],
  )
  return rows
}

/** How far a road may be to name a point "X路旁", and a building to be its nearest (metres). */
export const DESCRIBE_ROAD_M = 150
export const DESCRIBE_BUILDING_M = 150

export interface DescribeRow {
  i: number
  road_name: string | null
  road_m: number | null
  building_id: string | null
  building_name: string | null
  building_m: number | null
  building_compound_id: string | null
  building_compound_name: string | null
  compound_id: string | null
  compound_name: string | null
  landuse_kind: string | null
  landuse_name: string | null
  street_id: string | null
  street_name: string | null
  community_id: string | null
  community_name: string | null
  grid_id: string | null
  grid_name: string | null
}

/**
 * For each point (in order): the nearest named road and the building it is in or nearest to, each within
 * reach; the compound, named land use, street, community and grid containing it. Candidates are found
 * with the GiST indexes in a box of the reach (in degrees, wider in longitude by 1/cos(lat)) and ranked
 * by the true distance on the spheroid, so east-west and north-south neighbours are compared fairly.
 */
export async function describePoints(db: pg.Pool, points: readonly { lng: number; lat: number }[]): Promise<DescribeRow[]> {
  const { rows } = await db.query<DescribeRow>(
    `WITH pts AS (
       SELECT (p.i - 1)::int AS i, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326) AS pt,
              $3::float8 / 111320 AS dy, $3::float8 / (111320 * greatest(cos(radians(p.lat)), 0.01)) AS dx,
              $4::float8 / 111320 AS bdy, $4::float8 / (111320 * greatest(cos(radians(p.lat)), 0.01)) AS bdx
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lng, lat, i))
     SELECT p.i, r.name AS road_name, r.m AS road_m,
            b.id AS building_id, b.name AS building_name, b.m AS building_m,
            bc.id AS building_compound_id, bc.name AS building_compound_name,
            c.id AS compound_id, c.name AS compound_name, lu.kind AS landuse_kind, lu.name AS landuse_name,
            st.id AS street_id, st.name AS street_name, cm.id AS community_id, cm.name AS community_name,
            g.id AS grid_id, g.name AS grid_name
     FROM pts p
     LEFT JOIN LATERAL (
       SELECT e.name, ST_Distance(e.geom::geography, p.pt::geography) AS m FROM walk_edges e
       WHERE e.name IS NOT NULL AND e.name <> '' AND e.geom && ST_Expand(p.pt, p.dx, p.dy)
       ORDER BY 2, e.id LIMIT 1) r ON r.m <= $3
     LEFT JOIN LATERAL (
       SELECT x.id, x.name, x.compound_id, CASE WHEN ST_Intersects(x.footprint, p.pt) THEN 0 ELSE ST_Distance(x.footprint::geography, p.pt::geography) END AS m
       FROM buildings x WHERE x.footprint && ST_Expand(p.pt, p.bdx, p.bdy)
       ORDER BY 4, x.id LIMIT 1) b ON b.m <= $4
     LEFT JOIN compounds bc ON bc.id = b.compound_id
     LEFT JOIN LATERAL (SELECT x.id, x.name FROM compounds x WHERE ST_Intersects(x.geom, p.pt) ORDER BY ST_Area(x.geom), x.id LIMIT 1) c ON TRUE
     LEFT JOIN LATERAL (
       SELECT x.kind, x.name FROM landuse x WHERE x.name IS NOT NULL AND x.name <> '' AND ST_Intersects(x.geom, p.pt)
       ORDER BY ST_Area(x.geom), x.id LIMIT 1) lu ON TRUE
     LEFT JOIN LATERAL (SELECT x.id, x.name FROM areas x WHERE x.level = 'grid' AND ST_Intersects(x.geom, p.pt) ORDER BY x.id LIMIT 1) g ON TRUE
     LEFT JOIN LATERAL (
       SELECT x.id, x.name FROM areas x WHERE x.level = 'community' AND (x.id = (SELECT parent_id FROM areas WHERE id = g.id) OR (g.id IS NULL AND ST_Intersects(x.geom, p.pt)))
       ORDER BY x.id LIMIT 1) cm ON TRUE
     LEFT JOIN LATERAL (
       SELECT x.id, x.name FROM areas x WHERE x.level = 'street' AND (x.id = (SELECT parent_id FROM areas WHERE id = cm.id) OR (cm.id IS NULL AND ST_Intersects(x.geom, p.pt)))
       ORDER BY x.id LIMIT 1) st ON TRUE
     ORDER BY p.i`,
    [points.map((p) => p.lng), points.map((p) => p.lat), DESCRIBE_ROAD_M, DESCRIBE_BUILDING_M],
  )
  return rows
}
