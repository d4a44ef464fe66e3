import { describe, expect, it } from 'vitest'
import {
  computeCoverage,
  createCoverageModel,
  findGaps,
  minutesToMetres,
  nearestStations,
  stationsForScenario,
  type AreaCoverage,
  type StationInput,
} from '../../server/engine/index.ts'
import { syntheticDistrict } from './helpers/synthetic-district.ts'
import { at, building, localNetwork, ONE_GRID } from './helpers/local-network.ts'

describe('thresholds', () => {
  // A straight street; buildings at known walking distances from a station at x = 0 (on the street).
  const net = localNetwork({ 1: [0, 0], 2: [2000, 0] }, [[1, 2]])
  const s: StationInput = { id: 'S', kind: 'k', status: 'in_service', compoundId: null, lngLat: at(0, 0) }
  const fiveMin = minutesToMetres(5, 4) // 333.3 m at 4 km/h

  it('counts a building exactly on the threshold as covered and one just past it as not', () => {
    const model = createCoverageModel({
      network: net,
      buildings: [building('in', fiveMin - 1, 0), building('edge', fiveMin - 0.001, 0), building('out', fiveMin + 1, 0)],
      areas: ONE_GRID,
    })
    const { areas, nearest } = computeCoverage(model, [s], { minutes: [5] })
    expect(areas[0].covered['5'].buildings).toBe(2)
    expect([...nearest.distanceM].map((d) => Math.round(d))).toEqual([332, 333, 334])
  })

  it('follows the walking speed: 5 min at 4 km/h is 333 m (GB 50180-2018: ≈ 300 m), at 3 km/h 250 m', () => {
    const model = createCoverageModel({ network: net, buildings: [building('b', 300, 0)], areas: ONE_GRID })
    expect(computeCoverage(model, [s], { minutes: [5] }).areas[0].covered['5'].buildings).toBe(1)
    expect(computeCoverage(model, [s], { minutes: [5], speedKmh: 3 }).areas[0].covered['5'].buildings).toBe(0)
  })

  it('caps the search when asked: beyond maxMinutes distances are Infinity, counts unchanged', () => {
    const model = createCoverageModel({ network: net, buildings: [building('a', 200, 0), building('b', 1500, 0)], areas: ONE_GRID })
    const full = computeCoverage(model, [s], { minutes: [5, 15] })
    const capped = computeCoverage(model, [s], { minutes: [5, 15], maxMinutes: 15 })
    expect(full.nearest.distanceM[1]).toBeCloseTo(1500, 0)
    expect(capped.nearest.distanceM[1]).toBe(Infinity)
    expect(capped.areas).toEqual(full.areas)
  })
})

describe('scenarios', () => {
  const statuses = ['in_service', 'renovating', 'under_construction', 'planned'] as const
  const stations = statuses.map((status, i): StationInput => ({ id: status, kind: 'k', status, compoundId: null, lngLat: [0, i] }))

  it('are cumulative by status', () => {
    expect(stationsForScenario(stations, 'current').map((s) => s.id)).toEqual(['in_service'])
    expect(stationsForScenario(stations, 'renovated').map((s) => s.id)).toEqual(['in_service', 'renovating'])
    expect(stationsForScenario(stations, 'built').map((s) => s.id)).toEqual(['in_service', 'renovating', 'under_construction'])
    expect(stationsForScenario(stations, 'planned')).toHaveLength(4)
    expect(() => stationsForScenario(stations, 'someday' as never)).toThrow(
      'scenario must be one of current, renovated, built, planned, got "someday"',
    )
  })

  it('never cover fewer residents as the pipeline completes', () => {
    const d = syntheticDistrict({ seed: 5, stations: 12 })
    const model = createCoverageModel(d)
    const covered = (['current', 'renovated', 'built', 'planned'] as const).map(
      (scenario) => computeCoverage(model, d.stations, { scenario }).areas[0].covered['5'].residents,
    )
    for (let i = 1; i < covered.length; i++) expect(covered[i]).toBeGreaterThanOrEqual(covered[i - 1])
    expect(covered[3]).toBeGreaterThan(covered[0])
  })
})

