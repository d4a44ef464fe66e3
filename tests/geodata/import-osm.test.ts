import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildWalkGraph, shortestPaths, type WalkNetworkInput } from '../../server/engine/index.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { coverageOps } from '../../server/plugins/coverage/engine-ops.ts'
import type pg from 'pg'
import { createImportDatabase, IMPORT_DB_SKIP, RAW, type ImportTestDatabase } from '../helpers/import-database.ts'

const HAIDIAN = join(RAW, 'beijing-haidian-cau-osm')
const SHENZHEN = join(RAW, 'shenzhen-longgang-osm/map.osm')
const JINGAN = join(RAW, 'shanghai-jingan-osmnx-drive')
const BUND = join(RAW, 'shanghai-bund-lujiazui-tilezen/roads_merged_by_id.geojson')
const missing = (p: string) => (existsSync(p) ? '' : ` (${p} not found)`)

const opened: ImportTestDatabase[] = []
afterAll(async () => {
  for (const db of opened) await db.drop()
})
async function freshDatabase(label: string) {
  const db = await createImportDatabase(label)
  opened.push(db)
  return db
}

const counts = async (pool: pg.Pool) =>
  (await pool.query(`SELECT (SELECT count(*)::int FROM walk_nodes) AS nodes, (SELECT count(*)::int FROM walk_edges) AS edges,
    (SELECT count(*)::int FROM buildings) AS buildings, (SELECT count(*)::int FROM compounds) AS compounds,
    (SELECT count(*)::int FROM landuse) AS landuse, (SELECT count(*)::int FROM station_candidates) AS candidates`)).rows[0]

/** The walk network as the coverage engine takes it, read back from the database. */
async function walkNetwork(pool: pg.Pool): Promise<WalkNetworkInput> {
  const nodes = (await pool.query('SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y FROM walk_nodes ORDER BY id')).rows
  const edges = (await pool.query('SELECT id, source, target, length_m, ST_AsGeoJSON(geom)::json AS g FROM walk_edges ORDER BY id')).rows
  return {
    nodes: nodes.map((n) => ({ id: n.id, lngLat: [n.x, n.y] })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, lengthM: e.length_m, compoundId: null, coords: e.g.coordinates })),
  }
}

/** Share of the network's nodes reachable from the best of a few starting nodes (its main connected part). */
function reachableShare(net: WalkNetworkInput): number {
  const { graph } = buildWalkGraph(net)
  let best = 0
  for (const f of [0, 0.25, 0.5, 0.75]) {
    const s = Math.floor(f * graph.nodeCount)
    const d = shortestPaths(graph, [{ nodeA: s, distA: 0, nodeB: s, distB: 0 }] as never).distanceM
    best = Math.max(best, d.filter((x) => x < Infinity).length / d.length)
  }
  return best
}

