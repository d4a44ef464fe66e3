import { readFileSync, readdirSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { area } from '@turf/area'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { booleanValid } from '@turf/boolean-valid'
import { difference } from '@turf/difference'
import { featureCollection } from '@turf/helpers'
import { intersect } from '@turf/intersect'
import { buildWalkGraph, isochrones, type IsochroneFeature, type LngLat } from '../../server/engine/index.ts'
import { linesToWalkNetwork } from '../../geodata/import/osm/lines-to-walk-network.ts'
import { polygonProblems } from './helpers/polygon-validity.ts'
import { at, localNetwork } from './helpers/local-network.ts'

const FIXTURES = join(import.meta.dirname, '../fixtures/engine/isochrones')
const REGEN = process.env.REGEN === 'true'

interface FixtureInput {
  properties: { minutes: number[]; sideM: number; cellM: number; bands: boolean }
  features: { properties: { compoundId?: string | null; station?: boolean }; geometry: { type: string; coordinates: unknown } }[]
}

function expectValid(f: IsochroneFeature) {
  expect(polygonProblems(f.geometry)).toEqual([])
  if (f.geometry.coordinates.length > 0) expect(booleanValid(f as never)).toBe(true)
}

const inside = (f: IsochroneFeature, p: LngLat) => f.geometry.coordinates.length > 0 && booleanPointInPolygon(p, f as never)

describe('isochrone fixtures (in/*.geojson → out/*.geojson)', () => {
  for (const file of readdirSync(join(FIXTURES, 'in')).filter((f) => f.endsWith('.geojson'))) {
    it(file, () => {
      const input = JSON.parse(readFileSync(join(FIXTURES, 'in', file), 'utf8')) as FixtureInput
      const lines = input.features.filter((f) => f.geometry.type === 'LineString')
      const network = linesToWalkNetwork(lines.map((f) => ({ coords: f.geometry.coordinates as LngLat[], compoundId: f.properties.compoundId })))
      const stations = input.features
        .filter((f) => f.properties.station)
        .map((f) => ({ lngLat: f.geometry.coordinates as LngLat, compoundId: f.properties.compoundId ?? null }))
      const { graph } = buildWalkGraph(network)
      const result = isochrones(graph, stations, input.properties)
      result.features.forEach(expectValid)
      const out = {
        type: 'FeatureCollection',
        features: [...result.features, ...input.features.map((f) => ({ type: 'Feature', ...f }))],
      }
      const outFile = join(FIXTURES, 'out', file)
      const text = `{"type":"FeatureCollection","features":[\n${out.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`
      if (REGEN || !existsSync(outFile)) {
        mkdirSync(join(FIXTURES, 'out'), { recursive: true })
        writeFileSync(outFile, text)
      }
      expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(outFile, 'utf8')))
    })
  }
})

