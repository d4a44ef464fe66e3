import { describe, expect, it } from 'vitest'
import { compareCircles, per1000, rateRatio, type CircleBuilding, type CircleCase } from '../../server/domain/circles/index.ts'

/*
 * A hand-made district. Window: 2024-07-01 00:00 to 2024-07-03 00:00 China time (two days).
 *
 *   building  residents  households  minutes  street   inside 5?  inside 15?
 *   A         1000       400         3        S1       yes        yes
 *   B         2000       800         10       S1       no         yes
 *   C         1000       300         20       S2       no         no
 *   D         0          0           null     S2       no         no      (a school: no station reached)
 *
 *   case  building  category      day          settled at
 *   1     A         water_supply  07-01        compound   (local)
 *   2     A         water_supply  07-02        building   (local)
 *   3     B         noise         07-01        street
 *   4     B         water_supply  07-02        (open)
 *   5     C         noise         07-01        building   (local)
 *   6     C         noise         07-02        community
 *   7     D         parking       07-02        (open)
 *   8     none      parking       07-01        -> unplaced, without building
 *   9     X?        parking       07-01        -> unplaced, unknown building
 *   10    A         water_supply  06-30        before the window: not counted
 *   11    A         water_supply  07-03 00:00  the window's end is open: not counted
 *
 * 5 min:  inside  A:       1000 residents, cases 1,2     -> 2 per 1,000; settled 2, local 2 -> 1
 *         outside B,C,D:   3000 residents, cases 3..7    -> 5/3000*1000 = 1.667; settled 3 (3,5,6), local 1 (5) -> 0.3333
 *         ratio (2/1000)/(5/3000) = 1.2
 * 15 min: inside  A,B:     3000 residents, cases 1..4    -> 1.333; settled 3 (1,2,3), local 2 -> 0.6667
 *         outside C,D:     1000 residents, cases 5,6,7   -> 3; settled 2 (5,6), local 1 -> 0.5
 *         ratio (4/3000)/(3/1000) = 0.444 -> 0.44
 * water_supply (cases 1,2,4), 5 min: inside 2/1000 -> 2, outside 1/3000 -> 0.333, ratio 6
 * S1 (A,B), 5 min: inside A 1000, cases 1,2 -> 2; outside B 2000, cases 3,4 -> 1; ratio 2
 * S2 (C,D), 5 min: nobody inside -> rate null, ratio null; outside 1000, cases 5,6,7 -> 3
 * daily 07-01: cases 1(A),3(B),5(C): 5 min 1 in / 2 out; 15 min 2 in / 1 out
 *       07-02: cases 2(A),4(B),6(C),7(D): 5 min 1 in / 3 out; 15 min 2 in / 2 out
 */
const buildings: CircleBuilding[] = [
  { id: 'A', residents: 1000, households: 400, minutes: 3, streetId: 'S1' },
  { id: 'B', residents: 2000, households: 800, minutes: 10, streetId: 'S1' },
  { id: 'C', residents: 1000, households: 300, minutes: 20, streetId: 'S2' },
  { id: 'D', residents: 0, households: 0, minutes: null, streetId: 'S2' },
]
const cst = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString()
const c = (buildingId: string | null, category: string, day: string, resolvedLevel: string | null, hour?: number): CircleCase => ({
  buildingId,
  category,
  createdAt: cst(day, hour),
  resolvedLevel,
  resolvedAt: resolvedLevel ? cst(day, 20) : null,
})
const cases: CircleCase[] = [
  c('A', 'water_supply', '2024-07-01', 'compound'),
  c('A', 'water_supply', '2024-07-02', 'building'),
  c('B', 'noise', '2024-07-01', 'street'),
  c('B', 'water_supply', '2024-07-02', null),
  c('C', 'noise', '2024-07-01', 'building'),
  c('C', 'noise', '2024-07-02', 'community'),
  c('D', 'parking', '2024-07-02', null),
  c(null, 'parking', '2024-07-01', null),
  c('X', 'parking', '2024-07-01', null),
  c('A', 'water_supply', '2024-06-30', 'building'),
  c('A', 'water_supply', '2024-07-03', 'building', 0),
]
const window = { from: cst('2024-07-01', 0), to: cst('2024-07-03', 0) }

