/**
 * The SQL side of the OSM import: stage records in temporary tables, repair outlines (ST_MakeValid,
 * keeping the largest polygon), place each record in the finest area containing it, and upsert by the
 * stable ids derived from OSM ids, so a re-run updates the same rows.
 */
import type pg from 'pg'
import { bulkLoad, geomFromJson } from '../lib/bulk.ts'
import { countLoaded, type ImportReport } from '../lib/report.ts'
import type { OsmFeatures } from './features.ts'
import type { WalledCompound, WallGate } from './walls.ts'

export interface WalkEdgeRecord {
  id: number
  source: number
  target: number
  lengthM: number
  kind: string
  name: string | null
  compoundId: string | null
  coords: readonly (readonly number[])[]
}

/** A walk network as records (a GeoJSON line layer's); the OSM one is turned into records a chunk at a time. */
export interface WalkRows {
  nodes: { id: number; lngLat: [number, number] }[]
  edges: WalkEdgeRecord[]
}

const RANK = `array_position(ARRAY['district', 'street', 'community', 'grid'], a.level)`
/** The finest area containing point `p` (a grid where there are grids). */
const finestArea = (p: string) => `(SELECT a.id FROM areas a WHERE a.geom && ${p} AND ST_Intersects(a.geom, ${p}) ORDER BY ${RANK} DESC, a.id LIMIT 1)`
/** The finest area at community level or above containing `p` (compounds.community_id). */
const communityOf = (p: string) =>
  `(SELECT a.id FROM areas a WHERE a.level <> 'grid' AND a.geom && ${p} AND ST_Intersects(a.geom, ${p}) ORDER BY ${RANK} DESC, a.id LIMIT 1)`
const largestPolygon = (g: string) => `(SELECT d.geom FROM ST_Dump(ST_CollectionExtract(ST_MakeValid(${g}), 3)) d ORDER BY ST_Area(d.geom) DESC LIMIT 1)`

async function stagePolygons(client: pg.PoolClient, table: string, rows: readonly { rings: unknown }[], recordType: string, columns: string, report: ImportReport, what: string) {
  await client.query(`CREATE TEMP TABLE ${table} (${columns}, geom geometry) ON COMMIT DROP`)
  const names = columns.split(',').map((c) => c.trim().split(' ')[0])
  await bulkLoad(client, {
    label: what, rows, recordType: `${recordType}, rings json`,
    sql: `INSERT INTO ${table} (${names.join(', ')}, geom) SELECT ${names.map((n) => `"${n}"`).join(', ')}, ${geomFromJson('Polygon', 'rings')} FROM r`,
  })
  const bad = await client.query<{ id: string; reason: string }>(`SELECT ${names[0]} AS id, ST_IsValidReason(geom) AS reason FROM ${table} WHERE NOT ST_IsValid(geom)`)
  for (const r of bad.rows) report.repaired.push({ where: `${what} ${r.id}`, reasons: [`invalid outline (${r.reason}); repaired with ST_MakeValid`] })
  if (bad.rows.length) await client.query(`UPDATE ${table} SET geom = ${largestPolygon('geom')} WHERE NOT ST_IsValid(geom)`)
  await client.query(`DELETE FROM ${table} WHERE geom IS NULL OR ST_IsEmpty(geom)`)
}

