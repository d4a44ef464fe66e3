import { describe, expect, it } from 'vitest'
import { companyFigures, figuresOf, median, repeatIds, type CaseFacts, type CompoundFacts, type Figures } from '../../server/domain/property/figures.ts'
import { rankCompanies } from '../../server/domain/property/standing.ts'

/**
 * 红黑榜 against a fixture worked out by hand (the sums are in the comments): seven companies, their
 * compounds and cases, one 30-day window. Five can be ranked; F has too few households, G too few
 * complaints.
 */
const H = 3_600_000
const D = 24 * H
const T0 = Date.parse('2024-07-01T00:00:00Z')
const W = { from: T0, to: T0 + 30 * D }

const COMPOUNDS: CompoundFacts[] = [
  { id: 'A1', companyId: 'A', households: 400 },
  { id: 'A2', companyId: 'A', households: 600 },
  { id: 'B1', companyId: 'B', households: 500 },
  { id: 'C1', companyId: 'C', households: 800 },
  { id: 'D1', companyId: 'D', households: 250 },
  { id: 'E1', companyId: 'E', households: 300 },
  { id: 'F1', companyId: 'F', households: 150 },
  { id: 'G1', companyId: 'G', households: 900 },
]

let nextId = 1
/** A case created `at` ms after T0, started / resolved / evaluated the given hours after creation. */
function kase(compoundId: string, buildingId: string | null, category: string, at: number, o: { start?: number; resolve?: number; sat?: number; reopen?: number } = {}): CaseFacts {
  const createdAt = T0 + at
  return {
    id: nextId++,
    compoundId,
    buildingId,
    category,
    createdAt,
    startedAt: o.start === undefined ? null : createdAt + o.start * H,
    resolvedAt: o.resolve === undefined ? null : createdAt + o.resolve * H,
    evaluatedAt: o.sat === undefined ? null : createdAt + (o.resolve ?? 0) * H + 2 * H,
    satisfaction: o.sat ?? null,
    reopenCount: o.reopen ?? 0,
  }
}

const CASES: CaseFacts[] = [
  // A (1,000 households): a0 lies before the window and makes a1 (15 days later) a repeat; a4 was reopened.
  kase('A1', 'a-b1', 'property_service', -10 * D, { start: 1, resolve: 2 }),
  kase('A1', 'a-b1', 'property_service', 5 * D, { start: 2, resolve: 10, sat: 4 }),
  kase('A2', 'a-b2', 'noise', 6 * D, { start: 4, resolve: 20, sat: 2 }),
  kase('A2', 'a-b3', 'elevator', 7 * D, { start: 1, resolve: 6 }),
  kase('A1', null, 'sanitation', 8 * D, { start: 3, reopen: 1 }),
  // B (500): b2 repeats b1 19 days later.
  kase('B1', 'b-b1', 'water_supply', 1 * D, { start: 1, resolve: 5, sat: 5 }),
  kase('B1', 'b-b1', 'water_supply', 20 * D, { start: 1, resolve: 3, sat: 5 }),
  kase('B1', 'b-b2', 'parking', 21 * D, { start: 2, resolve: 4, sat: 4 }),
  // C (800): c4 repeats c3 an hour later; c5 is started after the window ends, so it counts as not started.
  kase('C1', 'c-b1', 'noise', 2 * D, { start: 10, resolve: 50, sat: 1 }),
  kase('C1', 'c-b2', 'noise', 3 * D, { start: 8, resolve: 40, sat: 2 }),
  kase('C1', 'c-b3', 'drainage', 4 * D, { start: 6 }),
  kase('C1', 'c-b3', 'drainage', 4 * D + H),
  kase('C1', 'c-b4', 'noise', 30 * D - 2 * H, { start: 3 }),
  // D (250): quick and well rated, but 12 complaints per 1,000 households.
  kase('D1', 'd-b1', 'greenery', 10 * D, { start: 1, resolve: 2, sat: 5 }),
  kase('D1', 'd-b2', 'property_service', 11 * D, { start: 1, resolve: 2, sat: 5 }),
  kase('D1', 'd-b3', 'heating', 12 * D, { start: 1, resolve: 2, sat: 5 }),
  // E (300): nothing started yet. e0 is 35 days before e1 (no repeat); the last one is created at the
  // window's end, which is outside it.
  kase('E1', 'e-b1', 'noise', 13 * D - 35 * D),
  kase('E1', 'e-b1', 'noise', 13 * D),
  kase('E1', 'e-b2', 'water_supply', 14 * D),
  kase('E1', 'e-b3', 'parking', 15 * D),
  kase('E1', 'e-b3', 'parking', 30 * D),
  // F (150 households) and G (2 complaints) are flagged, not ranked.
  kase('F1', 'f-b1', 'noise', 1 * D), kase('F1', 'f-b1', 'noise', 2 * D), kase('F1', 'f-b1', 'noise', 3 * D),
  kase('G1', 'g-b1', 'noise', 1 * D), kase('G1', 'g-b2', 'noise', 2 * D),
  // A compound no company manages (自管): ignored.
  kase('X1', 'x-b1', 'noise', 1 * D),
]

