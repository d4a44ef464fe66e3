import type pg from 'pg'
import { partitionUnits } from './partition.ts'
import type { UnitRow } from './street-blocks.ts'

/** A block holding more than this many targets' worth of households is divided along its buildings. */
export const SPLIT_ABOVE = 1.5

/**
 * Divide street blocks too big for one grid (a superblock or a campus with no streets through it) along
 * its buildings: its units are grouped by recursive bisection (partition.ts) into round(h / target)
 * groups, and each group takes the Voronoi cells of its units' centres within the block; the last group
 * takes what the others leave, so the parts cover the block exactly. The parts become blocks of their
 * own; the caller places the units again (assignBlocks). Returns how many blocks were divided.
 */
export async function splitLargeBlocks(client: pg.PoolClient, units: UnitRow[], target: number): Promise<number> {
  const byBlock = new Map<number, UnitRow[]>()
  for (const u of units) (byBlock.get(u.block) ?? byBlock.set(u.block, []).get(u.block)!).push(u)
  let next = ((await client.query<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM imp_blocks')).rows[0].n) + 1
  let divided = 0
  await client.query('CREATE TEMP TABLE IF NOT EXISTS imp_parts (part int, unit text, x float8, y float8) ON COMMIT DROP')
  for (const [block, inside] of [...byBlock].sort((a, b) => a[0] - b[0])) {
    const households = inside.reduce((s, u) => s + u.households, 0)
    if (households <= SPLIT_ABOVE * target || inside.length < 2) continue
    const groups = partitionUnits(inside.map((u) => ({ id: u.unit, x: u.x, y: u.y, households: u.households })), Math.max(2, Math.round(households / target)))
    await client.query('TRUNCATE imp_parts')
    await client.query(
      'INSERT INTO imp_parts SELECT * FROM json_to_recordset($1::json) AS r(part int, unit text, x float8, y float8)',
      [JSON.stringify(groups.flatMap((g, part) => g.map((u) => ({ part, unit: u.id, x: u.x, y: u.y }))))],
    )
    const parts = await client.query<{ part: number; geom: string }>(
      `WITH blk AS (SELECT geom FROM imp_blocks WHERE id = $1),
       pts AS (SELECT part, unit, ST_SetSRID(ST_MakePoint(x, y), 4326) AS p FROM imp_parts),
       cells AS (SELECT row_number() OVER () AS cid, d.geom AS cell
                 FROM ST_Dump(ST_VoronoiPolygons((SELECT ST_Collect(p) FROM pts), 0, (SELECT ST_Expand(ST_Envelope(geom), 0.001) FROM blk))) d),
       owned AS (SELECT DISTINCT ON (c.cid) c.cell, pts.part FROM cells c JOIN pts ON ST_Intersects(c.cell, pts.p) ORDER BY c.cid, pts.unit)
       SELECT part, ST_CollectionExtract(ST_Intersection(ST_Union(cell), (SELECT geom FROM blk)), 3)::text AS geom FROM owned GROUP BY part ORDER BY part`,
      [block],
    )
    const last = groups.length - 1
    const ids = groups.map((_, i) => (i === last ? block : next++))
    for (const p of parts.rows) {
      if (p.part === last) continue
      await client.query('INSERT INTO imp_blocks (id, geom) VALUES ($1, $2::geometry)', [ids[p.part], p.geom])
    }
    // The last part is the block minus the others, so nothing is lost or counted twice between them.
    await client.query(
      `UPDATE imp_blocks SET geom = ST_CollectionExtract(ST_Difference(geom,
         coalesce((SELECT ST_Union(o.geom) FROM imp_blocks o WHERE o.id = ANY($2)), 'SRID=4326;POLYGON EMPTY'::geometry)), 3) WHERE id = $1`,
      [block, ids.slice(0, last)],
    )
    await client.query('DELETE FROM imp_blocks WHERE id = ANY($1) AND ST_IsEmpty(geom)', [ids])
    divided++
  }
  if (divided) {
    // A part in several pieces (Voronoi cells clipped by a bent block) becomes one block per piece, so
    // grids grown from blocks stay in one piece.
    await client.query(
      `INSERT INTO imp_blocks (id, geom)
       SELECT $1 + row_number() OVER (ORDER BY b.id, d.path[1]), d.geom FROM imp_blocks b, ST_Dump(b.geom) d WHERE ST_NumGeometries(b.geom) > 1`,
      [next],
    )
    await client.query('DELETE FROM imp_blocks WHERE ST_NumGeometries(geom) > 1')
  }
  return divided
}
