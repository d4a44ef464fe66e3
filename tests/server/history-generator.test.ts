import { describe, expect, it } from 'vitest'
import { generateHistory, type HistoryPlace } from '../../server/simulator/history.ts'
import { monthCst, weekdayCst } from '../../server/simulator/model.ts'
import { Rng } from '../../server/simulator/rng.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** 300 buildings scattered over ~3 km in six grids, weighted like residents. */
function places(): HistoryPlace[] {
  const rng = new Rng(99)
  return Array.from({ length: 300 }, (_, i) => ({
    lng: 119.46 + rng.between(0, 0.03),
    lat: 29.2 + rng.between(0, 0.03),
    weight: rng.int(0, 120),
    gridId: `G${i % 6}`,
    communityId: `C${i % 3}`,
    streetId: 'S1',
  }))
}
const PLACES = places()
const cstHour = (t: number) => Math.floor((t / HOUR_MS + 8) % 24)
const metres = (a: [number, number], b: { lng: number; lat: number }) =>
  Math.hypot((a[0] - b.lng) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b.lat) * 111_320)

// A Wednesday afternoon in China time.
const END = Date.parse('2025-03-12T15:30:00+08:00')

describe('generateHistory', () => {
  it('is deterministic: the same seed and end give the same history, another seed another', () => {
    const a = generateHistory({ seed: 5, end: END, days: 7, perDay: 100, places: PLACES })
    const b = generateHistory({ seed: 5, end: END, days: 7, perDay: 100, places: PLACES })
    const c = generateHistory({ seed: 6, end: END, days: 7, perDay: 100, places: PLACES })
    expect(b).toEqual(a)
    expect(a.cases.length).toBeGreaterThan(500)
    expect(c.cases.map((x) => x.at)).not.toEqual(a.cases.map((x) => x.at))
  })

  it('covers whole China days before end, and a later end the same day only adds to it', () => {
    const early = generateHistory({ seed: 5, end: END, days: 3, perDay: 100, places: PLACES })
    const later = generateHistory({ seed: 5, end: END + 3 * HOUR_MS, days: 3, perDay: 100, places: PLACES })
    const firstDay = Date.parse('2025-03-09T00:00:00+08:00')
    expect(Math.min(...early.cases.map((c) => c.at))).toBeGreaterThanOrEqual(firstDay)
    expect(Math.min(...early.cases.map((c) => c.at))).toBeLessThan(firstDay + 6 * HOUR_MS)
    expect(Math.max(...early.cases.map((c) => c.at))).toBeLessThan(END)
    expect(later.cases.length).toBeGreaterThan(early.cases.length)
    early.cases.forEach((c, i) => {
      expect(later.cases[i].externalId).toBe(c.externalId)
      expect(later.cases[i].steps.slice(0, c.steps.length)).toEqual(c.steps)
    })
  })

  it('cuts lifecycle steps at end: recent cases stay open, old ones are closed', () => {
    const { cases } = generateHistory({ seed: 8, end: END, days: 10, perDay: 150, places: PLACES })
    for (const c of cases) for (const s of c.steps) expect(s.at).toBeLessThan(END)
    const closed = (c: (typeof cases)[number]) => c.steps.at(-1)?.body.action === 'close'
    const old = cases.filter((c) => c.at < END - 8 * DAY_MS)
    const lastHour = cases.filter((c) => c.at > END - HOUR_MS)
    expect(old.filter(closed).length / old.length).toBeGreaterThan(0.97)
    expect(lastHour.length).toBeGreaterThan(0)
    expect(lastHour.some(closed)).toBe(false)
    expect(lastHour.some((c) => c.steps.length === 0)).toBe(true)
  })

  it('follows the daily rhythm and the week: quiet nights, fewer reports at weekends', () => {
    const { cases } = generateHistory({ seed: 3, end: END, days: 56, perDay: 300, places: PLACES })
    const bg = cases.filter((c) => c.plant === null)
    const byHour = new Array<number>(24).fill(0)
    for (const c of bg) byHour[cstHour(c.at)]++
    expect(byHour[3]).toBeLessThan(byHour[9] / 5)
    expect(byHour[19]).toBeGreaterThan(byHour[14])
    const perWeekday = new Array<number>(7).fill(0)
    for (const c of bg) perWeekday[weekdayCst(c.at)]++
    const weekday = (perWeekday[1] + perWeekday[2] + perWeekday[3] + perWeekday[4] + perWeekday[5]) / 5
    const weekend = (perWeekday[0] + perWeekday[6]) / 2
    // 8 of each weekday; expected ratio 0.81 (model.ts), about ±3% noise at this size.
    expect(weekend / weekday).toBeGreaterThan(0.72)
    expect(weekend / weekday).toBeLessThan(0.9)
    const hotline = (days: number[]) => bg.filter((c) => days.includes(weekdayCst(c.at)) && c.report.source === 'hotline_12345').length / bg.filter((c) => days.includes(weekdayCst(c.at))).length
    expect(hotline([0, 6])).toBeLessThan(hotline([1, 2, 3, 4, 5]) - 0.03)
  })

  it('shifts categories with the season: heating in winter, drains in the rainy summer', () => {
    const share = (end: string, code: string, month: number) => {
      const bg = generateHistory({ seed: 4, end: Date.parse(end), days: 30, perDay: 300, places: PLACES }).cases.filter((c) => c.plant === null && monthCst(c.at) === month)
      return bg.filter((c) => c.report.category.code === code).length / bg.length
    }
    expect(share('2025-02-01T00:00:00+08:00', 'heating', 0)).toBeGreaterThan(4 * share('2025-08-01T00:00:00+08:00', 'heating', 6))
    expect(share('2025-08-01T00:00:00+08:00', 'drainage', 6)).toBeGreaterThan(2 * share('2025-02-01T00:00:00+08:00', 'drainage', 0))
  })

  it('plants hotspots whose cases lie inside their radius and time, counted exactly', () => {
    const { cases, plants } = generateHistory({ seed: 11, end: END, days: 30, perDay: 200, places: PLACES })
    // Spacing 5 h × 800/200 (median): about 36 plants in 30 days.
    expect(plants.length).toBeGreaterThan(20)
    expect(plants.length).toBeLessThan(60)
    plants.forEach((p, i) => {
      const mine = cases.filter((c) => c.plant === i)
      expect(mine.length).toBe(p.cases)
      for (const c of mine) {
        expect(c.report.category.code).toBe(p.category)
        expect(metres(p.centre, c.point)).toBeLessThanOrEqual(p.radiusM + 0.5)
        expect(c.at).toBeGreaterThanOrEqual(Date.parse(p.startsAt))
        expect(c.at).toBeLessThan(Math.min(Date.parse(p.endsAt), END))
      }
    })
    expect(plants.reduce((s, p) => s + p.cases, 0)).toBeGreaterThan(200)
  })

  it('refuses options it cannot use', () => {
    expect(() => generateHistory({ seed: 1, end: END, days: -1, perDay: 10, places: PLACES })).toThrow(/days/)
    expect(() => generateHistory({ seed: 1, end: END, days: 1, perDay: 10, places: [] })).toThrow(/place/)
  })
})
