/**
 * The SQL side of grids --auto, per community, in temporary tables:
 * - imp_blocks: the community cut by its streets (ST_Split by the walk edges that are roads, not footways
 *   or compound paths), so the pieces cover the community exactly once;
 * - imp_units: what may never be split — a walled compound with its buildings, or a building outside
 *   any compound — each with its households and the block holding most of it (its block);
 * - adjacency: blocks that share a boundary, and how long.
 */
import type pg from 'pg'

/** Walk-edge kinds that are streets: grid boundaries follow these (footways, alleys and compound paths do not bound a grid). */
export const STREET_KINDS = ['arterial', 'local', 'bridge'] as const

export interface UnitRow {
  unit: string
  households: number
  x: number
  y: number
  block: number
}

export async function cutBlocks(client: pg.PoolClient, communityId: string): Promise<number> {
  await client.query('CREATE TEMP TABLE IF NOT EXISTS imp_blocks (id int PRIMARY KEY, geom geometry NOT NULL) ON COMMIT DROP')
  await client.query('TRUNCATE imp_blocks')
  const { rowCount } = await client.query(
    `WITH c AS (SELECT geom FROM areas WHERE id = $1),
     streets AS (SELECT ST_Union(ST_Intersection(e.geom, c.geom)) AS g FROM walk_edges e, c
                 WHERE e.kind = ANY($2) AND e.compound_id IS NULL AND e.geom && c.geom AND ST_Intersects(e.geom, c.geom)),
     pieces AS (SELECT (ST_Dump(CASE WHEN s.g IS NULL OR ST_IsEmpty(s.g) THEN c.geom ELSE ST_Split(c.geom, s.g) END)).geom AS g FROM c, streets s)
     INSERT INTO imp_blocks (id, geom)
     SELECT row_number() OVER (ORDER BY ST_XMin(g), ST_YMin(g), ST_Area(g)), g FROM pieces WHERE ST_Area(g) > 0`,
    [communityId, STREET_KINDS],
  )
  return rowCount ?? 0
}

/**
 * The community's units with their households, centre (mean of their buildings' centroids) and block:
 * the one holding the largest part of the unit's outline (a compound with its buildings, or a building).
 */
export async function placeUnits(client: pg.PoolClient, communityId: string): Promise<UnitRow[]> {
  await client.query('CREATE TEMP TABLE IF NOT EXISTS imp_units (unit text PRIMARY KEY, households int, x float8, y float8, geom geometry, block int, grid int) ON COMMIT DROP')
  await client.query('TRUNCATE imp_units')
  await client.query(
    `INSERT INTO imp_units (unit, households, x, y, geom)
     SELECT coalesce(b.compound_id, b.id), sum(b.households)::int, avg(ST_X(ST_Centroid(b.footprint))), avg(ST_Y(ST_Centroid(b.footprint))),
            ST_UnaryUnion(ST_Collect(ST_Collect(b.footprint), (SELECT k.geom FROM compounds k WHERE k.id = b.compound_id)))
     FROM buildings b WHERE b.grid_id = $1 GROUP BY coalesce(b.compound_id, b.id), b.compound_id`,
    [communityId],
  )
  return assignBlocks(client)
}

/** Each unit's block: the one holding the largest part of it (else the nearest). */
export async function assignBlocks(client: pg.PoolClient): Promise<UnitRow[]> {
  await client.query(
    `UPDATE imp_units u SET block = coalesce(
       (SELECT k.id FROM imp_blocks k WHERE k.geom && u.geom AND ST_Intersects(k.geom, u.geom) ORDER BY ST_Area(ST_Intersection(k.geom, u.geom)) DESC, k.id LIMIT 1),
       (SELECT k.id FROM imp_blocks k ORDER BY k.geom <-> u.geom, k.id LIMIT 1))`,
  )
  return (await client.query<UnitRow>('SELECT unit, households, x, y, block FROM imp_units ORDER BY unit')).rows
}

export interface BlockRow {
  id: number
  x: number
  y: number
}

export async function blockCentres(client: pg.PoolClient): Promise<BlockRow[]> {
  return (await client.query<BlockRow>('SELECT id, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM imp_blocks ORDER BY id')).rows
}

/**
 * Pairs of blocks sharing more than a metre of boundary. Blocks cut by ST_Split share their edges
 * exactly; pieces of a block divided along its buildings may not, so the boundary of one is compared
 * with the other grown by a centimetre.
 */
export async function blockAdjacency(client: pg.PoolClient): Promise<{ a: number; b: number; sharedM: number }[]> {
  return (await client.query<{ a: number; b: number; sharedM: number }>(
    `SELECT a.id AS a, b.id AS b, ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Buffer(b.geom, 1e-7)), 2)::geography) AS "sharedM"
     FROM imp_blocks a JOIN imp_blocks b ON a.id < b.id AND a.geom && ST_Expand(b.geom, 1e-7) AND ST_DWithin(a.geom, b.geom, 1e-7)
     ORDER BY a.id, b.id`,
  )).rows.filter((r) => r.sharedM > 1)
}