describe('service circles against cases (pure maths)', () => {
  const r = compareCircles(buildings, cases, { window })
  const at = (m: number) => r.thresholds.find((t) => t.minutes === m)!

  it('splits residents and cases inside and outside each circle, with rates and their ratio', () => {
    expect(r.thresholds.map((t) => t.minutes)).toEqual([5, 15])
    expect(at(5).inside).toEqual({ residents: 1000, households: 400, buildings: 1, cases: 2, per1000: 2, resolved: 2, resolvedLocal: 2, localShare: 1 })
    expect(at(5).outside).toEqual({ residents: 3000, households: 1100, buildings: 3, cases: 5, per1000: 1.667, resolved: 3, resolvedLocal: 1, localShare: 0.3333 })
    expect(at(5).ratio).toBe(1.2)
    expect(at(15).inside).toMatchObject({ residents: 3000, cases: 4, per1000: 1.333, resolved: 3, resolvedLocal: 2, localShare: 0.6667 })
    expect(at(15).outside).toMatchObject({ residents: 1000, cases: 3, per1000: 3, resolved: 2, resolvedLocal: 1, localShare: 0.5 })
    expect(at(15).ratio).toBe(0.44)
  })

  it('counts cases without a known building apart instead of guessing a side', () => {
    expect(r.unplaced).toEqual({ cases: 2, withoutBuilding: 1, nonResidential: 1 })
    // Every case in the window is either on one side or unplaced.
    expect(at(5).inside.cases + at(5).outside.cases + r.unplaced.cases).toBe(9)
  })

  it('breaks the comparison down by category, most cases first, against the same residents', () => {
    expect(r.byCategory.map((x) => [x.category, x.cases])).toEqual([['noise', 3], ['water_supply', 3], ['parking', 1]])
    const water = r.byCategory.find((x) => x.category === 'water_supply')!.thresholds[0]
    expect(water.inside).toMatchObject({ residents: 1000, cases: 2, per1000: 2 })
    expect(water.outside).toMatchObject({ residents: 3000, households: 1100, cases: 1, per1000: 0.333 })
    expect(water.ratio).toBe(6)
  })

  it('breaks it down by street, with no rate where nobody lives inside', () => {
    const [s1, s2] = r.byStreet
    expect(s1.streetId).toBe('S1')
    expect(s1.thresholds[0].inside).toMatchObject({ residents: 1000, cases: 2, per1000: 2 })
    expect(s1.thresholds[0].outside).toMatchObject({ residents: 2000, cases: 2, per1000: 1 })
    expect(s1.thresholds[0].ratio).toBe(2)
    expect(s2.thresholds[0].inside).toMatchObject({ residents: 0, cases: 0, per1000: null, localShare: null })
    expect(s2.thresholds[0].outside).toMatchObject({ residents: 1000, cases: 3, per1000: 3 })
    expect(s2.thresholds[0].ratio).toBeNull()
  })

  it('gives one row per China day of the window', () => {
    expect(r.daily.map((d) => d.date)).toEqual(['2024-07-01', '2024-07-02'])
    expect(r.daily.map((d) => d.thresholds.map((t) => [t.inside, t.outside]))).toEqual([
      [[1, 2], [2, 1]],
      [[1, 3], [2, 2]],
    ])
    expect(r.daily[1].thresholds[0]).toMatchObject({ insidePer1000: 1, outsidePer1000: 1 })
  })

  it('puts a building exactly on the threshold inside, within the given epsilon', () => {
    const edge = [{ id: 'E', residents: 10, households: 4, minutes: 5 + 1e-9, streetId: null }]
    const one = [c('E', 'noise', '2024-07-01', null)]
    expect(compareCircles(edge, one, { window }).thresholds[0].inside.cases).toBe(0)
    expect(compareCircles(edge, one, { window, epsilonMinutes: 1e-8 }).thresholds[0].inside.cases).toBe(1)
  })

  it('takes grouped rows as that many cases', () => {
    const grouped = compareCircles(buildings, [{ ...c('B', 'noise', '2024-07-01', 'building'), count: 3 }], { window })
    expect(grouped.thresholds[1].inside).toMatchObject({ cases: 3, per1000: 1, resolved: 3, resolvedLocal: 3 })
    expect(grouped.daily[0].thresholds[1].inside).toBe(3)
  })

  it('rejects a backwards window and bad thresholds', () => {
    expect(() => compareCircles(buildings, cases, { window: { from: window.to, to: window.from } })).toThrow(/before/)
    expect(() => compareCircles(buildings, cases, { window, thresholds: [0] })).toThrow(/positive/)
  })

  it('rates and ratios', () => {
    expect(per1000(1, 3000)).toBe(0.333)
    expect(per1000(1, 0)).toBeNull()
    expect(rateRatio({ cases: 1, residents: 10 }, { cases: 0, residents: 10 })).toBeNull()
  })
})
