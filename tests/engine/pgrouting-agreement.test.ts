/**
 * The engine's node distances against pgRouting's pgr_drivingDistance on the same networks (undirected,
 * cost = length), within 0.5 m. Per-origin answers are used (equicost => false, minimum over origins):
 * pgRouting 3.4's one-call equicost mode is known to return some distances up to 19 m too long.
 * Runs where TEST_DATABASE_URL points at a database with pgRouting; works in its own schema engine_check.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attachPoints, buildWalkGraph, shortestPaths, sourceAtNode, type WalkNetworkInput } from '../../server/engine/index.ts'
import { tilezenWalkNetwork } from '../../geodata/import/osm/tilezen-walk-network.ts'
import { readOsm } from '../../geodata/import/osm/read-osm.ts'
import { osmWalkNetwork } from '../../geodata/import/osm/osm-walk-network.ts'
import { drivingDistance, loadEdgeTable } from './helpers/pg-network.ts'
import { rng } from './helpers/synthetic-district.ts'

const url = process.env.TEST_DATABASE_URL
const RAW = join(import.meta.dirname, '../../../shared/geodata-raw')
const SCHEMA = 'engine_check'
const MAX_M = 1000
const TOLERANCE_M = 0.5

let client: pg.Client | undefined
let unavailable: string | undefined = url ? undefined : 'TEST_DATABASE_URL not set'

beforeAll(async () => {
  if (!url) return
  client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'`)
  if (rows.length === 0) {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting')
    } catch (err) {
      unavailable = `pgRouting is not installed in TEST_DATABASE_URL and CREATE EXTENSION failed: ${(err as Error).message}`
      return
    }
  }
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  await client.query(`CREATE SCHEMA ${SCHEMA}`)
})

afterAll(async () => {
  if (client && !unavailable) await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  await client?.end()
})

/** Skips with the reason printed, so a run log says exactly what was missing. */
function skip(ctx: { skip: (note?: string) => never }, reason: string): never {
  console.log(`[pgrouting] skipped: ${reason}`)
  return ctx.skip(reason)
}

/** Loads, runs both, compares; returns a one-line summary. */
async function compare(name: string, network: WalkNetworkInput, origins: number[]): Promise<string> {
  const table = `${SCHEMA}.${name.replace(/\W+/g, '_')}`
  await loadEdgeTable(client!, table, network)
  const pgr = await drivingDistance(client!, table, origins, MAX_M)
  const { graph } = buildWalkGraph(network)
  const mine = shortestPaths(graph, origins.map((id) => sourceAtNode(graph, id)), { maxDistanceM: MAX_M }).distanceM
  let worst = 0, compared = 0
  const disagreements: string[] = []
  for (let v = 0; v < graph.baseNodeCount; v++) {
    const id = graph.nodeIds[v]
    const a = mine[v], b = pgr.get(id)
    // Nodes right at the cut-off may fall on either side of it through float rounding.
    if (b === undefined) {
      if (a < MAX_M - TOLERANCE_M) disagreements.push(`node ${id}: engine ${a.toFixed(3)} m, pgRouting unreached`)
      continue
    }
    compared++
    const diff = Math.abs(a - b)
    worst = Math.max(worst, Number.isFinite(diff) ? diff : Infinity)
    if (!(diff <= TOLERANCE_M) && !(b > MAX_M - TOLERANCE_M && a === Infinity)) disagreements.push(`node ${id}: engine ${a} m, pgRouting ${b} m`)
  }
  expect(disagreements.slice(0, 10)).toEqual([])
  expect(compared).toBeGreaterThan(100)
  const line = `${name}: ${network.edges.length} edges, ${origins.length} origins, ${MAX_M} m — ${compared} nodes agree, max |Δ| ${worst.toExponential(1)} m`
  console.log(`[pgrouting] ${line}`)
  return line
}

/** Deterministic origins among nodes with at least two edges. */
function someNodes(network: WalkNetworkInput, n: number, seed: number): number[] {
  const degree = new Map<number, number>()
  for (const e of network.edges) for (const v of [e.source, e.target]) degree.set(v, (degree.get(v) ?? 0) + 1)
  const pool = network.nodes.filter((x) => (degree.get(x.id) ?? 0) >= 2).map((x) => x.id)
  const r = rng(seed)
  return Array.from({ length: n }, () => pool[Math.floor(r() * pool.length)])
}

describe('pgRouting agreement (pgr_drivingDistance, undirected, cost = length)', () => {
  it('the generated demo district', async (ctx) => {
    if (unavailable) return skip(ctx, unavailable)
    const { generateDistrict } = await import('../../geodata/generate/index.ts')
    const ds = generateDistrict({ seed: 20240701, scale: 1 })
    const network = { nodes: ds.walkNodes, edges: ds.walkEdges }
    const { graph } = buildWalkGraph(network)
    // Origins: the network nodes next to eight stations.
    const origins = attachPoints(graph, ds.stations.slice(0, 8)).map((a) => graph.nodeIds[a.nodeA])
    await compare('demo district', network, origins)
  })

  it('Shanghai Bund/Lujiazui roads (Tilezen GeoJSON; ferries excluded, the Huangpu is a barrier)', async (ctx) => {
    if (unavailable) return skip(ctx, unavailable)
    const file = join(RAW, 'shanghai-bund-lujiazui-tilezen/roads_merged_by_id.geojson')
    if (!existsSync(file)) return skip(ctx, `${file} not found (../shared/geodata-raw is absent)`)
    const network = tilezenWalkNetwork(JSON.parse(readFileSync(file, 'utf8')).features)
    await compare('bund', network, someNodes(network, 20, 1))
  })

  it('Beijing Haidian raw OSM extract (PBF, walkable highway=* ways split at shared nodes)', async (ctx) => {
    if (unavailable) return skip(ctx, unavailable)
    const file = join(RAW, 'beijing-haidian-cau-osm/map.osm.pbf')
    if (!existsSync(file)) return skip(ctx, `${file} not found (../shared/geodata-raw is absent)`)
    const network = osmWalkNetwork(await readOsm(file))
    await compare('haidian osm', network, someNodes(network, 10, 2))
  })
})
