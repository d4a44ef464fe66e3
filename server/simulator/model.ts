import gcoord from 'gcoord'
import { CATEGORIES, findCategory, deadlineHours, type Category, type Priority, type Source } from '../domain/cases/taxonomy.ts'
import type { InputCrs } from '../domain/cases/crs.ts'
import type { Rng } from './rng.ts'

/**
 * Reports per hour of the day (China time) relative to the daily mean: quiet nights, a morning peak
 * as offices open and the hotline fills, a smaller one after work. The 24 values average to 1.
 */
const HOURLY_RAW = [0.2, 0.15, 0.12, 0.12, 0.15, 0.25, 0.5, 0.9, 1.6, 1.9, 1.7, 1.4, 1.0, 1.0, 1.3, 1.3, 1.2, 1.3, 1.6, 1.7, 1.4, 1.0, 0.6, 0.35]
const MEAN = HOURLY_RAW.reduce((s, v) => s + v, 0) / 24
export const HOURLY = HOURLY_RAW.map((v) => v / MEAN)

const CST_OFFSET_H = 8
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** Expected reports per simulated hour at this simulated time: the hour's rhythm times the weekday's. */
export function arrivalRate(perDay: number, simTime: number): number {
  const hour = Math.floor((simTime / HOUR_MS + CST_OFFSET_H) % 24)
  return (perDay / 24) * HOURLY[hour] * weekdayFactor(simTime)
}

// Channels in rough 12345-centre proportions; WeChat and app reports carry map-app coordinates.
const SOURCES: [Source, number][] = [['hotline_12345', 45], ['wechat', 25], ['app', 12], ['patrol', 12], ['visit', 4], ['petition', 2]]

/**
 * How much each channel keeps at the weekend: the hotline runs a thinner shift and grid workers patrol
 * less, petitions and visits wait for Monday, while residents at home post a little more on WeChat
 * and the apps. The weekend's total follows from these and the weekday shares.
 */
const WEEKEND_KEEP: Record<Source, number> = { hotline_12345: 0.7, wechat: 1.1, app: 1.1, patrol: 0.5, visit: 0.5, petition: 0.3, open311: 1 }
const WEEKEND_SOURCES: [Source, number][] = SOURCES.map(([s, w]) => [s, w * WEEKEND_KEEP[s]])
const total = (xs: [Source, number][]) => xs.reduce((s, [, w]) => s + w, 0)
const WEEKEND_SHARE = total(WEEKEND_SOURCES) / total(SOURCES)
// Scaled so a whole week still averages `perDay` a day.
const WEEKDAY_SCALE = 7 / (5 + 2 * WEEKEND_SHARE)

/** Day of the week in China, 0 = Sunday (1970-01-01 was a Thursday). */
export const weekdayCst = (t: number) => (Math.floor((t + CST_OFFSET_H * HOUR_MS) / DAY_MS) + 4) % 7
const isWeekend = (t: number) => weekdayCst(t) % 6 === 0

/** Reports on this day relative to the week's daily mean: about 1.06 on weekdays, 0.86 at the weekend. */
export function weekdayFactor(simTime: number): number {
  return WEEKDAY_SCALE * (isWeekend(simTime) ? WEEKEND_SHARE : 1)
}

/**
 * A category's share this month relative to its yearly mean (China time): heating complaints in
 * winter, blocked drains and burst mains in the plum-rain and typhoon months (June–September),
 * power cuts with summer air-conditioning, noise and street vending on warm evenings, greenery in the
 * growing season. Categories not listed keep their share all year.
 */
const SEASONAL: Record<string, readonly number[]> = {
  //             Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec
  heating:      [2.6, 2.2, 1.2, 0.3, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.8, 2.6],
  drainage:     [0.6, 0.6, 0.8, 1.0, 1.3, 1.9, 1.8, 1.5, 1.2, 0.8, 0.6, 0.6],
  water_supply: [1.3, 1.2, 0.9, 0.9, 1.0, 1.2, 1.2, 1.2, 1.0, 0.9, 1.0, 1.2],
  power_gas:    [1.2, 1.1, 0.9, 0.8, 0.9, 1.1, 1.4, 1.4, 1.0, 0.8, 0.9, 1.1],
  noise:        [0.8, 0.7, 0.9, 1.0, 1.1, 1.3, 1.4, 1.3, 1.1, 1.0, 0.8, 0.8],
  greenery:     [0.5, 0.6, 1.2, 1.4, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.6],
  street_vending: [0.7, 0.7, 0.9, 1.0, 1.2, 1.3, 1.3, 1.2, 1.1, 1.0, 0.8, 0.7],
}

