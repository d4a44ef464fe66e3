import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attachPoints, createCoverageModel, shortestPaths, sourceAtNode, type CoverageModel } from '../../server/engine/index.ts'
import { loadCoverageInputs } from '../../server/plugins/coverage/queries.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { createImportDatabase, IMPORT_DB_SKIP, type ImportTestDatabase } from '../helpers/import-database.ts'
import { OsmDrawing } from '../helpers/osm-xml.ts'

/**
 * No real sample has walled compounds, so this one is drawn: compound A is a landuse=residential tagged
 * barrier=wall with a gate on its south wall, and two paths that reach the outside elsewhere without a
 * gate (one crosses the north wall between nodes, one meets a west path at a node on the wall); compound B
 * is a plain landuse=residential inside a separately drawn fence ring, with an entrance on the fence 1 m
 * outside the landuse outline. Streets run round both.
 */
function drawCompounds() {
  const d = new OsmDrawing([116.36, 40.02])
  const street = (...ids: number[]) => d.way(ids, { highway: 'residential' })
  const [sw, se, nw, ne] = [d.node(-10, -10), d.node(210, -10), d.node(-10, 210), d.node(210, 210)]
  const south = [sw, d.node(100, -10), se, d.node(350, -10), d.node(450, -10)]
  const north = [nw, d.node(50, 210), ne]
  const west = [sw, d.node(-10, 100), nw]
  street(...south)
  street(...north)
  street(...west)
  street(se, ne)

  const gateA = d.node(100, 0, { barrier: 'gate', name: '南门' })
  const onWall = d.node(0, 100)
  const cornerA = [d.node(0, 0), d.node(200, 0), d.node(200, 200), d.node(0, 200)]
  const wallA = d.way([cornerA[0], gateA, cornerA[1], cornerA[2], cornerA[3], onWall, cornerA[0]], { landuse: 'residential', barrier: 'wall', name: '围墙小区' })
  const mid = d.node(100, 100)
  // Through the gate to the middle and on north.
  d.way([south[1], gateA, mid, d.node(100, 180)], { highway: 'footway' })
  // Through the north wall without a gate.
  d.way([north[1], d.node(50, 100), mid], { highway: 'footway' })
  // From the west street to a node on the wall, and on inside.
  d.way([west[1], onWall], { highway: 'footway' })
  d.way([onWall, mid], { highway: 'footway' })
  const a1 = d.rect(20, 120, 80, 150, { building: 'residential', name: 'A1' })
  const a2 = d.rect(120, 120, 180, 150, { building: 'residential', name: 'A2' })

  const landB = d.rect(300, 0, 400, 100, { landuse: 'residential', name: '栅栏小区' })
  const gateB = d.node(350, -1, { entrance: 'yes' })
  const fence = [d.node(299, -1), gateB, d.node(401, -1), d.node(401, 101), d.node(299, 101)]
  d.way([...fence, fence[0]], { barrier: 'fence' })
  d.way([south[3], gateB, d.node(350, 50)], { highway: 'footway' })
  const b1 = d.rect(320, 60, 380, 90, { building: 'residential', name: 'B1' })
  d.rect(250, 250, 280, 280, { building: 'residential', name: 'outside' })
  return { d, ids: { gateA, onWall, wallA, landB, gateB, a1, a2, b1 } }
}

