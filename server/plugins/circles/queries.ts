import type pg from 'pg'
import type { CircleCase } from '../../domain/circles/index.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'

export type Db = Pick<pg.Pool, 'query'>

export async function findArea(db: Db, id: string) {
  const { rows } = await db.query<{ id: string; name: string; level: string }>('SELECT id, name, level FROM areas WHERE id = $1', [id])
  return rows[0] ?? null
}

/** Buildings of an area's subtree (all when null), with the street each lies in: the residents side. */
export async function circleBuildings(db: Db, areaId: string | null) {
  const { rows } = await db.query<{ id: string; residents: number; households: number; street_id: string | null; street_name: string | null }>(
    `WITH street_of AS (
       SELECT ac.descendant_id AS grid_id, a.id, a.name
       FROM area_closure ac JOIN areas a ON a.id = ac.ancestor_id AND a.level = 'street')
     SELECT b.id, b.residents, b.households, s.id AS street_id, s.name AS street_name
     FROM buildings b LEFT JOIN street_of s ON s.grid_id = b.grid_id
     WHERE $1::text IS NULL OR b.grid_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = $1)
     ORDER BY s.id, b.id`,
    [areaId],
  )
  return rows
}

/**
 * Cases created in [from, to) in the area's subtree (the case's own area columns, as the KPIs use),
 * grouped per building, category, China day and settlement so a 90-day window stays a few thousand
 * rows; each row carries its count and one creation time inside its day.
 */
export async function circleCases(db: Db, areaId: string | null, from: string, to: string): Promise<CircleCase[]> {
  const params: unknown[] = [from, to]
  const scope = caseScopeSql({ areaId, department: null, personalData: false }, 'c', params)
  const { rows } = await db.query<{ building_id: string | null; category: string; created_at: Date; resolved_level: string | null; resolved: boolean; n: number }>(
    `SELECT c.building_id, c.category, min(c.created_at) AS created_at, c.resolved_level, c.resolved_at IS NOT NULL AS resolved, count(*)::int AS n
     FROM cases c
     WHERE c.created_at >= $1 AND c.created_at < $2 AND ${scope}
     GROUP BY c.building_id, c.category, floor(extract(epoch FROM c.created_at) / 86400 + 8.0 / 24), c.resolved_level, c.resolved_at IS NOT NULL`,
    params,
  )
  return rows.map((r) => {
    const createdAt = new Date(r.created_at).toISOString()
    return {
      buildingId: r.building_id,
      category: r.category,
      createdAt,
      resolvedLevel: r.resolved_level,
      // Only whether it was resolved matters to the comparison.
      resolvedAt: r.resolved ? createdAt : null,
      count: r.n,
    }
  })
}
