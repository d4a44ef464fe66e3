/**
 * What the engine keeps between calls (labels of the last searches, siting lists, what-if scratch labels)
 * must never change an answer: every call here is compared with the same question asked afresh.
 */
import { describe, expect, it } from 'vitest'
import {
  clearEngineCaches, computeCoverage, createCoverageBaseline, createCoverageModel, suggestSites, whatIf,
  type LngLat, type StationInput,
} from '../../server/engine/index.ts'
import { rng, syntheticDistrict } from './helpers/synthetic-district.ts'

const shift = (s: StationInput, dx: number, dy: number, id = s.id): StationInput => ({ ...s, id, lngLat: [s.lngLat[0] + dx, s.lngLat[1] + dy] })

/** A planner's session: drags, additions, removals, a reorder, a rename, two stations on one spot, one far off. */
function edits(stations: StationInput[], seed: number): StationInput[][] {
  const r = rng(seed)
  const out: StationInput[][] = [stations]
  let cur = stations
  for (let step = 0; step < 12; step++) {
    const i = Math.floor(r() * cur.length)
    switch (step % 6) {
      case 0: cur = cur.map((s, j) => (j === i ? shift(s, (r() - 0.5) * 0.003, (r() - 0.5) * 0.003) : s)); break
      case 1: cur = [...cur, shift(cur[i], 0.002 * r(), -0.002 * r(), `added-${step}`)]; break
      case 2: cur = cur.length > 2 ? cur.filter((_, j) => j !== i) : cur; break
      case 3: cur = [...cur].reverse().map((s, j) => (j === 0 ? { ...s, id: `renamed-${step}` } : s)); break
      case 4: cur = [...cur, { ...cur[i], id: `twin-${step}` }]; break
      case 5: cur = [...cur, shift(cur[i], 0.5, 0.5, `far-${step}`)]; break
    }
    out.push(cur)
  }
  return out
}

describe('engine caches', () => {
  it('coverage reusing the last labels equals a fresh search, edit after edit, for every radius and kind', () => {
    for (const seed of [3, 4]) {
      const d = syntheticDistrict({ seed, cols: 7, rows: 6, stations: 7 })
      const model = createCoverageModel(d)
      for (const stations of edits(d.stations, seed)) {
        for (const maxMinutes of [Infinity, 15, 5]) {
          const options = { minutes: [5, 15], scenario: 'planned' as const, maxMinutes, byKind: true }
          const kept = computeCoverage(model, stations, options)
          const fresh = computeCoverage(model, stations, { ...options, reuse: false })
          expect([...kept.nearest.distanceM]).toEqual([...fresh.nearest.distanceM])
          expect([...kept.nearest.nodeDistanceM]).toEqual([...fresh.nearest.nodeDistanceM])
          for (const kind of Object.keys(fresh.nearest.byKind)) {
            expect([...kept.nearest.byKind[kind].distanceM]).toEqual([...fresh.nearest.byKind[kind].distanceM])
          }
          if (maxMinutes === Infinity) {
            // The station named is one at that distance (of two equally near, either may be named).
            const named = new Map<number, number[]>()
            kept.nearest.station.forEach((st, b) => (st < 0 ? expect(fresh.nearest.station[b]).toBe(-1) : named.set(st, [...(named.get(st) ?? []), b])))
            for (const [st, buildings] of named) {
              const alone = computeCoverage(model, [stations[st]], { ...options, byKind: false, reuse: false }).nearest.distanceM
              for (const b of buildings) expect(alone[b]).toBeCloseTo(kept.nearest.distanceM[b], 6)
            }
          }
          expect(kept.areas).toEqual(fresh.areas)
        }
      }
    }
  })

  it('siting on a model that has answered before equals siting on a model built afresh', () => {
    const d = syntheticDistrict({ seed: 9, cols: 8, rows: 6, stations: 4 })
    const used = createCoverageModel(d)
    const asks = edits(d.stations, 9).flatMap((stations, i) => [
      { stations, k: 1 + (i % 4), minutes: i % 3 === 0 ? 5 : 15 },
      { stations, k: 6, minutes: 10, scenario: 'planned' as const },
      // On a plan (the scenario's first station moved, a hypothetical one added), kept apart, both circles weighted.
      {
        stations,
        k: 3,
        minutes: 15,
        minDistanceM: 120 + 40 * (i % 3),
        goals: [{ minutes: 5, weight: 1 + (i % 2) }, { minutes: 15, weight: 1 }],
        plan: {
          move: stations.filter((s) => s.status === 'in_service').slice(0, 1).map((s) => ({ id: s.id, lngLat: [s.lngLat[0] + 0.0004 * i, s.lngLat[1]] as [number, number] })),
          add: [{ lngLat: [117.302 + 0.0005 * i, 31.803] as [number, number] }],
        },
      },
    ])
    for (const { stations, ...options } of asks) {
      const kept = suggestSites(used, stations, options)
      const fresh = suggestSites(createCoverageModel(d), stations, options)
      expect(kept).toEqual(fresh)
    }
    clearEngineCaches(used)
    const { stations, ...options } = asks[3]
    expect(suggestSites(used, stations, options)).toEqual(suggestSites(createCoverageModel(d), stations, options))
  })

  it('what-if calls on one baseline leave nothing behind for the next', () => {
    const d = syntheticDistrict({ seed: 6, cols: 7, rows: 6, stations: 8 })
    const model = createCoverageModel(d)
    const base = createCoverageBaseline(model, d.stations, { minutes: [5, 15], scenario: 'planned' })
    const ids = base.stations.map((s) => s.id)
    const r = rng(2)
    const plans = Array.from({ length: 8 }, (_, i) => ({
      move: [{ id: ids[i % ids.length], lngLat: [117.3 + r() * 0.01, 31.8 + r() * 0.008] as LngLat }],
      remove: i % 2 ? [ids[(i + 1) % ids.length]] : [],
      add: [{ lngLat: [117.3 + r() * 0.01, 31.8 + r() * 0.008] as LngLat }],
    }))
    const first = plans.map((p) => whatIf(base, p))
    // Again in reverse order, and each against a baseline that has never answered anything.
    const again = [...plans].reverse().map((p) => whatIf(base, p)).reverse()
    const alone = plans.map((p) => whatIf(createCoverageBaseline(createCoverageModel(d), d.stations, { minutes: [5, 15], scenario: 'planned' }), p))
    expect(again).toEqual(first)
    expect(alone).toEqual(first)
    expect(first.some((a) => a.changedBuildings > 0)).toBe(true)
  })
})
