import { describe, expect, it } from 'vitest'
import { clusterPoints } from '../../server/domain/hotspots/cluster.ts'
import { findCandidates, selectDetections, type Detection, type WindowCase } from '../../server/domain/hotspots/detect.ts'
import { metres } from '../../server/domain/hotspots/geo.ts'
import { reconcile, type LiveAlert } from '../../server/domain/hotspots/match.ts'
import { measureDiscs, type BaselinePoint, type ResidentPoint } from '../../server/domain/hotspots/measure.ts'
import { HOTSPOT_PARAMS, pThreshold } from '../../server/domain/hotspots/params.ts'
import { poissonTail } from '../../server/domain/hotspots/poisson.ts'
import { Rng } from '../../server/simulator/rng.ts'

const HOUR = 3_600_000
const ASOF = Date.parse('2030-01-01T12:00:00Z')

describe('poissonTail', () => {
  it('matches closed forms and the complement of the lower sum', () => {
    expect(poissonTail(0, 3)).toBe(1)
    expect(poissonTail(1, 0.7)).toBeCloseTo(1 - Math.exp(-0.7), 12)
    expect(poissonTail(3, 0)).toBe(0)
    // P(X ≥ 4 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125 + 0.0208333…)
    expect(poissonTail(4, 0.5)).toBeCloseTo(1 - Math.exp(-0.5) * (1 + 0.5 + 0.125 + 0.5 ** 3 / 6), 12)
    for (const [n, mu] of [[2, 5], [7, 6.5], [12, 3], [20, 18]]) {
      let lower = 0
      for (let k = 0; k < n; k++) lower += (Math.exp(-mu) * mu ** k) / [...Array(k).keys()].reduce((f, i) => f * (i + 1), 1)
      expect(poissonTail(n, mu)).toBeCloseTo(1 - lower, 10)
    }
    // Far in the tail the upper sum keeps relative precision: P(X ≥ 30 | 0.01) ≈ 0.01^30 / 30!
    expect(poissonTail(30, 0.01) / (Math.exp(-0.01) * 1e-60 / 2.652528598121911e32)).toBeCloseTo(1, 3)
  })

  it('refuses impossible arguments', () => {
    expect(() => poissonTail(-1, 1)).toThrow(/non-negative integer/)
    expect(() => poissonTail(2, Number.NaN)).toThrow(/mu/)
  })
})

describe('clusterPoints', () => {
  it('finds a tight group among scattered points and leaves the scattered ones out', () => {
    const o: [number, number] = [118.3, 35.0]
    const near = [0, 40, 80, 120, 60].map((dx): [number, number] => at(o, dx, 30))
    const far = [[2000, 0], [0, 2500], [-3000, -1000]].map(([dx, dy]): [number, number] => at(o, dx, dy))
    const clusters = clusterPoints([...far, ...near], { epsM: 150, minPoints: 3 })
    expect(clusters).toHaveLength(1)
    expect(clusters[0].members.sort()).toEqual([3, 4, 5, 6, 7])
    expect(metres(clusters[0].centre, at(o, 60, 30))).toBeLessThan(1)
    expect(clusters[0].radiusM).toBeGreaterThan(55)
    expect(clusters[0].radiusM).toBeLessThan(65)
  })
})

