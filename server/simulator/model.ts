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

/** Expected reports per simulated hour at this simulated time. */
export function arrivalRate(perDay: number, simTime: number): number {
  const hour = Math.floor((simTime / 3_600_000 + CST_OFFSET_H) % 24)
  return (perDay / 24) * HOURLY[hour]
}

// Channels in rough 12345-centre proportions; WeChat and app reports carry map-app coordinates.
const SOURCES: [Source, number][] = [['hotline_12345', 45], ['wechat', 25], ['app', 12], ['patrol', 12], ['visit', 4], ['petition', 2]]
const CRS_BY_SOURCE: Partial<Record<Source, [InputCrs, number][]>> = { wechat: [['gcj02', 1]], app: [['gcj02', 2], ['bd09', 1]] }
const PRIORITIES: [Priority, number][] = [['normal', 78], ['high', 12], ['low', 6], ['urgent', 4]]

export interface Report {
  source: Source
  category: Category
  priority: Priority
  crs: InputCrs
}

export function drawReport(rng: Rng, category?: Category): Report {
  const source = rng.weighted(SOURCES)
  return {
    source,
    category: category ?? rng.weighted(CATEGORIES.map((c) => [c, c.weight] as const)),
    priority: rng.weighted(PRIORITIES),
    crs: rng.weighted(CRS_BY_SOURCE[source] ?? [['wgs84', 1]]),
  }
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
