import type { CaseAggregates, DepartmentAggregates } from '../../domain/cases/kpi.ts'
import type { TimeRange } from '../../domain/cases/time-window.ts'
import { AREA_COLUMN, type Db } from './queries.ts'

export type AreaLevel = keyof typeof AREA_COLUMN

/** Which cases count: those of one area (matched on the case's own area id of that level) or all. */
export interface Scope {
  area: { level: AreaLevel; id: string } | null
}

export interface AggregateTimes {
  range: TimeRange
  dayStart: string
  weekStart: string
  now: string
}

const scopeSql = (scope: Scope, param: string) => (scope.area ? `c.${AREA_COLUMN[scope.area.level]} = ${param}` : 'true')

/**
 * KPI aggregates of the cases in scope, optionally grouped by the area column one level down.
 * Window figures are about cases created in the window; handling time is creation to resolution.
 * Today's count and its hours come from one statement (one snapshot) and the same rows, so the hours
 * always add up to the count; China time has no daylight saving, so hour n of the day starts n hours
 * after dayStart. Nothing created after `now` counts: figures as of a past instant stay that instant's
 * (and a case stamped in the future, as a fast simulator can write, is not "today" yet).
 */
export async function caseAggregates(
  db: Db,
  scope: Scope,
  times: AggregateTimes,
  groupBy: AreaLevel | null,
): Promise<Map<string | null, CaseAggregates>> {
  const key = groupBy ? `c.${AREA_COLUMN[groupBy]}` : 'NULL::text'
  const { rows } = await db.query(
    `WITH x AS (
       SELECT c.*, ${key} AS key, (c.created_at >= $3 AND c.created_at < $4) AS w,
              extract(epoch FROM c.resolved_at - c.created_at) / 3600 AS h,
              CASE WHEN c.created_at >= $1 THEN least(23, floor(extract(epoch FROM c.created_at - $1::timestamptz) / 3600))::int END AS hour
       FROM cases c
       WHERE ${scopeSql(scope, '$6')} AND c.created_at >= least($1::timestamptz, $2::timestamptz - interval '7 days', $3::timestamptz)
         AND c.created_at <= $5),
     hours AS (
       SELECT key, jsonb_object_agg(hour, n) AS by_hour
       FROM (SELECT key, hour, count(*) AS n FROM x WHERE hour IS NOT NULL GROUP BY key, hour) per_hour
       GROUP BY key),
     k AS (
     SELECT key,
       count(*) FILTER (WHERE hour IS NOT NULL) AS today,
       count(*) FILTER (WHERE created_at >= $2) AS week,
       count(*) FILTER (WHERE created_at >= $1::timestamptz - interval '7 days' AND created_at < $5::timestamptz - interval '7 days') AS today_last_week,
       count(*) FILTER (WHERE created_at >= $2::timestamptz - interval '7 days' AND created_at < $5::timestamptz - interval '7 days') AS week_last_week,
       count(*) FILTER (WHERE w) AS total,
       count(*) FILTER (WHERE w AND status IN ('received', 'dispatched', 'handling')) AS open,
       count(*) FILTER (WHERE w AND resolved_at IS NOT NULL) AS resolved,
       count(*) FILTER (WHERE w AND coalesce(resolved_at, $5) > deadline_at) AS overdue,
       avg(h) FILTER (WHERE w) AS avg_h,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY h) FILTER (WHERE w AND h IS NOT NULL) AS p90_h,
       coalesce(sum(satisfaction) FILTER (WHERE w), 0) AS sat_sum,
       count(satisfaction) FILTER (WHERE w) AS sat_n,
       count(*) FILTER (WHERE w AND class_721 = 'service') AS service,
       count(*) FILTER (WHERE w AND class_721 = 'management') AS management,
       count(*) FILTER (WHERE w AND class_721 = 'enforcement') AS enforcement,
       count(*) FILTER (WHERE w AND resolved_at IS NOT NULL AND resolved_level IN ('building', 'compound')) AS resolved_local
     FROM x GROUP BY key)
     SELECT k.*, hours.by_hour FROM k LEFT JOIN hours ON hours.key IS NOT DISTINCT FROM k.key`,
    [times.dayStart, times.weekStart, times.range.from, times.range.to, times.now, ...(scope.area ? [scope.area.id] : [])],
  )
  return new Map(
    rows.map((r) => [
      r.key as string | null,
      {
        today: r.today,
        todayByHour: Array.from({ length: 24 }, (_, h) => Number(r.by_hour?.[h] ?? 0)),
        week: r.week,
        todayLastWeek: r.today_last_week,
        weekLastWeek: r.week_last_week,
        total: r.total,
        open: r.open,
        resolved: r.resolved,
        overdue: r.overdue,
        avgHandlingHours: r.avg_h,
        p90HandlingHours: r.p90_h,
        satisfactionSum: r.sat_sum,
        satisfactionCount: r.sat_n,
        service: r.service,
        management: r.management,
        enforcement: r.enforcement,
        resolvedLocal: r.resolved_local,
      },
    ]),
  )
}

/** Whistles in the window per department: how many were answered, how many on time, how fast. */
export async function departmentAggregates(db: Db, scope: Scope, range: TimeRange): Promise<DepartmentAggregates[]> {
  const { rows } = await db.query(
    `SELECT e.department, count(*) AS escalated, count(e.reported_at) AS reported,
            count(*) FILTER (WHERE e.reported_at <= e.report_by) AS on_time,
            avg(extract(epoch FROM e.reported_at - e.escalated_at) / 3600) AS avg_h
     FROM case_escalations e JOIN cases c ON c.id = e.case_id
     WHERE e.escalated_at >= $1 AND e.escalated_at < $2 AND ${scopeSql(scope, '$3')}
     GROUP BY e.department ORDER BY e.department`,
    [range.from, range.to, ...(scope.area ? [scope.area.id] : [])],
  )
  return rows.map((r) => ({
    department: r.department,
    escalated: r.escalated,
    reported: r.reported,
    reportedOnTime: r.on_time,
    avgReportHours: r.avg_h,
  }))
}

/**
 * The China days in [from, to) on which cases in scope were created, with how many, newest first: the
 * days a replay can offer. Days are counted at UTC+8 (no time-zone data needed: China has no DST).
 */
export async function caseDays(db: Db, scope: Scope, range: TimeRange): Promise<{ start: string; count: number }[]> {
  const { rows } = await db.query(
    `SELECT to_timestamp(d * 86400 - 28800) AS start, n
     FROM (SELECT floor((extract(epoch FROM c.created_at) + 28800) / 86400)::bigint AS d, count(*)::int AS n
           FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 AND ${scopeSql(scope, '$3')} GROUP BY 1) per_day
     ORDER BY d DESC`,
    [range.from, range.to, ...(scope.area ? [scope.area.id] : [])],
  )
  return rows.map((r) => ({ start: (r.start as Date).toISOString(), count: r.n }))
}

/** The areas one level down (the districts when no area is given), in code order. */
export async function childAreas(db: Db, parentId: string | null): Promise<{ id: string; name: string; level: AreaLevel }[]> {
  const { rows } = await db.query(
    parentId === null
      ? `SELECT id, name, level FROM areas WHERE level = 'district' ORDER BY code`
      : 'SELECT id, name, level FROM areas WHERE parent_id = $1 ORDER BY code',
    parentId === null ? [] : [parentId],
  )
  return rows
}