describe.skipIf(IMPORT_DB_SKIP)(`walled compounds and gates${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  const { d, ids } = drawCompounds()
  const A = `osm-w${ids.wallA}`, B = `osm-w${ids.landB}`
  let db: ImportTestDatabase
  let model: CoverageModel
  beforeAll(async () => {
    db = await createImportDatabase('walls')
    const file = join(mkdtempSync(join(tmpdir(), 'import-walls-')), 'compounds.osm')
    writeFileSync(file, d.xml())
    const r = await importOsm(db.pool, file, { makeDistrict: '围墙样例区' })
    expect(r.details.walls).toMatchObject({ compounds: 2, gates: 2 })
    model = createCoverageModel(await loadCoverageInputs(db.pool))
  })
  afterAll(async () => db?.drop())

  it('lands compounds, gates and buildings in the tables the demo uses', async () => {
    expect((await db.pool.query('SELECT id, name, walled FROM compounds ORDER BY id')).rows).toEqual(
      [{ id: A, name: '围墙小区', walled: true }, { id: B, name: '栅栏小区', walled: true }].sort((a, b) => a.id.localeCompare(b.id)))
    expect((await db.pool.query('SELECT id, compound_id, name FROM compound_gates ORDER BY compound_id')).rows).toEqual(
      [{ id: `osm-n${ids.gateA}`, compound_id: A, name: '南门' }, { id: `osm-n${ids.gateB}`, compound_id: B, name: '门' }].sort((a, b) => a.compound_id.localeCompare(b.compound_id)))
    expect((await db.pool.query('SELECT id, compound_id FROM buildings ORDER BY id')).rows).toEqual(expect.arrayContaining([
      { id: `osm-w${ids.a1}`, compound_id: A }, { id: `osm-w${ids.a2}`, compound_id: A }, { id: `osm-w${ids.b1}`, compound_id: B },
    ]))
    // Paths inside carry the compound's id, like the demo's compound paths; the streets do not.
    const kinds = (await db.pool.query(`SELECT compound_id, array_agg(DISTINCT kind) AS kinds, count(*)::int AS n FROM walk_edges GROUP BY compound_id ORDER BY compound_id NULLS LAST`)).rows
    expect(kinds).toEqual([
      ...[{ compound_id: A, kinds: ['compound_path'], n: 4 }, { compound_id: B, kinds: ['compound_path'], n: 1 }].sort((a, b) => a.compound_id.localeCompare(b.compound_id)),
      { compound_id: null, kinds: ['alley', 'local'], n: expect.any(Number) },
    ])
  })

  it('joins each compound to the public network at its gates and nowhere else', async () => {
    const meeting = (await db.pool.query(`SELECT c.compound_id, n.id, ST_Distance(n.geom::geography, g.geom::geography) AS from_gate
      FROM (SELECT DISTINCT compound_id, unnest(ARRAY[source, target]) AS node FROM walk_edges WHERE compound_id IS NOT NULL) c
      JOIN walk_nodes n ON n.id = c.node
      JOIN compound_gates g ON g.compound_id = c.compound_id
      WHERE EXISTS (SELECT 1 FROM walk_edges p WHERE p.compound_id IS NULL AND n.id IN (p.source, p.target))
      ORDER BY c.compound_id`)).rows
    // A's gate node is on the footway, so the gate itself is the meeting node; B's path meets the landuse
    // outline 1 m inside its fence gate.
    expect(meeting.map((m) => m.compound_id).sort()).toEqual([A, B].sort())
    expect(meeting.find((m) => m.compound_id === A)).toMatchObject({ id: ids.gateA, from_gate: 0 })
    expect(meeting.find((m) => m.compound_id === B)!.from_gate).toBeLessThan(3)
  })

  it('makes the coverage engine walk into a compound through its gate only', () => {
    const g = model.graph
    const node = (building: number) => model.buildings.node[model.buildings.ids.indexOf(`osm-w${building}`)]
    // A station on the north street, just outside A's north wall, 60–90 m from A1 as the crow flies.
    const [station] = attachPoints(g, [{ lngLat: d.lngLat(50, 212), compoundId: null }])
    const fromStation = shortestPaths(g, [station]).distanceM
    const fromGate = shortestPaths(g, [sourceAtNode(g, ids.gateA)]).distanceM
    const gate = g.nodeIndex.get(ids.gateA)!
    for (const b of [ids.a1, ids.a2]) {
      // The building was imported and attached to a node of the walk graph.
      expect(model.buildings.ids).toContain(`osm-w${b}`)
      expect(Number.isInteger(node(b))).toBe(true)
      expect(fromStation[node(b)]).toBeCloseTo(fromStation[gate] + fromGate[node(b)], 6)
    }
    // Round the block to the south gate: far more than the 60 m through the north wall.
    expect(fromStation[node(ids.a1)]).toBeGreaterThan(450)
    // The building outside is reached directly from the street.
    const outside = model.buildings.ids.findIndex((id) => id !== `osm-w${ids.a1}` && id !== `osm-w${ids.a2}` && id !== `osm-w${ids.b1}`)
    expect(fromStation[model.buildings.node[outside]]).toBeLessThan(400)
  })

  it('walks into the fenced compound through the point by its fence gate', async () => {
    const g = model.graph
    const meeting = (await db.pool.query(`SELECT DISTINCT unnest(ARRAY[source, target])::float8 AS id FROM walk_edges WHERE compound_id = $1
      INTERSECT SELECT unnest(ARRAY[source, target])::float8 FROM walk_edges WHERE compound_id IS NULL`, [B])).rows
    expect(meeting).toHaveLength(1)
    const b1 = model.buildings.node[model.buildings.ids.indexOf(`osm-w${ids.b1}`)]
    const [station] = attachPoints(g, [{ lngLat: d.lngLat(440, -12), compoundId: null }])
    const fromStation = shortestPaths(g, [station]).distanceM
    const fromMeeting = shortestPaths(g, [sourceAtNode(g, meeting[0].id)]).distanceM
    expect(fromStation[b1]).toBeCloseTo(fromStation[g.nodeIndex.get(meeting[0].id)!] + fromMeeting[b1], 6)
    expect(fromStation[b1]).toBeLessThan(300)
  })
})