const figures = companyFigures(COMPOUNDS, CASES, W)
const fig = (id: string) => figures.get(id)!

describe('property company figures', () => {
  it('counts complaints, rates, medians, satisfaction and repeats as worked out by hand', () => {
    expect(fig('A')).toEqual({
      compounds: 2, households: 1000, complaints: 4, propertyComplaints: 3, per1000: 4, propertyPer1000: 3,
      // response 2, 4, 1, 3 h → median 2.5; settle 10, 20, 6 h → 10; ratings 4, 2 → 3; repeats a1, a4.
      started: 4, responseHours: 2.5, resolved: 3, settleHours: 10, rated: 2, satisfaction: 3, repeats: 2, repeatShare: 0.5,
    } satisfies Figures)
    expect(fig('B')).toMatchObject({ complaints: 3, propertyComplaints: 1, per1000: 6, responseHours: 1, settleHours: 4, repeats: 1 })
    expect(fig('B').satisfaction).toBeCloseTo(14 / 3, 12)
    expect(fig('B').repeatShare).toBeCloseTo(1 / 3, 12)
    // c5's start falls after the window: three started (10, 8, 6 h → 8), two resolved (50, 40 → 45).
    expect(fig('C')).toMatchObject({ complaints: 5, propertyComplaints: 0, per1000: 6.25, started: 3, responseHours: 8, resolved: 2, settleHours: 45, satisfaction: 1.5, repeats: 1, repeatShare: 0.2 })
    expect(fig('D')).toMatchObject({ complaints: 3, propertyComplaints: 2, per1000: 12, responseHours: 1, settleHours: 2, satisfaction: 5, repeats: 0, repeatShare: 0 })
    expect(fig('E')).toMatchObject({ complaints: 3, per1000: 10, started: 0, responseHours: null, settleHours: null, satisfaction: null, rated: 0, repeats: 0, repeatShare: 0 })
    expect(fig('F')).toMatchObject({ households: 150, complaints: 3, per1000: 20 })
    expect(fig('G')).toMatchObject({ households: 900, complaints: 2 })
    expect([...figures.keys()].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'])
  })

  it('gives a company without cases empty figures, and without households no rate', () => {
    expect(figuresOf([{ id: 'Z1', companyId: 'Z', households: 0 }], [], W)).toMatchObject({
      complaints: 0, per1000: null, responseHours: null, settleHours: null, satisfaction: null, repeatShare: null,
    })
  })

  it('finds repeats at the same building and category within 30 days, ties in time broken by id', () => {
    const at = (id: number, t: number, over: Partial<CaseFacts> = {}): CaseFacts => ({
      id, compoundId: 'A1', buildingId: 'b', category: 'noise', createdAt: t, startedAt: null, resolvedAt: null, evaluatedAt: null, satisfaction: null, reopenCount: 0, ...over,
    })
    expect([...repeatIds([at(2, T0), at(1, T0)])]).toEqual([2])
    expect([...repeatIds([at(1, T0), at(2, T0 + 30 * D)])]).toEqual([2])
    expect([...repeatIds([at(1, T0), at(2, T0 + 30 * D + 1)])]).toEqual([])
    expect([...repeatIds([at(1, T0), at(2, T0 + D, { category: 'parking' }), at(3, T0 + D, { buildingId: 'other' })])]).toEqual([])
    expect([...repeatIds([at(1, T0, { buildingId: null }), at(2, T0 + H, { buildingId: null })])]).toEqual([])
    // A chain: each is within 30 days of the one before, though not of the first.
    expect([...repeatIds([at(1, T0), at(2, T0 + 20 * D), at(3, T0 + 40 * D)])]).toEqual([2, 3])
  })

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([5])).toBe(5)
    expect(median([])).toBeNull()
  })
})

