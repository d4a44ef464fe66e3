import { describe, expect, it } from 'vitest'
import { createCoverageBaseline, createCoverageModel, whatIf, type StationInput } from '../../server/engine/index.ts'
import { rng, syntheticDistrict } from './helpers/synthetic-district.ts'

const strip = (areas: { id: string; covered: Record<string, unknown> }[]) => areas.map((a) => ({ id: a.id, covered: a.covered }))

describe('whatIf', () => {
  it('equals a full recompute for random adds, moves and removes', () => {
    let cases = 0
    let changed = 0
    for (let seed = 1; seed <= 12; seed++) {
      const d = syntheticDistrict({ seed, cols: 7, rows: 6, stations: 10 })
      const model = createCoverageModel(d)
      const scenario = (['current', 'renovated', 'built', 'planned'] as const)[seed % 4]
      const base = createCoverageBaseline(model, d.stations, { scenario, minutes: [5, 10, 15] })
      const r = rng(seed * 31)
      for (let trial = 0; trial < 6; trial++) {
        const ids = base.stations.map((s) => s.id).sort(() => r() - 0.5)
        const point = (): [number, number] => [117.3 + r() * 0.01, 31.8 + r() * 0.009]
        const remove = ids.splice(0, Math.floor(r() * 2.5))
        const move = ids.splice(0, Math.floor(r() * 2.5)).map((id) => ({ id, lngLat: point() }))
        const add = Array.from({ length: Math.floor(r() * 3) }, () => ({ lngLat: point() }))
        const answer = whatIf(base, { add, move, remove })
        // The same question answered from scratch.
        const after: StationInput[] = [
          ...d.stations
            .filter((s) => !remove.includes(s.id))
            .map((s) => {
              const m = move.find((x) => x.id === s.id)
              return m ? { ...s, lngLat: m.lngLat, compoundId: null } : s
            }),
          ...add.map((a, i) => ({ id: `new-${i + 1}`, kind: 'k', status: 'in_service' as const, compoundId: null, lngLat: a.lngLat })),
        ]
        const fresh = createCoverageBaseline(model, after, { scenario, minutes: [5, 10, 15] })
        expect(strip(answer.areas)).toEqual(strip(fresh.areas))
        for (const [t, m] of ['5', '10', '15'].entries()) {
          const before = base.areas[0].covered[m].residents
          expect(answer.delta[m].residents).toBe(fresh.areas[0].covered[m].residents - before)
          expect(answer.areas[0].delta[m].residents).toBe(answer.delta[m].residents)
          // The buildings that crossed the threshold, by id, are those the fresh answer covers differently.
          const within = (d: Float64Array) => new Set(model.buildings.ids.filter((_, b) => d[b] <= base.thresholdsM[t] + 1e-6))
          const was = within(base.buildingDistanceM)
          const is = within(fresh.buildingDistanceM)
          const ids = (list: { id: string }[]) => list.map((c) => c.id).sort()
          expect(ids(answer.changed[m].covered)).toEqual([...is].filter((id) => !was.has(id)).sort())
          expect(ids(answer.changed[m].uncovered)).toEqual([...was].filter((id) => !is.has(id)).sort())
          const sum = (list: { residents: number }[]) => list.reduce((s, c) => s + c.residents, 0)
          expect(sum(answer.changed[m].covered) - sum(answer.changed[m].uncovered)).toBe(answer.delta[m].residents)
        }
        cases++
        if (answer.changedBuildings > 0 && answer.delta['5'].residents !== 0) changed++
      }
    }
    expect(cases).toBe(72)
    // Most cases really change coverage, so the comparison is not vacuous.
    expect(changed).toBeGreaterThan(40)
  })

  it('reports the delta per area and leaves the baseline untouched', () => {
    const d = syntheticDistrict({ seed: 3, stations: 6 })
    const model = createCoverageModel(d)
    const base = createCoverageBaseline(model, d.stations)
    const before = base.nodeDistanceM.slice()
    const gap = [...base.buildingDistanceM].findIndex((m) => m === Infinity)
    const lngLat: [number, number] = [model.buildings.lng[gap], model.buildings.lat[gap]]
    const answer = whatIf(base, { add: [{ lngLat }] })
    expect(answer.delta['15'].residents).toBeGreaterThanOrEqual(model.buildings.residents[gap])
    const grid = model.areas.ids[model.buildings.area[gap]]
    expect(answer.areas.find((a) => a.id === grid)!.delta['15'].residents).toBeGreaterThan(0)
    expect(base.nodeDistanceM).toEqual(before)
    expect(whatIf(base, {}).delta['15'].residents).toBe(0)
  })

  it("names added stations by the caller's ids and gives changed buildings with their entrances", () => {
    const d = syntheticDistrict({ seed: 3, stations: 6 })
    const model = createCoverageModel(d)
    const base = createCoverageBaseline(model, d.stations)
    const gap = [...base.buildingDistanceM].findIndex((m) => m === Infinity)
    const lngLat: [number, number] = [model.buildings.lng[gap], model.buildings.lat[gap]]
    const answer = whatIf(base, { add: [{ lngLat, id: 'h7' }, { lngLat: [117.301, 31.801] }] })
    expect(answer.placed.map((p) => p.id)).toEqual(['h7', 'new-2'])
    const opened = answer.changed['15'].covered.find((c) => c.id === model.buildings.ids[gap])
    expect(opened).toEqual({ id: model.buildings.ids[gap], entrance: lngLat, residents: model.buildings.residents[gap] })
    const residents = answer.changed['15'].covered.map((c) => c.residents)
    expect(residents).toEqual([...residents].sort((a, b) => b - a))
    expect(answer.changed['15'].uncovered).toEqual([])
    const lost = whatIf(base, { remove: [base.stations[0].id] })
    expect(lost.changed['15'].covered).toEqual([])
    expect(lost.changed['15'].uncovered.length).toBe(-lost.delta['15'].buildings)
    expect(() => whatIf(base, { add: [{ lngLat, id: 'x' }, { lngLat, id: 'x' }] })).toThrow('station id x is used twice')
    expect(() => whatIf(base, { add: [{ lngLat, id: base.stations[1].id }] })).toThrow(`station id ${base.stations[1].id} is used twice`)
  })

  it('rejects unknown and repeated station ids', () => {
    const d = syntheticDistrict({ seed: 3, stations: 6 })
    const base = createCoverageBaseline(createCoverageModel(d), d.stations)
    expect(() => whatIf(base, { remove: ['nope'] })).toThrow('remove: "nope" is not a station of scenario current')
    const id = base.stations[0].id
    expect(() => whatIf(base, { remove: [id], move: [{ id, lngLat: [117.3, 31.8] }] })).toThrow(
      `station ${id} is moved or removed more than once`,
    )
    expect(() => whatIf(base, { add: [{ lngLat: [200, 0] }] })).toThrow('add[0].lngLat must be a [lng, lat] pair')
  })
})
