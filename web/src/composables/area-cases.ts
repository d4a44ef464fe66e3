/**
 * What the drill-down asks about cases and coverage for one area, and how it reads the answers. Pure, so
 * the queries per level and the figures can be checked without a server (tests/web/drilldown-cases.test.ts).
 */
import type { CaseList, CaseQueueQuery, CaseStats, CaseStatsQuery, CaseView, Class721 } from '../api/case-types.ts'
import type { AreaLevel, CoverageResponse, Scenario } from '../api/types.ts'
import { CLASS_721_NAMES, CLASSES_721, OPEN_STATUSES } from '../vocab.ts'

/** How many of the latest cases a panel lists. */
export const LATEST_CASES = 8
/** Cases listed on a building card (a building rarely has more in a season). */
export const BUILDING_CASES = 20
/** The drill-down shows the coverage of the stations in use today. */
export const COVERAGE_SCENARIO: Scenario = 'current'
export const AREA_COVERAGE_MINUTES = [5, 15] as const

export interface AreaTarget {
  id: string
  level: AreaLevel
}

/** Open cases drawn as points on the drill-down map (an area rarely has more open at once). */
export const MAP_CASES = 500

export interface AreaCaseQueries {
  stats: CaseStatsQuery
  latest: CaseQueueQuery
  /** The open cases, for the map's points. */
  open: CaseQueueQuery
  coverage: { minutes: number[]; scenario: Scenario; level: AreaLevel }
}

/**
 * The questions a panel asks: the KPIs over 7 days (today and the week come with them), the latest cases
 * in the area's subtree, its open cases for the map, and the coverage of every area of its level (one
 * answer serves siblings).
 */
export function areaCaseQueries(area: AreaTarget): AreaCaseQueries {
  return {
    stats: { area: area.id, window: '7d' },
    latest: { area: area.id, limit: LATEST_CASES },
    open: { area: area.id, status: OPEN_STATUSES.join(','), limit: MAP_CASES },
    coverage: { minutes: [...AREA_COVERAGE_MINUTES], scenario: COVERAGE_SCENARIO, level: area.level },
  }
}

export function buildingCaseQuery(buildingId: string): CaseQueueQuery {
  return { building: buildingId, limit: BUILDING_CASES }
}

export interface CaseFigures {
  today: number
  week: number
  open: number
  /** Cases of the 7-day window that ran (or are running) past their deadline. */
  overdue: number
  split: { code: Class721; name: string; count: number; share: number | null }[]
  /** Share of the window's resolved cases settled at 楼栋/小区 level; null when none was resolved. */
  localShare: number | null
  resolved: number
}

export function caseFigures(stats: CaseStats | null): CaseFigures | null {
  if (!stats) return null
  return {
    today: stats.counts.today,
    week: stats.counts.week,
    open: stats.counts.open,
    overdue: stats.overdue,
    split: CLASSES_721.map((code) => ({
      code,
      name: CLASS_721_NAMES[code],
      count: stats.split721[code]?.count ?? 0,
      share: stats.split721[code]?.share ?? null,
    })),
    localShare: stats.localResolutionShare,
    resolved: stats.counts.resolved,
  }
}

export interface CoverageFigure {
  minutes: number
  residents: number
  covered: number
  /** 0..1; null when the area has no residents. */
  share: number | null
  /** Residential buildings outside the circle (the planner's 覆盖缺口). */
  gapBuildings: number
}

/** The area's row of a coverage answer, per minute value; null when the answer does not hold the area. */
export function areaCoverageFigures(res: CoverageResponse | null, areaId: string): CoverageFigure[] | null {
  const row = res?.areas.find((a) => a.id === areaId)
  if (!row) return null
  return AREA_COVERAGE_MINUTES.flatMap((m) => {
    const c = row.covered[String(m)]
    if (!c) return []
    return [{
      minutes: m,
      residents: row.residents,
      covered: c.residents,
      share: row.residents > 0 ? c.share : null,
      gapBuildings: Math.max(0, row.buildings - c.buildings),
    }]
  })
}

/** A list answer's cases, open ones first (overdue first among them), each group newest first. */
export function openFirst(list: CaseList | readonly CaseView[] | null): CaseView[] {
  const items = list ? ('items' in list ? list.items : list) : []
  const rank = (c: CaseView) => (!OPEN_STATUSES.includes(c.status) ? 2 : c.overdue ? 0 : 1)
  return [...items].sort((a, b) => rank(a) - rank(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)
}
