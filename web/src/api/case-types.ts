/**
 * Shapes of the cases API (群众诉求) as server/plugins/cases/schemas.ts documents them: the case view
 * every list and push carries (reporter masked), the live event, the KPI answer and the taxonomy.
 * Apart from types.ts so that the planner's edits there and these never collide.
 */
import type { AreaLevel } from './types.ts'
import type { CaseStatus, Class721, Source } from '../../../server/domain/vocabulary/index.ts'
import type { CaseViewT, EventMessageT } from '../../../server/plugins/cases/schemas.ts'

// Code lists shared with the server, imported as types only (nothing reaches the bundle).
export type {
  CaseEventType, CaseStatus, Class721, Priority as CasePriority,
} from '../../../server/domain/vocabulary/index.ts'

/** The fixed windows the screen offers (the API also takes a custom from/to). */
export type TimeWindow = Exclude<import('../../../server/domain/vocabulary/index.ts').WindowName, 'custom'>

/** A case as lists, pushes and exports show it; `overdue` is as of the answer (or the event). The server's schema type. */
export type CaseView = CaseViewT

/** 吹哨报到: the latest whistle on a case and the department's report-in. */
export type CaseWhistle = NonNullable<CaseView['escalation']>

/** `case-event` on the socket and one item of GET /api/events. */
export type CaseEventMessage = EventMessageT

export interface CaseList {
  total: number
  limit: number
  offset: number
  items: CaseView[]
}

export interface CaseListQuery {
  area?: string
  status?: string
  category?: string
  class721?: Class721
  source?: string
  window?: TimeWindow
  /** ISO 8601; with `from` the window is custom. */
  from?: string
  to?: string
  overdue?: boolean
  /** 1..1000 @default 50 */
  limit?: number
  offset?: number
}

/** The case list export's filters: the list's, without paging; status and category take several codes. */
export interface CaseExportFilter {
  area?: string
  status?: readonly CaseStatus[]
  category?: readonly string[]
  class721?: Class721
  source?: Source
  window?: TimeWindow
  from?: string
  to?: string
  overdue?: boolean
}

export interface CaseStatsQuery {
  area?: string
  window?: TimeWindow
  from?: string
  to?: string
}

type Share = number | null

export interface CaseKpis {
  counts: { today: number; week: number; window: number; open: number; resolved: number }
  resolvedRate: Share
  avgHandlingHours: Share
  p90HandlingHours: Share
  overdue: number
  overdueRate: Share
  satisfaction: { average: Share; count: number }
  split721: Record<Class721, { count: number; share: Share }>
  /** Share of resolved cases settled in the building or compound (小事不出楼栋、大事不出小区). */
  localResolutionShare: Share
}

/** 吹哨报到: how a district department answered the whistles in the window. */
export interface DepartmentStats {
  department: string
  name: string
  escalated: number
  reported: number
  reportRate: Share
  onTimeRate: Share
  avgReportHours: Share
}

export interface CaseStats extends CaseKpis {
  area: { id: string; name: string; level: AreaLevel | string } | null
  window: { from: string; to: string }
  asOf: string
  hourly: number[]
  departments: DepartmentStats[]
  children: (CaseKpis & { id: string; name: string; level: AreaLevel | string })[]
}

export interface CaseTaxonomy {
  categories: { code: string; name: string; gloss: string; class721: Class721; deadlineHours: number; department: string }[]
  classes721: { code: Class721; name: string }[]
  sources: { code: string; name: string }[]
  departments: { code: string; name: string }[]
  priorities: string[]
  statuses: string[]
  resolvedLevels: string[]
}

export interface CaseEventList {
  events: CaseEventMessage[]
}