/** Month of the year in China, 0 = January. */
export const monthCst = (t: number) => new Date(t + CST_OFFSET_H * HOUR_MS).getUTCMonth()

export function seasonalFactor(category: string, at: number): number {
  return SEASONAL[category]?.[monthCst(at)] ?? 1
}

/** Category draw weights per month, computed once. */
const CATEGORY_WEIGHTS = Array.from({ length: 12 }, (_, m) =>
  CATEGORIES.map((c) => [c, c.weight * (SEASONAL[c.code]?.[m] ?? 1)] as const),
)
const CRS_BY_SOURCE: Partial<Record<Source, [InputCrs, number][]>> = { wechat: [['gcj02', 1]], app: [['gcj02', 2], ['bd09', 1]] }
const PRIORITIES: [Priority, number][] = [['normal', 78], ['high', 12], ['low', 6], ['urgent', 4]]

export interface Report {
  source: Source
  category: Category
  priority: Priority
  crs: InputCrs
}

/**
 * One report's channel, category, priority and coordinate system. With `at` (epoch ms) the channels
 * follow the weekday and the categories the month; without it, the year-round weekday shares.
 */
export function drawReport(rng: Rng, category?: Category, at?: number): Report {
  const source = rng.weighted(at !== undefined && isWeekend(at) ? WEEKEND_SOURCES : SOURCES)
  return {
    source,
    category: category ?? rng.weighted(at === undefined ? CATEGORIES.map((c) => [c, c.weight] as const) : CATEGORY_WEIGHTS[monthCst(at)]),
    priority: rng.weighted(PRIORITIES),
    crs: rng.weighted(CRS_BY_SOURCE[source] ?? [['wgs84', 1]]),
  }
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'
const OPENERS = ['居民来电反映', '群众留言', '网格员巡查发现', '业主反映', '热心群众报告']

export interface ReportText {
  title: string
  description: string
  /** Patrols report without a resident behind them. */
  reporter: { name: string; phone: string } | null
}

/** What a resident or grid worker writes: a title, the category's gloss, and who reported it. */
export function describeReport(rng: Rng, report: Report): ReportText {
  const name = rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.5) ? rng.pick([...GIVEN]) : '')
  return {
    title: `${rng.pick(OPENERS)}${report.category.name}问题`,
    description: `${report.category.name}：${report.category.gloss}`,
    reporter: report.source === 'patrol' ? null : { name, phone: `13${rng.int(100000000, 999999999)}` },
  }
}

/** WeChat and map apps report in GCJ-02 or BD-09: the coordinates they would send for a WGS-84 place. */
export function reportedLocation(p: { lng: number; lat: number }, crs: InputCrs): { lng: number; lat: number; crs?: InputCrs } {
  if (crs === 'wgs84') return { lng: p.lng, lat: p.lat }
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09) as [number, number]
  return { lng, lat, crs }
}

/** Categories that come in bursts from one place: a burst main, a blocked sewer, a lift out, a night site. */
const BURSTY = ['water_supply', 'drainage', 'power_gas', 'elevator', 'heating', 'noise'].map((c) => findCategory(c)!)

export interface HotspotPlan {
  category: Category
  /** Simulated hours it lasts and extra reports per simulated hour while it does. */
  hours: number
  ratePerHour: number
  radiusM: number
}

export function drawHotspot(rng: Rng): HotspotPlan {
  return { category: rng.pick(BURSTY), hours: rng.between(1, 4), ratePerHour: rng.between(4, 12), radiusM: rng.between(30, 80) }
}

/** Simulated hours until the next hotspot starts. */
export const nextHotspotIn = (rng: Rng) => rng.lognormal(5, 0.5)

/**
 * The reports of one hotspot: a Poisson stream at `ratePerHour` for `hours`, each uniformly placed in
 * the disc of `radiusM` around the centre (as offsets in metres east and north).
 */
export function hotspotArrivals(rng: Rng, plan: HotspotPlan): { at: number; east: number; north: number }[] {
  const out: { at: number; east: number; north: number }[] = []
  for (let t = rng.exponential(plan.ratePerHour); t < plan.hours; t += rng.exponential(plan.ratePerHour)) {
    const r = plan.radiusM * Math.sqrt(rng.next())
    const a = rng.between(0, 2 * Math.PI)
    out.push({ at: t, east: r * Math.cos(a), north: r * Math.sin(a) })
  }
  return out
}

/**
 * Where and when a hotspot was planted, the ground truth a hotspot detector is measured against
 * (recall, false alarms). Every case of the plant was reported within `radiusM` of `centre` and in
 * [startsAt, endsAt); `cases` is how many there were (a history cut at its end keeps only those before
 * it). Times are ISO 8601 in the clock of the server the cases were written to, and `ratePerHour` is
 * the plant's extra reports per hour of that clock (for a live simulation at speed ×k, k times the
 * simulated rate).
 */
