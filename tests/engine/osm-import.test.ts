import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { booleanValid } from '@turf/boolean-valid'
import { attachPoints, buildWalkGraph, isochrones, shortestPaths, type LngLat } from '../../server/engine/index.ts'
import { polygonProblems } from './helpers/polygon-validity.ts'
import { linesToWalkNetwork } from '../../geodata/import/osm/lines-to-walk-network.ts'
import { readOsm } from '../../geodata/import/osm/read-osm.ts'
import { isWalkableWay, osmWalkNetwork } from '../../geodata/import/osm/osm-walk-network.ts'
import { tilezenWalkNetwork } from '../../geodata/import/osm/tilezen-walk-network.ts'

const RAW = process.env.GEODATA_RAW ?? join(import.meta.dirname, '../../../shared/geodata-raw')
const HAIDIAN = join(RAW, 'beijing-haidian-cau-osm')
const BUND = join(RAW, 'shanghai-bund-lujiazui-tilezen/roads_merged_by_id.geojson')

describe('linesToWalkNetwork', () => {
  it('makes nodes at line ends and shared vertices, and splits lines there', () => {
    const net = linesToWalkNetwork([
      { coords: [[0, 0], [0.001, 0], [0.002, 0]] },
      { coords: [[0.001, 0.001], [0.001, 0]] }, // a T onto the middle vertex of the first line
      { coords: [[0.002, 0.001], [0.0025, 0.001]], compoundId: 'C' },
    ])
    expect(net.nodes).toHaveLength(6)
    expect(net.edges.map((e) => [e.source, e.target])).toEqual([[1, 2], [2, 3], [4, 2], [5, 6]])
    expect(net.edges[0].lengthM).toBeCloseTo(111.2, 1)
    expect(net.edges[3].compoundId).toBe('C')
  })
})

describe('OSM walkable ways', () => {
  it('follows highway and foot/access tags', () => {
    expect(isWalkableWay({ highway: 'footway' })).toBe(true)
    expect(isWalkableWay({ highway: 'residential', access: 'private' })).toBe(false)
    expect(isWalkableWay({ highway: 'service', access: 'private', foot: 'yes' })).toBe(true)
    expect(isWalkableWay({ highway: 'motorway' })).toBe(false)
    // Chinese cycle tracks are shared with pedestrians in practice (see osm-walk-network.ts).
    expect(isWalkableWay({ highway: 'cycleway' })).toBe(true)
    expect(isWalkableWay({ highway: 'cycleway', foot: 'no' })).toBe(false)
    expect(isWalkableWay({ highway: 'cycleway', foot: 'designated' })).toBe(true)
    expect(isWalkableWay({ highway: 'primary', foot: 'no' })).toBe(false)
    expect(isWalkableWay({ building: 'yes' })).toBe(false)
  })

  it.skipIf(!existsSync(HAIDIAN))(`reads the Haidian extract as XML and as PBF into the same network${existsSync(HAIDIAN) ? '' : ` (${HAIDIAN} not found)`}`, async () => {
    const xml = osmWalkNetwork(await readOsm(join(HAIDIAN, 'map.osm')))
    const pbf = osmWalkNetwork(await readOsm(join(HAIDIAN, 'map.osm.pbf')))
    expect(pbf).toEqual(xml)
    // SOURCE.md counts 285 walkable ways for this extract; they split into more edges at junctions.
    expect(xml.edges.length).toBeGreaterThan(285)
    const ids = new Set(xml.nodes.map((n) => n.id))
    expect(xml.edges.every((e) => ids.has(e.source) && ids.has(e.target) && e.lengthM > 0)).toBe(true)
  })
})

describe('Tilezen roads (Shanghai Bund / Lujiazui)', () => {
  it.skipIf(!existsSync(BUND))(`keeps the Huangpu a barrier: no walk from the Bund to Lujiazui without ferries${existsSync(BUND) ? '' : ` (${BUND} not found)`}`, () => {
    const features = JSON.parse(readFileSync(BUND, 'utf8')).features
    const { graph } = buildWalkGraph(tilezenWalkNetwork(features))
    const bund: LngLat = [121.48562, 31.23989] // a vertex of 中山东一路 (the Bund), west bank
    const lujiazui: LngLat = [121.49632, 31.24004] // a vertex of 世纪大道 (Century Avenue), east bank
    const [a, b] = attachPoints(graph, [{ lngLat: bund }, { lngLat: lujiazui }], { maxSnapM: 20 })
    expect(a.edge).toBeGreaterThanOrEqual(0)
    expect(b.edge).toBeGreaterThanOrEqual(0)
    const d = shortestPaths(graph, [a]).distanceM
    expect(d[b.nodeA]).toBe(Infinity)
    // Both banks are well connected on their own side.
    const reached = d.filter((x) => x < Infinity).length
    expect(reached).toBeGreaterThan(300)
    // The 15-minute area from the Bund is valid and stops at the water.
    const [f] = isochrones(graph, [{ lngLat: bund }], { minutes: [15] }).features
    expect(polygonProblems(f.geometry)).toEqual([])
    expect(booleanValid(f as never)).toBe(true)
    expect(booleanPointInPolygon(bund, f as never)).toBe(true)
    expect(booleanPointInPolygon(lujiazui, f as never)).toBe(false)
  })
})