export async function loadOsmFeatures(client: pg.PoolClient, f: OsmFeatures, source: string, report: ImportReport): Promise<void> {
  // Walled compounds: residential landuse tagged barrier=wall/fence, or nearly filled by a closed wall or
  // fence ring (the wall mapped as its own way): the ring covers ≥ 90 % of the landuse and is at most half
  // as large again, so a wall round a whole campus does not make every estate inside one compound.
  await stagePolygons(client, 'imp_barriers', f.barriers.map((b, i) => ({ id: String(i), rings: b.rings })), 'id text', 'id text', report, 'barrier')
  await stagePolygons(client, 'imp_residential', f.residential, 'id text, name text, walled boolean', 'id text, name text, walled boolean', report, 'compound')
  await client.query(`UPDATE imp_residential c SET walled = true WHERE NOT walled AND EXISTS (
    SELECT 1 FROM imp_barriers b WHERE b.geom && c.geom AND ST_Area(b.geom) <= 1.5 * ST_Area(c.geom)
      AND ST_Area(ST_Intersection(b.geom, c.geom)) >= 0.9 * ST_Area(c.geom))`)
  const compounds = await client.query<{ id: string }>(
    `WITH placed AS (
       SELECT c.id, c.name, c.geom, ${communityOf('ST_PointOnSurface(c.geom)')} AS community_id, ${finestArea('ST_PointOnSurface(c.geom)')} AS grid_id
       FROM imp_residential c WHERE c.walled)
     INSERT INTO compounds (id, name, community_id, grid_id, walled, geom)
     SELECT id, name, community_id, grid_id, true, geom FROM placed WHERE grid_id IS NOT NULL
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, community_id = excluded.community_id, grid_id = excluded.grid_id, walled = true, geom = excluded.geom
     RETURNING id`,
  )
  countLoaded(report, 'compounds', compounds.rowCount ?? 0)
  const outside = await client.query<{ id: string }>(`SELECT id FROM imp_residential WHERE walled AND id NOT IN (SELECT id FROM compounds)`)
  for (const r of outside.rows) report.rejected.push({ where: `compound ${r.id}`, reasons: ['outside every area'] })

  // Gates: entrance=* and barrier=gate nodes within 3 m of a compound's outline (on the wall, allowing
  // for the wall and the landuse being drawn a little apart).
  await client.query('CREATE TEMP TABLE imp_gates (id text, name text, geom geometry) ON COMMIT DROP')
  await bulkLoad(client, { label: 'gates', rows: f.gates, recordType: 'id text, name text, "lngLat" json', sql: `INSERT INTO imp_gates SELECT id, name, ${geomFromJson('Point', '"lngLat"')} FROM r` })
  const gates = await client.query(
    `INSERT INTO compound_gates (id, compound_id, name, geom)
     SELECT g.id, c.id, g.name, g.geom FROM imp_gates g
     CROSS JOIN LATERAL (
       SELECT c.id FROM compounds c WHERE c.geom && ST_Expand(g.geom, 0.0001) AND ST_DWithin(ST_Boundary(c.geom)::geography, g.geom::geography, 3)
       ORDER BY ST_Distance(ST_Boundary(c.geom)::geography, g.geom::geography), c.id LIMIT 1) c
     ON CONFLICT (id) DO UPDATE SET compound_id = excluded.compound_id, name = excluded.name, geom = excluded.geom`,
  )
  countLoaded(report, 'compound_gates', gates.rowCount ?? 0)

  await stagePolygons(
    client, 'imp_buildings', f.buildings,
    'id text, name text, kind text, floors int, households int, residents int',
    'id text, name text, kind text, floors int, households int, residents int', report, 'building',
  )
  const buildings = await client.query(
    `WITH placed AS (
       SELECT b.*, ST_PointOnSurface(b.geom) AS entrance, ${finestArea('ST_PointOnSurface(b.geom)')} AS grid_id,
         (SELECT c.id FROM compounds c WHERE c.geom && b.geom AND ST_Contains(c.geom, ST_PointOnSurface(b.geom)) ORDER BY c.id LIMIT 1) AS compound_id
       FROM imp_buildings b)
     INSERT INTO buildings (id, name, kind, compound_id, grid_id, floors, households, residents, footprint, entrance)
     SELECT id, name, kind, compound_id, grid_id, floors, households, residents, geom, entrance FROM placed WHERE grid_id IS NOT NULL
     ON CONFLICT (id) DO UPDATE SET
       compound_id = excluded.compound_id, grid_id = excluded.grid_id, footprint = excluded.footprint, entrance = excluded.entrance,
       -- figures from a building register (registered) win over estimates from the outline
       name = CASE WHEN buildings.registered THEN buildings.name ELSE excluded.name END,
       kind = CASE WHEN buildings.registered THEN buildings.kind ELSE excluded.kind END,
       floors = CASE WHEN buildings.registered THEN buildings.floors ELSE excluded.floors END,
       households = CASE WHEN buildings.registered THEN buildings.households ELSE excluded.households END,
       residents = CASE WHEN buildings.registered THEN buildings.residents ELSE excluded.residents END`,
  )
  countLoaded(report, 'buildings', buildings.rowCount ?? 0)
  const lost = await client.query<{ id: string }>('SELECT id FROM imp_buildings WHERE id NOT IN (SELECT id FROM buildings) ORDER BY id')
  for (const r of lost.rows) report.rejected.push({ where: `building ${r.id}`, reasons: ['its centre is outside every area'] })

  await stagePolygons(client, 'imp_landuse', f.landuse, 'id text, kind text, name text', 'id text, kind text, name text', report, 'landuse')
  const landuse = await client.query(
    `INSERT INTO landuse (id, kind, name, geom) SELECT id, kind, name, geom FROM imp_landuse
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, geom = excluded.geom`,
  )
  countLoaded(report, 'landuse', landuse.rowCount ?? 0)

  const candidates = await bulkLoad(client, {
    label: 'station candidates', rows: f.candidates.map((c) => ({ ...c, source })),
    recordType: 'id text, kind text, name text, address text, source text, "lngLat" json',
    sql: `INSERT INTO station_candidates (id, kind, name, address, area_id, source, geom)
          SELECT id, kind, name, address, ${finestArea(geomFromJson('Point', '"lngLat"'))}, source, ${geomFromJson('Point', '"lngLat"')} FROM r
          ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, address = excluded.address, area_id = excluded.area_id, source = excluded.source, geom = excluded.geom`,
  })
  countLoaded(report, 'station_candidates', candidates)
}

