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