describe('findCandidates', () => {
  it('looks only at cases inside each window ending at asOf', () => {
    const o: [number, number] = [118.3, 35.0]
    const mk = (id: number, hoursAgo: number, dx: number): WindowCase => ({
      id, category: 'drainage', ...lngLat(at(o, dx, 0)), createdAt: ASOF - hoursAgo * HOUR,
      gridId: 'g1', compoundId: id % 2 ? 'c1' : 'c2', communityId: 'm1', streetId: 's1', districtId: 'd1',
    })
    // Four within the last hour, two more between 1 and 3 hours ago, one after asOf and one before 3 h.
    const cases = [mk(1, 0.1, 0), mk(2, 0.2, 20), mk(3, 0.5, 40), mk(4, 0.9, 60), mk(5, 1.5, 80), mk(6, 2.5, 100), mk(7, -0.1, 10), mk(8, 3.5, 30)]
    const found = findCandidates(cases, ASOF)
    const oneHour = found.find((c) => c.windowHours === 1)!
    const threeHours = found.find((c) => c.windowHours === 3)!
    expect(oneHour.caseIds).toEqual([1, 2, 3, 4])
    expect(threeHours.caseIds).toEqual([1, 2, 3, 4, 5, 6])
    expect(threeHours.since).toBe(ASOF - 2.5 * HOUR)
    expect(threeHours.newest).toBe(ASOF - 0.1 * HOUR)
    expect(threeHours.categoryTotal).toBe(6)
    expect(threeHours.gridId).toBe('g1')
    expect(threeHours.compoundId).toBe('c1') // three cases each in c1 and c2: a tie goes to the smallest id
  })
})

// ---------------------------------------------------------------------------------------------------
// A synthetic district at the demo's scale: 31 km², people in 30 neighbourhoods, 283 grids;
// 22 categories at 15 cases an hour each (the live simulator's 800 a day at ×10 is ~330 an hour);
// 28 days of baseline, 1,000 cases a category, falling where people live.

const ORIGIN: [number, number] = [118.3, 35.0]
const SIDE_M = 5600
const CATEGORIES = ['water_supply', 'drainage', 'elevator', 'noise', ...Array.from({ length: 18 }, (_, i) => `other_${i}`)]
const PER_HOUR = 15
const THRESHOLD = pThreshold(22, 283)

interface World {
  population: ResidentPoint[]
  cumulative: number[]
  baseline: BaselinePoint[]
}

function makeWorld(rng: Rng): World {
  const population: ResidentPoint[] = []
  for (let k = 0; k < 30; k++) {
    const cx = rng.between(300, SIDE_M - 300)
    const cy = rng.between(300, SIDE_M - 300)
    for (let b = 0; b < 60; b++) {
      const p = at(ORIGIN, clamp(cx + gauss(rng) * 250), clamp(cy + gauss(rng) * 250))
      population.push({ ...lngLat(p), residents: rng.int(10, 80) })
    }
  }
  const cumulative: number[] = []
  let sum = 0
  for (const b of population) cumulative.push((sum += b.residents))
  const world = { population, cumulative, baseline: [] as BaselinePoint[] }
  for (const category of CATEGORIES) for (let i = 0; i < 1000; i++) world.baseline.push({ category, ...lngLat(wherePeopleLive(rng, world)) })
  return world
}

function wherePeopleLive(rng: Rng, w: World): [number, number] {
  const r = rng.next() * w.cumulative[w.cumulative.length - 1]
  let lo = 0
  let hi = w.cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (w.cumulative[mid] < r) lo = mid + 1
    else hi = mid
  }
  const b = w.population[lo]
  return at([b.lng, b.lat], gauss(rng) * 30, gauss(rng) * 30)
}

function noise(rng: Rng, w: World, kind: 'uniform' | 'population', firstId: number): WindowCase[] {
  const out: WindowCase[] = []
  for (const category of CATEGORIES) {
    for (let i = 0; i < PER_HOUR * 3; i++) {
      const p = kind === 'uniform' ? at(ORIGIN, rng.between(0, SIDE_M), rng.between(0, SIDE_M)) : wherePeopleLive(rng, w)
      out.push(windowCase(firstId + out.length, category, p, ASOF - rng.between(0, 3) * HOUR))
    }
  }
  return out
}

function detect(w: World, cases: WindowCase[]): Detection[] {
  const candidates = findCandidates(cases, ASOF)
  return selectDetections(candidates, measureDiscs(candidates, w.baseline, w.population, SIDE_M * SIDE_M), THRESHOLD)
}

const TRIALS = 200