export interface PlantedHotspot {
  /** Category code (server/domain/cases/taxonomy.ts), one of the bursty categories. */
  category: string
  /** WGS-84 [lng, lat]. */
  centre: [number, number]
  radiusM: number
  startsAt: string
  endsAt: string
  ratePerHour: number
  cases: number
}

export interface CaseAreas {
  id: number
  gridId: string | null
  communityId: string | null
  streetId: string | null
}

export interface Step {
  /** Simulated hours after intake. */
  at: number
  actor: string
  body: Record<string, unknown>
}

const RESOLVED_AT: Record<Category['class721'], [string, number][]> = {
  service: [['building', 35], ['compound', 40], ['community', 15], ['street', 5], ['department', 5]],
  management: [['compound', 30], ['community', 35], ['street', 25], ['district', 10]],
  enforcement: [['community', 20], ['street', 40], ['department', 40]],
}
const SATISFIED: [number, number][] = [[5, 50], [4, 35], [3, 10], [2, 3], [1, 2]]
const LATE: [number, number][] = [[5, 15], [4, 30], [3, 30], [2, 15], [1, 10]]

/**
 * The life of one case as timed steps through the public transitions: dispatch, start, sometimes a
 * whistle and the department's report, resolution (about one in ten after the deadline), usually a
 * rating, a reopen after some bad ratings, and closing.
 */
export function planLifecycle(rng: Rng, c: CaseAreas, r: Report): Step[] {
  const deadline = deadlineHours(r.category, r.priority)
  const steps: Step[] = []
  const add = (at: number, actor: string, body: Record<string, unknown>) => steps.push({ at, actor, body })

  const dispatchAt = rng.lognormal(0.3, 0.6)
  const level = c.gridId === null ? 'department' : rng.weighted<string>([['grid', 60], ['community', 25], ['street', 10], ['department', 5]])
  const to = level === 'grid' ? c.gridId : level === 'community' ? c.communityId : level === 'street' ? c.streetId : r.category.department
  add(dispatchAt, 'sim:dispatcher', { action: 'dispatch', level, to })
  const startAt = dispatchAt + rng.lognormal(0.5, 0.8)
  add(startAt, 'sim:grid-worker', { action: 'start' })

  const overdue = rng.chance(0.1)
  const handling = overdue ? deadline * rng.between(1.1, 2) : Math.min(rng.lognormal(0.3 * deadline, 0.6), 0.9 * deadline)
  let resolveAt = Math.max(startAt + 0.05, handling)
  let report: Step | null = null
  if (c.communityId && rng.chance(r.category.class721 === 'enforcement' ? 0.25 : 0.05)) {
    const reportWithin = r.priority === 'urgent' ? 2 : 24
    const escalateAt = startAt + rng.lognormal(0.5, 0.7)
    add(escalateAt, 'sim:community', { action: 'escalate', department: r.category.department, fromLevel: rng.chance(0.8) ? 'community' : 'street', reportWithinHours: reportWithin })
    if (rng.chance(0.95)) report = { at: escalateAt + rng.lognormal(reportWithin * 0.4, 0.8), actor: `sim:dept:${r.category.department}`, body: { action: 'report' } }
    resolveAt = Math.max(resolveAt, escalateAt + 0.1)
  }
  const resolve = (at: number) => add(at, 'sim:grid-worker', { action: 'resolve', level: rng.weighted(RESOLVED_AT[r.category.class721]) })
  resolve(resolveAt)
  let last = resolveAt
  if (rng.chance(0.75)) {
    const rating = rng.weighted(overdue ? LATE : SATISFIED)
    last += rng.lognormal(4, 0.8)
    add(last, 'sim:resident', { action: 'evaluate', satisfaction: rating })
    if (rating <= 2 && rng.chance(0.5)) {
      last += rng.lognormal(2, 0.5)
      add(last, 'sim:resident', { action: 'reopen', reason: '问题未解决' })
      last += rng.lognormal(0.2 * deadline, 0.5)
      resolve(last)
      last += rng.lognormal(3, 0.5)
      add(last, 'sim:resident', { action: 'evaluate', satisfaction: rng.weighted(SATISFIED) })
    }
  }
  const closeAt = last + rng.lognormal(24, 0.5)
  add(closeAt, 'sim:dispatcher', { action: 'close' })
  // A report comes before closing or not at all: a closed case accepts nothing.
  if (report) steps.push({ ...report, at: Math.min(report.at, closeAt - 0.01) })
  return steps.sort((a, b) => a.at - b.at)
}
