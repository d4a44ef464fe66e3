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
        for (const m of ['5', '10', '15']) {
          const before = base.areas[0].covered[m].residents
          expect(answer.delta[m].residents).toBe(fresh.areas[0].covered[m].residents - before)
          expect(answer.areas[0].delta[m].residents).toBe(answer.delta[m].residents)
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
