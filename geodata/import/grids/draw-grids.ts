import type pg from 'pg'

export interface GridDraft {
  /** imp_blocks ids. */
  blocks: number[]
  id: string
  code: string
  name: string
}

/**
 * Turn groups of blocks into grid areas of the community. A grid is the union of its blocks; then every
 * unit (compound or building) that reaches into another grid is given wholly to the grid of its own
 * block (cut from the others, added to its own within the community), one after another, so the grids
 * still cover the community exactly once and no compound or building is split. Buildings and compounds
 * are re-pointed to their grid. Returns the households of each grid, in the order given.
 */
export async function drawGrids(client: pg.PoolClient, communityId: string, grids: GridDraft[]): Promise<number[]> {
  await client.query('CREATE TEMP TABLE IF NOT EXISTS imp_grids (n int PRIMARY KEY, id text, code text, name text, geom geometry) ON COMMIT DROP')
  await client.query('TRUNCATE imp_grids')
  await client.query(
    `INSERT INTO imp_grids (n, id, code, name, geom)
     SELECT g.n, g.id, g.code, g.name, (SELECT ST_UnaryUnion(ST_Collect(k.geom)) FROM imp_blocks k WHERE k.id = ANY(g.blocks))
     FROM json_to_recordset($1::json) AS g(n int, id text, code text, name text, blocks int[])`,
    [JSON.stringify(grids.map((g, n) => ({ n, id: g.id, code: g.code, name: g.name, blocks: g.blocks })))],
  )
  await client.query('UPDATE imp_units u SET grid = r.n FROM json_to_recordset($1::json) AS r(n int, blocks int[]) WHERE u.block = ANY(r.blocks)', [
    JSON.stringify(grids.map((g, n) => ({ n, blocks: g.blocks }))),
  ])
  const straddling = await client.query<{ unit: string }>(
    `SELECT u.unit FROM imp_units u WHERE EXISTS (
       SELECT 1 FROM imp_grids g WHERE g.n <> u.grid AND g.geom && u.geom AND ST_Area(ST_Intersection(g.geom, u.geom)::geography) > 0.01)
     ORDER BY u.unit`,
  )
  for (const { unit } of straddling.rows) {
    await client.query(
      `UPDATE imp_grids g SET geom = CASE WHEN g.n = u.grid THEN ST_Union(g.geom, ST_Intersection(u.geom, (SELECT geom FROM areas WHERE id = $2)))
                                          ELSE ST_Difference(g.geom, u.geom) END
       FROM imp_units u WHERE u.unit = $1 AND (g.n = u.grid OR g.geom && u.geom)`,
      [unit, communityId],
    )
  }
  await client.query(
    `INSERT INTO areas (id, code, name, level, parent_id, geom)
     SELECT id, code, name, 'grid', $1, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) FROM imp_grids ORDER BY n`,
    [communityId],
  )
  await client.query(
    `UPDATE buildings b SET grid_id = g.id FROM imp_units u JOIN imp_grids g ON g.n = u.grid
     WHERE b.grid_id = $1 AND coalesce(b.compound_id, b.id) = u.unit`,
    [communityId],
  )
  await client.query(`UPDATE compounds k SET grid_id = g.id FROM imp_units u JOIN imp_grids g ON g.n = u.grid WHERE k.id = u.unit AND k.grid_id = $1`, [communityId])
  const households = await client.query<{ n: number; households: number }>(
    'SELECT g.n, coalesce(sum(u.households), 0)::int AS households FROM imp_grids g LEFT JOIN imp_units u ON u.grid = g.n GROUP BY g.n ORDER BY g.n',
  )
  return households.rows.map((r) => r.households)
}
