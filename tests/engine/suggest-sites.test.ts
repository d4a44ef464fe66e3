import { describe, expect, it } from 'vitest'
import { attachPoints, computeCoverage, createCoverageModel, suggestSites, type LngLat, type StationInput } from '../../server/engine/index.ts'
import { catchments } from '../../server/engine/lib/catchments.ts'
import { rng, syntheticDistrict } from './helpers/synthetic-district.ts'

const asStations = (points: LngLat[]): StationInput[] =>
  points.map((lngLat, i) => ({ id: `site-${i}`, kind: 'k', status: 'in_service', compoundId: null, lngLat }))

function* subsets(n: number, k: number, from = 0, picked: number[] = []): Generator<number[]> {
  if (picked.length === k) yield picked
  else for (let i = from; i < n; i++) yield* subsets(n, k, i + 1, [...picked, i])
}

describe('suggestSites', () => {
  it('greedy is within 1 − 1/e of the brute-force optimum on small instances', () => {
    const ratios: number[] = []
    for (let seed = 1; seed <= 6; seed++) {
      const d = syntheticDistrict({ seed, cols: 6, rows: 5, stations: 4 })
      const model = createCoverageModel(d)
      const r = rng(seed * 13)
      const candidates = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, lngLat: [117.3 + r() * 0.0095, 31.8 + r() * 0.0067] as LngLat }))
      const covered = (extra: LngLat[]) =>
        computeCoverage(model, [...d.stations, ...asStations(extra)], { minutes: [5] }).areas[0].covered['5'].residents
      const before = covered([])
      const greedy = suggestSites(model, d.stations, { k: 3, minutes: 5, candidates })
      expect(greedy.coveredBefore).toBe(before)
      // What greedy claims is what its sites really cover.
      expect(covered(greedy.sites.map((s) => s.lngLat)) - before).toBe(greedy.coveredAfter - before)
      let best = 0
      for (const pick of subsets(candidates.length, 3)) best = Math.max(best, covered(pick.map((i) => candidates[i].lngLat)) - before)
      const ratio = best > 0 ? (greedy.coveredAfter - before) / best : 1
      ratios.push(ratio)
      expect(ratio).toBeGreaterThanOrEqual(1 - 1 / Math.E)
    }
    console.log(`greedy / optimum over ${ratios.length} instances (k = 3 of 10): min ${Math.min(...ratios).toFixed(3)}, mean ${(ratios.reduce((a, b) => a + b) / ratios.length).toFixed(3)} (bound 1 − 1/e = ${(1 - 1 / Math.E).toFixed(3)})`)
  })

  it('is within 2 % of the brute-force optimum for k = 1, 2, 3 on random small districts and candidate subsets', () => {
    const ratios: number[] = []
    let exact = 0
    for (let seed = 21; seed <= 30; seed++) {
      const r = rng(seed)
      const d = syntheticDistrict({ seed, cols: 4 + Math.floor(r() * 4), rows: 4 + Math.floor(r() * 3), stations: 1 + Math.floor(r() * 4) })
      const model = createCoverageModel(d)
      // A random subset of places: some on streets, some inside blocks (they snap to the nearest allowed edge).
      const candidates = Array.from({ length: 8 + Math.floor(r() * 4) }, (_, i) => ({ id: `c${i}`, lngLat: [117.3 + r() * 0.008, 31.8 + r() * 0.006] as LngLat }))
      const minutes = r() < 0.5 ? 5 : 3
      const covered = (extra: LngLat[]) =>
        computeCoverage(model, [...d.stations, ...asStations(extra)], { minutes: [minutes], reuse: false }).areas[0].covered[String(minutes)].residents
      const before = covered([])
      for (let k = 1; k <= 3; k++) {
        const res = suggestSites(model, d.stations, { k, minutes, candidates })
        expect(covered(res.sites.map((s) => s.lngLat)) - before).toBe(res.coveredAfter - before)
        let best = 0
        for (const pick of subsets(candidates.length, k)) best = Math.max(best, covered(pick.map((i) => candidates[i].lngLat)) - before)
        const ratio = best > 0 ? (res.coveredAfter - before) / best : 1
        ratios.push(ratio)
        if (ratio === 1) exact++
        expect(ratio, `seed ${seed}, k = ${k}`).toBeGreaterThanOrEqual(0.98)
      }
    }
    console.log(`siting / optimum over ${ratios.length} instances (k = 1–3 of 8–11): min ${Math.min(...ratios).toFixed(3)}, ${exact} optimal`)
  })

  it('the swap pass never covers less than plain greedy (swaps: false) and keeps gains non-increasing', () => {
    // The instances of the 1 − 1/e test, where plain greedy ended up to 2.4 % short.
    for (let seed = 1; seed <= 6; seed++) {
      const d = syntheticDistrict({ seed, cols: 6, rows: 5, stations: 4 })
      const model = createCoverageModel(d)
      const r = rng(seed * 13)
      const candidates = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, lngLat: [117.3 + r() * 0.0095, 31.8 + r() * 0.0067] as LngLat }))
      const plain = suggestSites(model, d.stations, { k: 3, minutes: 5, candidates, swaps: false })
      const swapped = suggestSites(model, d.stations, { k: 3, minutes: 5, candidates })
      expect(swapped.coveredAfter).toBeGreaterThanOrEqual(plain.coveredAfter)
      for (let i = 1; i < swapped.sites.length; i++) expect(swapped.sites[i].gain).toBeLessThanOrEqual(swapped.sites[i - 1].gain)
    }
  })

  it('picks public-street nodes with non-increasing gains that add up to the real new coverage', () => {
    const d = syntheticDistrict({ seed: 8, cols: 8, rows: 6, stations: 5 })
    const model = createCoverageModel(d)
    const res = suggestSites(model, d.stations, { k: 5, minutes: 5 })
    expect(res.sites.length).toBeGreaterThan(0)
    for (let i = 1; i < res.sites.length; i++) expect(res.sites[i].gain).toBeLessThanOrEqual(res.sites[i - 1].gain)
    expect(res.sites.every((s) => s.candidateId === null)).toBe(true)
    // Street nodes: walk nodes (with their input id) or nodes split where an entrance attaches (no input id),
    // either way on the network itself.
    const at = attachPoints(model.graph, res.sites.map((s) => ({ lngLat: s.lngLat, compoundId: null })))
    expect(at.every((a) => a.snapM < 0.01)).toBe(true)
    expect(res.sites.some((s) => s.nodeId !== null)).toBe(true)
    const after = computeCoverage(model, [...d.stations, ...asStations(res.sites.map((s) => s.lngLat))], { minutes: [5] })
    expect(after.areas[0].covered['5'].residents).toBe(res.coveredAfter)
  })

  it('finds the same catchments searching from the candidates or from the uncovered buildings', () => {
    const d = syntheticDistrict({ seed: 11, cols: 7, rows: 6, stations: 3 })
    const model = createCoverageModel(d)
    const r = rng(5)
    const points = Array.from({ length: 25 }, () => ({ lngLat: [117.3 + r() * 0.011, 31.8 + r() * 0.008] as LngLat }))
    const seeds = [
      ...attachPoints(model.graph, points).filter((a) => a.edge >= 0),
      ...[3, 17, 40].map((v) => ({ nodeA: v, distA: 0, nodeB: -1, distB: Infinity })),
    ]
    const uncovered = Array.from({ length: model.buildings.count }, (_, b) => b).filter((b) => b % 3 !== 0)
    const sets = (from: 'candidates' | 'buildings') => {
      const s = catchments(model, seeds, uncovered, 400.5, from)
      return seeds.map((_, c) => [...s.items.slice(s.start[c], s.start[c + 1])].sort((a, b) => a - b))
    }
    const a = sets('candidates')
    expect(a.flat().length).toBeGreaterThan(100)
    expect(sets('buildings')).toEqual(a)
  })

  it('checks its arguments', () => {
    const d = syntheticDistrict({ seed: 8 })
    const model = createCoverageModel(d)
    expect(() => suggestSites(model, d.stations, { k: 0 })).toThrow('k must be a positive integer, got 0')
    expect(() => suggestSites(model, d.stations, { minutes: -5 })).toThrow('minutes must be a positive finite number, got -5')
  })
})
