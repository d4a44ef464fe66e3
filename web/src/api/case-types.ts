/**
 * Shapes of the cases API (群众诉求) as server/plugins/cases/schemas.ts documents them: the case view
 * every list and push carries (reporter masked), the live event, the KPI answer and the taxonomy.
 * Apart from types.ts so that the planner's edits there and these never collide.
 */
import type { AreaLevel } from './types.ts'
import type { Class721, Priority as CasePriority } from '../../../server/domain/cases/taxonomy.ts'
import type { Status as CaseStatus, EventType as CaseEventType } from '../../../server/domain/cases/types.ts'

// Code lists shared with the server's domain, imported as types only.
export type { Class721 } from '../../../server/domain/cases/taxonomy.ts'
export type { Status as CaseStatus, EventType as CaseEventType } from '../../../server/domain/cases/types.ts'
export type { Priority as CasePriority } from '../../../server/domain/cases/taxonomy.ts'

export type TimeWindow = '1h' | '6h' | '24h' | '7d'

export interface CaseEscalation {
  department: string
  fromLevel: string
  fromAreaId: string | null
  escalatedAt: string
  reportBy: string
  reportedAt: string | null
  note: string | null
}

/** A case as lists, pushes and exports show it; `overdue` is as of the answer (or the event). */
export interface CaseView {
  id: number
  source: string
  externalId: string | null
  category: string
  categoryName: string
  class721: Class721 | string
  title: string
  description: string | null
  address: string | null
  location: { lng: number; lat: number }
  /** Masked by the server: 张**, 139****5678. */
  reporter: { name: string | null; phone: string | null }
  priority: CasePriority | string
  status: CaseStatus | string
  buildingId: string | null
  compoundId: string | null
  gridId: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
  outsideGrid: boolean
  possibleDuplicateOf: number | null
  dispatchedTo: { level: string; id: string } | null
  resolvedLevel: string | null
  resolution: string | null
  satisfaction: number | null
  escalation: CaseEscalation | null
  reopenCount: number
  createdAt: string
  deadlineAt: string
  dispatchedAt: string | null
  startedAt: string | null
  resolvedAt: string | null
  evaluatedAt: string | null
  closedAt: string | null
  updatedAt: string
  overdue: boolean
  /** Bumped by every event: the newer of two views of one case has the higher version. */
  version: number
}

/** `case-event` on the socket and one item of GET /api/events. */
export interface CaseEventMessage {
  id: number
  type: CaseEventType | string
  caseId: number
  at: string
  actor?: string
  case: CaseView
}

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