/** Walled compounds over the extent (this import's and earlier ones') with their gates, for cutAtWalls. */
export async function walledCompoundsIn(client: pg.PoolClient, [w, s, e, n]: [number, number, number, number]): Promise<{ compounds: WalledCompound[]; gates: WallGate[] }> {
  const compounds = await client.query<{ id: string; g: { coordinates: [number, number][][] } }>(
    'SELECT id, ST_AsGeoJSON(geom)::json AS g FROM compounds WHERE walled AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id', [w, s, e, n])
  const gates = await client.query<{ id: string; compound_id: string; x: number; y: number }>(
    `SELECT g.id, g.compound_id, ST_X(g.geom) AS x, ST_Y(g.geom) AS y FROM compound_gates g JOIN compounds c ON c.id = g.compound_id
     WHERE c.walled AND c.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY g.id`, [w, s, e, n])
  return {
    compounds: compounds.rows.map((r) => ({ id: r.id, rings: r.g.coordinates })),
    gates: gates.rows.map((r) => ({ compoundId: r.compound_id, lngLat: [r.x, r.y], nodeId: /^osm-n\d+$/.test(r.id) ? Number(r.id.slice(5)) : null })),
  }
}

export async function loadWalkNetwork<E>(
  client: pg.PoolClient, nodes: readonly { id: number; lngLat: readonly number[] }[], edges: readonly E[], toRecord: (e: E) => WalkEdgeRecord,
  report: ImportReport, onChunk?: (done: number) => void,
): Promise<void> {
  const nodeCount = await bulkLoad(client, {
    label: 'walk nodes', rows: nodes, toRecord: (n) => ({ id: n.id, lngLat: n.lngLat }), recordType: 'id bigint, "lngLat" json',
    sql: `INSERT INTO walk_nodes (id, geom) SELECT id, ${geomFromJson('Point', '"lngLat"')} FROM r ON CONFLICT (id) DO UPDATE SET geom = excluded.geom`,
  })
  countLoaded(report, 'walk_nodes', nodeCount)
  const edgeCount = await bulkLoad(client, {
    label: 'walk edges', rows: edges, toRecord,
    recordType: 'id bigint, source bigint, target bigint, "lengthM" float8, kind text, name text, "compoundId" text, coords json',
    sql: `INSERT INTO walk_edges (id, source, target, length_m, kind, name, compound_id, geom)
          SELECT id, source, target, "lengthM", kind, name, "compoundId", ${geomFromJson('LineString', 'coords')} FROM r
          ON CONFLICT (id) DO UPDATE SET source = excluded.source, target = excluded.target, length_m = excluded.length_m,
            kind = excluded.kind, name = excluded.name, compound_id = excluded.compound_id, geom = excluded.geom`,
    onChunk,
  })
  countLoaded(report, 'walk_edges', edgeCount)
}