describe.skipIf(IMPORT_DB_SKIP)(`OSM import${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  it('refuses a database without areas unless asked to make a district', async () => {
    const db = await freshDatabase('osm_empty')
    await expect(importOsm(db.pool, join(HAIDIAN, 'map.osm.pbf'))).rejects.toThrow(/import boundaries first/)
    expect(await counts(db.pool)).toMatchObject({ nodes: 0, buildings: 0 })
  })

  it.skipIf(!existsSync(HAIDIAN))(`loads Haidian the same from PBF and XML, and again without duplicates${missing(HAIDIAN)}`, async () => {
    const db = await freshDatabase('osm_haidian')
    const pbf = await importOsm(db.pool, join(HAIDIAN, 'map.osm.pbf'), { makeDistrict: '海淀样例区' })
    const afterPbf = await counts(db.pool)
    console.log('Haidian PBF:', JSON.stringify(pbf.loaded), `${pbf.durationMs} ms`)
    const xml = await importOsm(db.pool, join(HAIDIAN, 'map.osm'))
    const { areas: _a, ...pbfLoaded } = pbf.loaded
    expect(xml.loaded).toEqual(pbfLoaded)
    expect(await counts(db.pool)).toEqual(afterPbf)
    // SOURCE.md: 302 highway ways (285 walkable), 255 buildings drawn as ways; two more are multipolygon
    // relations, a building round a courtyard each (relations 19233725 and 19233726).
    expect(afterPbf.edges).toBeGreaterThan(285)
    expect(afterPbf.buildings).toBe(pbf.loaded.buildings)
    const fromRelations = (await db.pool.query(`SELECT id, ST_NumInteriorRings(footprint) AS holes FROM buildings WHERE id LIKE 'osm-r%' ORDER BY id`)).rows
    expect(fromRelations).toEqual([{ id: 'osm-r19233725', holes: 1 }, { id: 'osm-r19233726', holes: 1 }])
    expect(afterPbf.buildings - fromRelations.length).toBeGreaterThan(240)
    expect(afterPbf.buildings - fromRelations.length).toBeLessThanOrEqual(255)
    expect(pbf.details.multipolygons).toEqual(xml.details.multipolygons)
    // Every building sits in the made district and has an entrance inside its outline.
    const orphans = await db.pool.query(`SELECT count(*)::int AS n FROM buildings WHERE NOT ST_Intersects(footprint, entrance)`)
    expect(orphans.rows[0].n).toBe(0)
    const totals = await db.pool.query(`SELECT residents, buildings FROM area_totals t JOIN areas a ON a.id = t.area_id WHERE a.level = 'district'`)
    expect(totals.rows[0].buildings).toBe(afterPbf.buildings)
    expect(totals.rows[0].residents).toBeGreaterThan(0)
    // Edge ids are way id × 2048 + piece: a stable function of the way.
    const ids = await db.pool.query<{ ok: boolean }>('SELECT bool_and(id >= 2048) AS ok FROM walk_edges')
    expect(ids.rows[0].ok).toBe(true)
    expect(reachableShare(await walkNetwork(db.pool))).toBeGreaterThan(0.8)

    // Siting can use what the import found: its service places (amenity=community_centre, library …) and
    // vacant land (landuse=brownfield, greenfield, construction), named as in OSM.
    const places = (await db.pool.query(
      `SELECT 'p:' || id AS id, coalesce(name, address, kind) AS name FROM station_candidates
       UNION ALL SELECT 'l:' || id, coalesce(name, '闲置用地') FROM landuse WHERE kind = 'vacant'`,
    )).rows
    const vacant = places.filter((p) => p.id.startsWith('l:')).length
    expect(vacant).toBeGreaterThan(0)
    expect(places.length - vacant).toBeGreaterThan(0)
    const answer = await coverageOps(db.pool, 4).suggest({ k: 3, minutes: 15, scenario: 'current', sources: ['poi', 'land'] })
    expect(answer.sources).toEqual({ poi: places.length - vacant, land: vacant })
    expect(answer.sites.length).toBeGreaterThan(0)
    const byId = new Map(places.map((p) => [p.id, p.name]))
    for (const site of answer.sites) {
      expect(site.source).toBe(site.candidateId!.startsWith('p:') ? 'poi' : 'land')
      expect(site.name).toBe(byId.get(site.candidateId!))
      expect(site.gain).toBeGreaterThan(0)
    }
  })

  // The share of the network one walker reaches: the Huangpu splits the Bund sample in two, as it should
  // (ferries are not walking).
  const samples = [
    ['osm_shenzhen', SHENZHEN, 0.5], ['osm_jingan_xml', join(JINGAN, 'shanghai.osm'), 0.5],
    ['osm_jingan_pbf', join(JINGAN, 'shanghai.osm.pbf'), 0.5], ['osm_bund', BUND, 0.3],
  ] as const
  for (const [label, file, share] of samples) {
    it.skipIf(!existsSync(file))(`loads ${file.split('/').slice(-2).join('/')} and the engine walks it${missing(file)}`, async () => {
      const db = await freshDatabase(label)
      const r = await importOsm(db.pool, file, { makeDistrict: label })
      const c = await counts(db.pool)
      console.log(`${label}:`, JSON.stringify(c), `${r.durationMs} ms`)
      expect(c.edges).toBe(r.loaded.walk_edges)
      expect(c.nodes).toBe(r.loaded.walk_nodes)
      if (label === 'osm_shenzhen') {
        // Multipolygon relations: the stadium round its pitch, a reservoir round its island, a two-part shop.
        const rel = (await db.pool.query(`SELECT id, ST_NumInteriorRings(footprint) AS holes FROM buildings WHERE id LIKE 'osm-r%'
          UNION ALL SELECT id, ST_NumInteriorRings(geom) FROM landuse WHERE id LIKE 'osm-r%' ORDER BY id`)).rows
        console.log(`${label} from relations:`, JSON.stringify(rel), JSON.stringify(r.details.multipolygons))
        expect(rel).toContainEqual({ id: 'osm-r3220465', holes: 1 })
        expect(rel).toContainEqual({ id: 'osm-r2338978', holes: 1 })
        expect(rel.filter((x) => x.id.startsWith('osm-r3248674-'))).toHaveLength(2)
        // The campus relation whose two outer ways are campuses themselves adds nothing.
        expect(rel.some((x) => x.id.startsWith('osm-r10129044'))).toBe(false)
      }
      expect(c.edges).toBeGreaterThan(500)
      expect(reachableShare(await walkNetwork(db.pool))).toBeGreaterThan(share)
    })
  }
})