describe('isochrones', () => {
  // A lattice of 300 m blocks with a walled compound in block 300–600 × 300–600; its gate on the
  // north (far) or the south (near) side of a station at the south-west.
  const compound = (gate: 'north' | 'south') => {
    const xs = [0, 300, 600, 900, 1200]
    const nodes: Record<number, [number, number]> = {}
    const id = (x: number, y: number) => x * 10 + y / 100 + 1
    for (const x of xs) for (const y of xs) nodes[id(x, y)] = [x, y]
    const edges: [number, number, string?][] = []
    for (const x of xs) for (let k = 0; k < 4; k++) edges.push([id(x, xs[k]), id(x, xs[k + 1])], [id(xs[k], x), id(xs[k + 1], x)])
    const gy = gate === 'north' ? 600 : 300
    nodes[100001] = [450, gy]
    nodes[100002] = [450, 450]
    // The gate splits its street.
    const i = edges.findIndex(([a, b]) => a === id(300, gy) && b === id(600, gy))
    edges.splice(i, 1, [id(300, gy), 100001], [100001, id(600, gy)])
    edges.push([100001, 100002, 'C'])
    return buildWalkGraph(localNetwork(nodes, edges)).graph
  }
  const station = [{ lngLat: at(295, 0) }]

  it('leaves a hole over a walled compound whose gate is on the far side, and covers it through a near gate', () => {
    const far = isochrones(compound('north'), station, { minutes: [10], bands: false }).features[0]
    const near = isochrones(compound('south'), station, { minutes: [10], bands: false }).features[0]
    expectValid(far)
    expectValid(near)
    expect(inside(far, at(450, 450))).toBe(false)
    expect(inside(far, at(450, 310))).toBe(true) // the street along the wall is reached
    expect(inside(near, at(450, 450))).toBe(true)
    const holes = (f: IsochroneFeature) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).reduce((s, p) => s + p.length - 1, 0)
    expect(holes(far)).toBeGreaterThan(0)
  })

  it('a 5-minute area lies inside the 15-minute one; as bands they do not overlap', () => {
    const g = compound('north')
    const [five, fifteen] = isochrones(g, station, { minutes: [5, 15], bands: false }).features
    const outside = difference(featureCollection([five, fifteen] as never))
    expect(outside === null ? 0 : area(outside)).toBeLessThan(1)
    const [b5, b15] = isochrones(g, station, { minutes: [5, 15] }).features
    b15.geometry.coordinates.length && expectValid(b15)
    const both = intersect(featureCollection([b5, b15] as never))
    expect(both === null ? 0 : area(both)).toBeLessThan(1)
    // Together the bands cover the nested area, short of at most a few 50 m² saddle diamonds.
    expect(Math.abs(area(b5 as never) + area(b15 as never) - area(fifteen as never))).toBeLessThan(500)
  })

  it('follows a partly reached street only as far as the minutes allow, plus the side distance', () => {
    const { graph } = buildWalkGraph(localNetwork({ 1: [0, 0], 2: [3000, 0] }, [[1, 2]]))
    const [f] = isochrones(graph, [{ lngLat: at(1000, 0) }], { minutes: [5], sideM: 40, cellM: 5 }).features
    expectValid(f)
    const xs = (f.geometry.coordinates as LngLat[][]).flat().map((p) => p[0])
    const metres = (lng: number) => (lng - at(0, 0)[0]) / (at(1, 0)[0] - at(0, 0)[0])
    expect(Math.max(...xs.map(metres))).toBeCloseTo(1000 + 333.3 + 40, -1)
    expect(Math.min(...xs.map(metres))).toBeCloseTo(1000 - 333.3 - 40, -1)
  })

  it('dissolves many stations into one feature per minute value and returns empty areas for unreachable ones', () => {
    const { graph } = buildWalkGraph(localNetwork({ 1: [0, 0], 2: [5000, 0] }, [[1, 2]]))
    const [f] = isochrones(graph, [{ lngLat: at(500, 0) }, { lngLat: at(4000, 0) }], { minutes: [5] }).features
    expect(f.geometry.type).toBe('MultiPolygon')
    expect(f.geometry.coordinates).toHaveLength(2)
    expect(f.properties).toEqual({ minutes: 5, metres: 333.3, sources: 2 })
    const empty = isochrones(graph, [{ lngLat: at(500, 5000) }], { minutes: [5] }).features[0]
    expect(empty.geometry).toEqual({ type: 'MultiPolygon', coordinates: [] })
  })

  it('checks its arguments', () => {
    const g = compound('north')
    expect(() => isochrones(g, station, { minutes: [] })).toThrow('minutes must be a non-empty array of positive numbers')
    expect(() => isochrones(g, station, { sideM: 0 })).toThrow('sideM must be a positive finite number, got 0')
    expect(() => isochrones(g, [{ lngLat: [1, 100] }])).toThrow('points[0].lngLat must be a [lng, lat] pair')
  })
})