describe('detector on synthetic data (200 random trials each)', () => {
  // Minimum detection rates: a 6-case burst must be found; 4 cases within 60 m are borderline by design
  // (the minimum an alert needs, and under a correction for 22 × 2 × 283 tests).
  for (const [size, minRate] of [[4, 0.5], [5, 0.85], [6, 0.95]] as const) {
    it(`finds a planted cluster of ${size} cases within 60 m in the last hour`, () => {
      const rng = new Rng(10 + size)
      const w = makeWorld(rng)
      let found = 0
      for (let t = 0; t < TRIALS; t++) {
        const cases = noise(rng, w, 'population', 1)
        const centre = wherePeopleLive(rng, w)
        const category = CATEGORIES[t % CATEGORIES.length]
        for (let i = 0; i < size; i++) {
          const r = 60 * Math.sqrt(rng.next())
          const a = rng.between(0, 2 * Math.PI)
          cases.push(windowCase(100_000 + i, category, at(centre, r * Math.cos(a), r * Math.sin(a)), ASOF - rng.between(0, 1) * HOUR))
        }
        const hits = detect(w, cases).filter((d) => d.category === category && metres(d.centre, centre) <= HOTSPOT_PARAMS.matchM)
        if (hits.length) found++
      }
      const rate = found / TRIALS
      console.log(`hotspots: planted ${size}-case clusters detected in ${found}/${TRIALS} trials (${(rate * 100).toFixed(1)} %)`)
      expect(rate).toBeGreaterThanOrEqual(minRate)
    })
  }

  for (const kind of ['uniform', 'population'] as const) {
    it(`raises (almost) no alert on ${kind} noise`, () => {
      const rng = new Rng(kind === 'uniform' ? 21 : 31)
      const w = makeWorld(rng)
      let alarmed = 0
      for (let t = 0; t < TRIALS; t++) if (detect(w, noise(rng, w, kind, 1)).length) alarmed++
      console.log(`hotspots: ${kind} noise raised an alert in ${alarmed}/${TRIALS} runs (${((alarmed / TRIALS) * 100).toFixed(1)} %)`)
      // alpha is 0.01 per run; the scan picks its clusters from the data, so allow a little above it.
      expect(alarmed / TRIALS).toBeLessThanOrEqual(0.03)
    })
  }

  it('judges the same cluster by where its category usually falls: usual there → no alert', () => {
    const rng = new Rng(41)
    const w = makeWorld(rng)
    const centre = wherePeopleLive(rng, w)
    // Twelve drainage cases within 60 m of one spot, each hour of the baseline's 28 days bringing a third of one there.
    const planted = Array.from({ length: 12 }, (_, i) => windowCase(i + 1, 'drainage', at(centre, (i % 4) * 15, Math.floor(i / 4) * 15), ASOF - (i + 1) * 0.2 * HOUR))
    const usual = [...w.baseline, ...Array.from({ length: 224 }, () => ({ category: 'drainage', ...lngLat(at(centre, gauss(rng) * 20, gauss(rng) * 20)) }))]
    const candidates = findCandidates(planted, ASOF)
    expect(selectDetections(candidates, measureDiscs(candidates, w.baseline, w.population, SIDE_M * SIDE_M), THRESHOLD)).toHaveLength(1)
    expect(selectDetections(candidates, measureDiscs(candidates, usual, w.population, SIDE_M * SIDE_M), THRESHOLD)).toHaveLength(0)
  })

  it('expects something where the category has no history, from where people live', () => {
    const rng = new Rng(51)
    const w = makeWorld(rng)
    const centre = wherePeopleLive(rng, w)
    const cases = Array.from({ length: 5 }, (_, i) => windowCase(i + 1, 'heating', at(centre, i * 10, 0), ASOF - 0.1 * HOUR * (i + 1)))
    const candidates = findCandidates(cases, ASOF)
    expect(candidates).toHaveLength(2) // the same five in both windows
    const measures = measureDiscs(candidates, w.baseline, w.population, SIDE_M * SIDE_M)
    const m = measures[0]
    expect(m.baselineTotal).toBe(0)
    expect(m.residentsIn).toBeGreaterThan(0)
    const [d, ...more] = selectDetections(candidates, measures, 1)
    expect(more).toEqual([])
    expect(d.share).toBeCloseTo(Math.max(m.areaShare, 0.8 * (m.residentsIn / m.residentsTotal) + 0.2 * m.areaShare), 12)
    expect(d.share).toBeGreaterThan(m.areaShare) // people live there: more than an even spread
    expect(d.expected).toBeCloseTo(5 * d.share, 12)
  })
})

