import type pg from 'pg'
import type { ImportReport } from '../lib/report.ts'
import type { Level } from './fields.ts'

export interface AreaChecks {
  overlaps: { a: string; b: string; m2: number }[]
  gaps: { parentId: string | null; pieces: number; m2: number }[]
  outsideParent: { id: string; parentId: string; m2: number }[]
}

/**
 * Topology of the level just imported, measured on the geography (m²): overlaps between siblings, gaps
 * (the parent's area no child covers; for districts, holes enclosed by their union) and children that
 * spill out of their parent. Pieces under `minM2` are digitising slivers and left out.
 */
export async function checkAreas(client: pg.PoolClient, level: Level, minM2: number, report: ImportReport): Promise<AreaChecks> {
  const overlaps = (
    await client.query<{ a: string; b: string; m2: number }>(
      `SELECT a.id AS a, b.id AS b, ST_Area(ST_Intersection(a.geom, b.geom)::geography) AS m2
       FROM areas a JOIN areas b ON a.level = b.level AND a.id < b.id AND a.parent_id IS NOT DISTINCT FROM b.parent_id
         AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
       WHERE a.level = $1 AND (a.id IN (SELECT id FROM imp_areas) OR b.id IN (SELECT id FROM imp_areas))`,
      [level],
    )
  ).rows.filter((r) => r.m2 >= minM2)

  const gaps = (
    await client.query<{ parent_id: string | null; pieces: number; m2: number }>(
      `WITH parents AS (SELECT DISTINCT parent_id FROM imp_areas),
       cover AS (
         SELECT p.parent_id, ST_Union(a.geom) AS geom FROM parents p
         JOIN areas a ON a.level = $1 AND a.parent_id IS NOT DISTINCT FROM p.parent_id GROUP BY p.parent_id
       ),
       missing AS (
         SELECT c.parent_id,
           CASE WHEN c.parent_id IS NULL
             -- no parent: the holes enclosed by the union of the siblings
             THEN (SELECT ST_Collect(ST_MakePolygon(ST_InteriorRingN(d.geom, k)))
                   FROM ST_Dump(c.geom) d, generate_series(1, ST_NumInteriorRings(d.geom)) k)
             ELSE ST_Difference((SELECT geom FROM areas WHERE id = c.parent_id), c.geom)
           END AS geom
         FROM cover c
       )
       SELECT m.parent_id, count(*)::int AS pieces, sum(ST_Area(d.geom::geography)) AS m2
       FROM missing m, ST_Dump(m.geom) d
       WHERE m.geom IS NOT NULL AND ST_Area(d.geom::geography) >= $2
       GROUP BY m.parent_id`,
      [level, minM2],
    )
  ).rows.map((r) => ({ parentId: r.parent_id, pieces: r.pieces, m2: r.m2 }))

  const outsideParent = (
    await client.query<{ id: string; parent_id: string; m2: number }>(
      `SELECT a.id, a.parent_id, ST_Area(ST_Difference(a.geom, p.geom)::geography) AS m2
       FROM imp_areas i JOIN areas a ON a.id = i.id JOIN areas p ON p.id = a.parent_id`,
    )
  ).rows.filter((r) => r.m2 >= minM2).map((r) => ({ id: r.id, parentId: r.parent_id, m2: r.m2 }))

  const m2 = (v: number) => `${Math.round(v).toLocaleString('en')} m²`
  for (const o of overlaps) report.warnings.push(`${o.a} and ${o.b} overlap by ${m2(o.m2)}`)
  for (const g of gaps) report.warnings.push(`${g.parentId ? `inside ${g.parentId}` : 'between the districts'}: ${g.pieces} gap(s) no ${level} covers, ${m2(g.m2)}`)
  for (const o of outsideParent) report.warnings.push(`${o.id} reaches ${m2(o.m2)} outside its parent ${o.parentId}`)
  const checks = { overlaps, gaps, outsideParent }
  report.details.checks = checks
  return checks
}
