import { notFound } from '../../lib/errors.ts'
import { summarise, summariseDepartment, summariseTrend, type CaseAggregates } from '../../domain/cases/kpi.ts'
import { startOfDayCst, startOfWeekCst, type TimeRange } from '../../domain/cases/time-window.ts'
import type { Db } from './queries.ts'
import { findArea } from './queries.ts'
import { caseAggregates, caseDays, childAreas, departmentAggregates, type AreaLevel, type Scope } from './stats-queries.ts'

const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = { district: 'street', street: 'community', community: 'grid', grid: null }

const EMPTY: CaseAggregates = {
  today: 0, week: 0, total: 0, open: 0, resolved: 0, overdue: 0, avgHandlingHours: null, p90HandlingHours: null,
  satisfactionSum: 0, satisfactionCount: 0, service: 0, management: 0, enforcement: 0, resolvedLocal: 0,
}

/**
 * KPIs of one area (any level; all cases when areaId is null) over a window, with the same KPIs for
 * each child area so a screen can drill down, and the whistle record of each department. `hourly`
 * (today per hour) and `counts.today` come from one query as of `asOf`, so a chart and a tile agree.
 */
export async function caseStats(db: Db, areaId: string | null, range: TimeRange, now: Date) {
  const area = areaId === null ? null : await findArea(db, areaId)
  if (areaId !== null && !area) throw notFound(`no area with id ${areaId}`)
  const scope: Scope = { area: area ? { level: area.level, id: area.id } : null }
  const times = { range, dayStart: startOfDayCst(now).toISOString(), weekStart: startOfWeekCst(now).toISOString(), now: now.toISOString() }
  const childLevel = area ? CHILD_LEVEL[area.level] : 'district'
  const reads = [
    () => caseAggregates(db, scope, times, null),
    () => (childLevel ? caseAggregates(db, scope, times, childLevel) : Promise.resolve(new Map<string | null, CaseAggregates>())),
    () => departmentAggregates(db, scope, range),
    () => (childLevel ? childAreas(db, area?.id ?? null) : Promise.resolve([])),
  ] as const
  // In parallel on a pool; one after another on a client (a transaction's: pg will refuse overlapping queries).
  const [own, byChild, departments, children] = ('release' in db
    ? await reads.reduce<Promise<unknown[]>>(async (acc, r) => [...(await acc), await r()], Promise.resolve([]))
    : await Promise.all(reads.map((r) => r()))) as [
    Awaited<ReturnType<(typeof reads)[0]>>,
    Awaited<ReturnType<(typeof reads)[1]>>,
    Awaited<ReturnType<(typeof reads)[2]>>,
    Awaited<ReturnType<(typeof reads)[3]>>,
  ]
  const mine = own.get(null) ?? EMPTY
  return {
    area: area && { id: area.id, name: area.name, level: area.level },
    window: range,
    asOf: times.now,
    hourly: mine.todayByHour ?? new Array<number>(24).fill(0),
    ...summarise(mine),
    trend: summariseTrend(mine),
    departments: departments.map(summariseDepartment),
    children: children.map((c) => ({ id: c.id, name: c.name, level: c.level, ...summarise(byChild.get(c.id) ?? EMPTY) })),
  }
}

const DAY_MS = 86_400_000

/** The days of the last `days` (today included) that have cases in the area, newest first, with their counts. */
export async function caseDaysWithData(db: Db, areaId: string | null, days: number, now: Date) {
  const area = areaId === null ? null : await findArea(db, areaId)
  if (areaId !== null && !area) throw notFound(`no area with id ${areaId}`)
  const scope: Scope = { area: area ? { level: area.level, id: area.id } : null }
  const from = new Date(startOfDayCst(now).getTime() - (days - 1) * DAY_MS).toISOString()
  return { asOf: now.toISOString(), from, days: await caseDays(db, scope, { from, to: now.toISOString() }) }
}