describe('红黑榜 ranking', () => {
  it('scores and ranks the fixture as worked out by hand', () => {
    // Positions among A–E (1 best, 0 worst; ties count ½; missing = ½):
    //   per 1,000   A 4 → 1, B 6 → ¾, C 6.25 → ½, E 10 → ¼, D 12 → 0
    //   settle      D 2 → 1, B 4 → ⅔, A 10 → ⅓, C 45 → 0, E none → ½
    //   response    B 1, D 1 → 2.5/3 each, A 2.5 → ⅓, C 8 → 0, E → ½
    //   rating      D 5 → 1, B 4.67 → ⅔, A 3 → ⅓, C 1.5 → 0, E → ½
    //   repeats     D 0, E 0 → 3.5/4 each, C 0.2 → ½, B ⅓ → ¼, A ½ → 0
    // B = 40×¾ + 20×⅔ + 10×2.5/3 + 20×⅔ + 10×¼ = 67.50
    // D = 0 + 20 + 10×2.5/3 + 20 + 10×0.875 = 57.08
    // A = 40 + 20×⅓ + 10×⅓ + 20×⅓ + 0 = 56.67
    // E = 10 + 10 + 5 + 10 + 8.75 = 43.75
    // C = 20 + 0 + 0 + 0 + 5 = 25.00
    const r = rankCompanies(figures, { top: 2 })
    expect(r.ranked.map((s) => [s.companyId, s.rank, s.score, s.list])).toEqual([
      ['B', 1, 67.5, 'red'],
      ['D', 2, 57.08, 'red'],
      ['A', 3, 56.67, null],
      ['E', 4, 43.75, 'black'],
      ['C', 5, 25, 'black'],
    ])
    expect(r.red).toEqual(['B', 'D'])
    expect(r.black).toEqual(['C', 'E'])
    expect(r.unranked).toEqual([
      { companyId: 'F', rank: null, score: null, list: null, flags: ['few_households'] },
      { companyId: 'G', rank: null, score: null, list: null, flags: ['few_complaints'] },
    ])
  })

  it('splits a short league in half so no company is on both lists', () => {
    const r = rankCompanies(figures) // top 5, but only five ranked: two each
    expect([r.red, r.black]).toEqual([['B', 'D'], ['C', 'E']])
    const three = rankCompanies(new Map([...figures].filter(([id]) => ['A', 'B', 'C'].includes(id))), { top: 5 })
    expect([three.red, three.black, three.ranked.find((s) => s.companyId === 'A')?.list]).toEqual([['B'], ['C'], null])
    const one = rankCompanies(new Map([['A', fig('A')]]))
    expect([one.red, one.black, one.ranked[0].rank, one.ranked[0].score]).toEqual([[], [], 1, 50])
  })

  it('breaks ties by rate, settle time, households and id, whatever the input order', () => {
    const base = fig('B')
    const twice: Figures = { ...base, households: 1000, complaints: 6 } // same rate, same everything else
    const input: [string, Figures][] = [['Q', base], ['P', base], ['R', twice]]
    const orders = [input, [...input].reverse(), [input[1], input[2], input[0]]].map((i) => rankCompanies(new Map(i)).ranked.map((s) => s.companyId))
    expect(orders).toEqual([['R', 'P', 'Q'], ['R', 'P', 'Q'], ['R', 'P', 'Q']])
    expect(new Set(rankCompanies(new Map(input)).ranked.map((s) => s.score))).toEqual(new Set([50]))
  })

  it('follows its thresholds and refuses a nonsensical list length', () => {
    const r = rankCompanies(figures, { minHouseholds: 100, minComplaints: 4 })
    expect(r.unranked.map((s) => [s.companyId, s.flags])).toEqual([['B', ['few_complaints']], ['D', ['few_complaints']], ['E', ['few_complaints']], ['F', ['few_complaints']], ['G', ['few_complaints']]])
    expect(r.ranked.map((s) => s.companyId)).toEqual(['A', 'C'])
    expect(() => rankCompanies(figures, { top: -1 })).toThrow(/top/)
  })
})
