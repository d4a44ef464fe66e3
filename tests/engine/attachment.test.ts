import { describe, expect, it } from 'vitest'
import { computeCoverage, createCoverageModel, type StationInput } from '../../server/engine/index.ts'
import { at, building, localNetwork, ONE_GRID } from './helpers/local-network.ts'

const station = (id: string, x: number, y: number, compoundId: string | null = null): StationInput => ({
  id, kind: 'compound_station', status: 'in_service', compoundId, lngLat: at(x, y),
})

/** Distance in metres from each building to the nearest station, by building id. */
function walk(model: ReturnType<typeof createCoverageModel>, stations: StationInput[]) {
  const { nearest } = computeCoverage(model, stations)
  return Object.fromEntries(model.buildings.ids.map((id, b) => [id, nearest.distanceM[b]]))
}

describe('attaching buildings and stations', () => {
  // A walled compound (x 100–300, y 10–110) south of a loop of streets; its only gate opens north.
  //   5 ——————— 6 (y 200)        gate edge 7–8 belongs to compound C, as do its paths 8–9 and 9–10
  //   |    8 (gate, y 110)  |
  //   |    9 (y 60)         |
  //   |    10 (y 30)        |
  //   1 ———— 2 ———— 3 ——— 4 (y 0)
  const net = localNetwork(
    { 1: [0, 0], 2: [200, 0], 3: [300, 0], 4: [400, 0], 5: [0, 200], 6: [400, 200], 7: [200, 200], 8: [200, 110], 9: [200, 60], 10: [200, 30] },
    [[1, 2], [2, 3], [3, 4], [4, 6], [6, 7], [7, 5], [5, 1], [7, 8, 'C'], [8, 9, 'C'], [9, 10, 'C']],
  )
  const len = (a: number, b: number) => net.edges.find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a))!.lengthM

  it('a compound building reaches the station just across the wall only through the gate', () => {
    const model = createCoverageModel({ network: net, buildings: [building('in', 200, 30, 'C')], areas: ONE_GRID })
    const d = walk(model, [station('S', 200, -4)])
    // Shortest way out: 10→9→8→7, then round the west side 7→5→1→2 (equal to the east side by symmetry).
    const viaGate = len(10, 9) + len(9, 8) + len(8, 7) + Math.min(len(7, 5) + len(5, 1) + len(1, 2), len(7, 6) + len(6, 4) + len(4, 3) + len(3, 2))
    expect(d.in).toBeCloseTo(viaGate + 4, 1)
    expect(d.in).toBeGreaterThan(600)
  })

  it('entrances off the network snap to their own compound paths, public ones to public edges only', () => {
    const model = createCoverageModel({
      network: net,
      buildings: [building('compound', 185, 20, 'C'), building('public', 215, 12, null), building('no-paths', 150, 20, 'OPEN')],
      areas: ONE_GRID,
    })
    const d = walk(model, [station('S', 200, -4)])
    // 'compound' is 12 m from the street but 15 m from path 9–10: it must take the path (and the gate).
    expect(d.compound).toBeGreaterThan(600)
    // 'public' is 15 m from the compound path, 12 m from the street: the street, then 15 m along it.
    expect(d.public).toBeCloseTo(12 + 15 + 4, 0)
    // A compound without paths of its own (not walled) uses the public streets.
    expect(d['no-paths']).toBeCloseTo(20 + 50 + 4, 0)
  })

  it('a station inside the compound serves its buildings directly and the street only via the gate', () => {
    const model = createCoverageModel({
      network: net,
      buildings: [building('in', 200, 30, 'C'), building('out', 200, -10, null)],
      areas: ONE_GRID,
    })
    const d = walk(model, [station('S', 203, 60, 'C')])
    expect(d.in).toBeCloseTo(3 + len(9, 10), 1)
    expect(d.out).toBeCloseTo(3 + len(9, 8) + len(8, 7) + len(7, 5) + len(5, 1) + len(1, 2) + 10, 0)
  })

  it('a river with one bridge: the far bank is as far as the bridge makes it', () => {
    // South bank street y = 0, north bank street y = 100, one bridge at x = 900.
    const river = localNetwork(
      { 1: [0, 0], 2: [900, 0], 3: [1000, 0], 4: [0, 100], 5: [900, 100], 6: [1000, 100] },
      [[1, 2], [2, 3], [4, 5], [5, 6], [2, 5]],
    )
    const model = createCoverageModel({ network: river, buildings: [building('north', 100, 105), building('south', 100, -5)], areas: ONE_GRID })
    const d = walk(model, [station('S', 100, -3)])
    expect(d.south).toBeCloseTo(3 + 5, 1)
    expect(d.north).toBeCloseTo(3 + 800 + 100 + 800 + 5, 0)
    const { areas } = computeCoverage(model, [station('S', 100, -3)], { minutes: [15, 30] })
    expect(areas[0].covered['15'].buildings).toBe(1)
    expect(areas[0].covered['30'].buildings).toBe(2)
  })

  it('buildings with no allowed edge within reach are unattached and count as uncovered', () => {
    const model = createCoverageModel(
      { network: net, buildings: [building('far', 5000, 5000)], areas: ONE_GRID },
      { maxSnapM: 500 },
    )
    expect(model.unattached).toEqual(['far'])
    expect(walk(model, [station('S', 200, -4)]).far).toBe(Infinity)
  })
})