describe('reconcile', () => {
  const o: [number, number] = [118.3, 35.0]
  const det = (category: string, dx: number, pValue = 1e-9): Detection => ({
    category, windowHours: 1, caseIds: [1, 2, 3, 4], centre: at(o, dx, 0), radiusM: 40, discM: 90, observed: 4, categoryTotal: 10,
    since: ASOF - HOUR, newest: ASOF - 60_000, gridId: 'g', compoundId: null, communityId: 'c', streetId: 's', districtId: 'd',
    share: 0.01, expected: 0.1, pValue,
  })
  const alert = (id: number, category: string, dx: number, extra: Partial<LiveAlert> = {}): LiveAlert => ({
    id, category, centre: at(o, dx, 0), windowHours: 1, newest: ASOF - 60_000, missedRuns: 0, ...extra,
  })

  it('updates the nearest live alert of the same category within 200 m and opens the rest', () => {
    const r = reconcile([alert(1, 'drainage', 0), alert(2, 'drainage', 150), alert(3, 'noise', 120)], [det('drainage', 120), det('noise', 500), det('elevator', 0)], ASOF)
    expect(r.updated).toEqual([{ id: 2, detection: expect.objectContaining({ category: 'drainage' }) }])
    expect(r.opened.map((d) => d.category).sort()).toEqual(['elevator', 'noise'])
    expect(r.missed).toEqual([{ id: 1, missedRuns: 1 }, { id: 3, missedRuns: 1 }])
    expect(r.closed).toEqual([])
  })

  it('gives each alert one detection, the most unusual first', () => {
    const r = reconcile([alert(1, 'drainage', 0)], [det('drainage', 50, 1e-7), det('drainage', -50, 1e-12)], ASOF)
    expect(r.updated).toHaveLength(1)
    expect(r.updated[0].detection.pValue).toBe(1e-12)
    expect(r.opened).toHaveLength(1)
  })

  it('closes an alert missed in two consecutive runs, or at once when its newest case has left its window', () => {
    const r = reconcile([alert(1, 'drainage', 0, { missedRuns: 1 }), alert(2, 'noise', 0), alert(3, 'elevator', 0, { newest: ASOF - HOUR - 1 })], [], ASOF)
    expect(r.closed.sort()).toEqual([1, 3])
    expect(r.missed).toEqual([{ id: 2, missedRuns: 1 }])
  })

  it('resets nothing for an alert that is detected again: it is updated, not missed', () => {
    const r = reconcile([alert(1, 'drainage', 0, { missedRuns: 1 })], [det('drainage', 10)], ASOF)
    expect(r.updated.map((u) => u.id)).toEqual([1])
    expect(r.missed).toEqual([])
    expect(r.closed).toEqual([])
  })
})

function windowCase(id: number, category: string, p: [number, number], createdAt: number): WindowCase {
  return { id, category, ...lngLat(p), createdAt, gridId: 'g', compoundId: null, communityId: 'c', streetId: 's', districtId: 'd' }
}

function at(o: readonly [number, number], dxM: number, dyM: number): [number, number] {
  return [o[0] + dxM / (111_320 * Math.cos((o[1] * Math.PI) / 180)), o[1] + dyM / 110_540]
}

const lngLat = (p: [number, number]) => ({ lng: p[0], lat: p[1] })
const clamp = (m: number) => Math.min(SIDE_M, Math.max(0, m))

function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())
}