describe('rollup over district → street → community → grid', () => {
  const d = syntheticDistrict({ seed: 9, cols: 8, rows: 6, stations: 10 })
  const model = createCoverageModel(d)
  const { areas } = computeCoverage(model, d.stations, { scenario: 'planned', minutes: [5, 15] })
  const byId = new Map(areas.map((a) => [a.id, a]))
  const fields = (a: AreaCoverage) => [
    a.residents, a.households, a.buildings, a.partyMemberHouseholds,
    ...['5', '15'].flatMap((m) => [a.covered[m].residents, a.covered[m].households, a.covered[m].buildings, a.covered[m].partyMemberHouseholds]),
  ]

  it('every parent equals the sum of its children, and the district the sum of its grids', () => {
    for (const parent of areas.filter((a) => a.level !== 'grid')) {
      const kids = areas.filter((a) => a.parentId === parent.id)
      const sums = kids.map(fields).reduce((s, f) => s.map((v, i) => v + f[i]))
      expect(fields(parent)).toEqual(sums)
    }
    const grids = areas.filter((a) => a.level === 'grid').map(fields).reduce((s, f) => s.map((v, i) => v + f[i]))
    expect(fields(byId.get('D')!)).toEqual(grids)
  })

  it('the district totals are the buildings themselves', () => {
    const district = byId.get('D')!
    expect(district.buildings).toBe(d.buildings.length)
    expect(district.residents).toBe(d.buildings.reduce((s, b) => s + b.residents, 0))
    expect(district.covered['15'].residents).toBeGreaterThanOrEqual(district.covered['5'].residents)
    expect(district.covered['5'].share).toBeCloseTo(district.covered['5'].residents / district.residents, 12)
  })

  it('returns only the levels asked for', () => {
    const streets = computeCoverage(model, d.stations, { levels: ['street'] }).areas
    expect(streets.map((a) => a.level)).toEqual(['street', 'street'])
  })
})

describe('nearest of each kind, and gaps', () => {
  const d = syntheticDistrict({ seed: 4, stations: 9 })
  const model = createCoverageModel(d)
  const near = nearestStations(model, d.stations)

  it('the overall nearest is the nearest over kinds', () => {
    for (let b = 0; b < model.buildings.count; b++) {
      const best = Math.min(...Object.values(near.byKind).map((k) => k.distanceM[b]))
      expect(near.distanceM[b]).toBeCloseTo(best, 9)
      const k = near.byKind[d.stations[near.station[b]].kind]
      expect(k.distanceM[b]).toBeCloseTo(near.distanceM[b], 9)
    }
  })

  it('gaps list the uncovered buildings, most residents first, with minutes to the nearest station', () => {
    const gaps = findGaps(model, near, { minutes: 5 })
    const uncovered = [...near.distanceM].filter((m) => m > minutesToMetres(5, 4)).length
    expect(gaps).toHaveLength(uncovered)
    for (let i = 1; i < gaps.length; i++) expect(gaps[i].residents).toBeLessThanOrEqual(gaps[i - 1].residents)
    for (const g of gaps) expect(g.distanceM ?? Infinity).toBeGreaterThan(minutesToMetres(5, 4))
    expect(findGaps(model, near, { minutes: 5, limit: 2 })).toEqual(gaps.slice(0, 2))
    const inStreet = findGaps(model, near, { minutes: 5, areaId: 'D-S1' })
    expect(inStreet.every((g) => g.areaId.startsWith('D-S1-'))).toBe(true)
    expect(() => findGaps(model, near, { areaId: 'nowhere' })).toThrow('areaId nowhere is not a known area')
  })
})

describe('argument checks', () => {
  const d = syntheticDistrict({ seed: 2 })
  const model = createCoverageModel(d)
  it('says exactly what is wrong', () => {
    expect(() => computeCoverage(model, d.stations, { minutes: [] })).toThrow('minutes must be a non-empty array of positive numbers')
    expect(() => computeCoverage(model, d.stations, { minutes: [5, -1] })).toThrow('minutes must be a non-empty array of positive numbers')
    expect(() => computeCoverage(model, d.stations, { speedKmh: 0 })).toThrow('speedKmh must be a positive finite number, got 0')
    expect(() => createCoverageModel({ ...d, buildings: [{ ...d.buildings[0], gridId: 'X' }] })).toThrow(
      `building ${d.buildings[0].id} refers to area X, which is not in areas`,
    )
    expect(() => createCoverageModel({ ...d, areas: [...d.areas, { id: 'Z', level: 'grid', parentId: 'Y', name: 'z' }] })).toThrow(
      'area Z has parent Y, which is not in areas',
    )
  })
})
