import { DEPARTMENTS } from './taxonomy.ts'

/** Counts and sums for one area, as the database aggregates them. */
export interface CaseAggregates {
  today: number
  /** Today's cases per hour of the day in China time (24 numbers summing to `today`), from the same read. */
  todayByHour?: number[]
  week: number
  /** Cases created on the same weekday a week ago up to the same time of day. */
  todayLastWeek?: number
  /** Cases created last week from its Monday up to the same moment of the week. */
  weekLastWeek?: number
  /** Cases created in the window; every figure below is about them. */
  total: number
  open: number
  resolved: number
  overdue: number
  avgHandlingHours: number | null
  p90HandlingHours: number | null
  satisfactionSum: number
  satisfactionCount: number
  service: number
  management: number
  enforcement: number
  /** Resolved at building or compound level (小事不出楼栋、大事不出小区). */
  resolvedLocal: number
}

export interface DepartmentAggregates {
  department: string
  escalated: number
  reported: number
  reportedOnTime: number
  avgReportHours: number | null
}

/** n / d rounded to 4 decimals, or null when there is nothing to divide by. */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 1e4) / 1e4 : null
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100)

/** The headline KPIs of an area from its aggregates. */
export function summarise(a: CaseAggregates) {
  const classified = a.service + a.management + a.enforcement
  return {
    counts: { today: a.today, week: a.week, window: a.total, open: a.open, resolved: a.resolved },
    resolvedRate: ratio(a.resolved, a.total),
    avgHandlingHours: round2(a.avgHandlingHours),
    p90HandlingHours: round2(a.p90HandlingHours),
    overdue: a.overdue,
    overdueRate: ratio(a.overdue, a.total),
    satisfaction: {
      average: a.satisfactionCount > 0 ? round2(a.satisfactionSum / a.satisfactionCount) : null,
      count: a.satisfactionCount,
    },
    split721: {
      service: { count: a.service, share: ratio(a.service, classified) },
      management: { count: a.management, share: ratio(a.management, classified) },
      enforcement: { count: a.enforcement, share: ratio(a.enforcement, classified) },
    },
    /** Share of resolved cases settled in the building or compound. */
    localResolutionShare: ratio(a.resolvedLocal, a.resolved),
  }
}

export type KpiSummary = ReturnType<typeof summarise>

/** A count against the one it is compared with: the change as a share (0.25 = +25%), null without a base. */
export function trendOf(now: number, before: number) {
  return { now, before, change: ratio(now - before, before) }
}

/**
 * Today so far against the same weekday last week to the same time of day, and this week so far
 * against last week to the same moment (week over week).
 */
export function summariseTrend(a: CaseAggregates) {
  return { today: trendOf(a.today, a.todayLastWeek ?? 0), week: trendOf(a.week, a.weekLastWeek ?? 0) }
}

/** Report rate and speed of one department answering whistles (吹哨报到). */
export function summariseDepartment(d: DepartmentAggregates) {
  return {
    department: d.department,
    name: DEPARTMENTS.find((x) => x.code === d.department)?.name ?? d.department,
    escalated: d.escalated,
    reported: d.reported,
    reportRate: ratio(d.reported, d.escalated),
    onTimeRate: ratio(d.reportedOnTime, d.escalated),
    avgReportHours: round2(d.avgReportHours),
  }
}

/**
 * Linear-interpolation percentile (PostgreSQL's percentile_cont), p in [0, 1]; null for no values.
 *
 * @example percentile([1, 2, 3, 4], 0.9) // 3.7
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be within [0, 1] (got ${p})`)
  if (values.length === 0) return null
  const sorted = [...values].sort((x, y) => x - y)
  const pos = p * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}
