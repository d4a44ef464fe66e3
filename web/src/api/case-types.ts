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
  /** The workbench's further filters (issue 10), as GET /api/cases takes them. */
  building?: string
  priority?: string
  q?: string
  whistle?: 'pending' | 'any'
  /** CSV only: 'sheet' is for people (Chinese headers, names, China time); 'data' (default) for tools. */
  layout?: 'data' | 'sheet'
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

/** A count, the one it is compared with, and the change as a share of that (null when that was 0). */
export interface TrendFigure {
  now: number
  before: number
  change: Share
}

/** Today so far vs the same weekday last week to the same time; this week so far vs last week to the same moment. */
export interface CaseTrend {
  today: TrendFigure
  week: TrendFigure
}

export interface CaseStats extends CaseKpis {
  area: { id: string; name: string; level: AreaLevel | string } | null
  window: { from: string; to: string }
  asOf: string
  hourly: number[]
  trend: CaseTrend
  departments: DepartmentStats[]
  children: (CaseKpis & { id: string; name: string; level: AreaLevel | string })[]
}

/** GET /api/cases/days: the days with cases (a replay offers only these), newest first. */
export interface CaseDays {
  asOf: string
  from: string
  days: { start: string; count: number }[]
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

// ---- The case loop in the browser (issue 10): case detail, queue, nearby cases, photos, place search ----

/** A photo stored with a case (content-addressed: the id is the SHA-256 of the stored, EXIF-free JPEG). */
export interface CasePhoto {
  id: string
  /** The full photo (longest side at most 1600 px). */
  url: string
  /** 320 px on its longest side. */
  thumbUrl: string
  width: number
  height: number
  /** Bytes of the stored full photo. */
  size: number
}

/** One entry of a case's history, oldest first. `payload` is {} for principals without personal data. */
export interface CaseEventEntry {
  id: number
  type: import('../../../server/domain/vocabulary/index.ts').CaseEventType
  at: string
  /** Username, or `key:<name>` for an API key, or `system`. */
  actor: string
  /** The account's display name when the actor is an account. */
  actorName: string | null
  payload: {
    note?: string
    reason?: string
    comment?: string
    satisfaction?: number
    level?: string
    to?: string
    department?: string
    reportBy?: string
    /** Photo ids; `/api/photos/<id>` and `/api/photos/<id>?size=thumb`. */
    photos?: string[]
    [k: string]: unknown
  }
}

/** The names of where a case is, for people (ids stay in the CaseView). */
export interface CasePlace {
  buildingName: string | null
  compoundName: string | null
  gridName: string | null
  communityName: string | null
  streetName: string | null
}

/** Who holds the case now: where it was dispatched, with a name. */
export interface CaseHolder {
  level: 'grid' | 'community' | 'street' | 'department'
  id: string
  name: string
}

/** A case that may be the same problem: the one this repeats, those repeating it, or an open one nearby. */
export interface CaseDuplicate {
  id: number
  title: string
  category: string
  categoryName: string
  status: import('../../../server/domain/vocabulary/index.ts').CaseStatus
  createdAt: string
  distanceM: number
  relation: 'repeats' | 'repeated-by' | 'nearby'
}

/** GET /api/cases/:id and the answer of a transition. */
export interface CaseDetail extends CaseView {
  /** The loop actions this user may take on the case now. */
  allowedActions: import('../../../server/domain/vocabulary/index.ts').CaseAction[]
  events: CaseEventEntry[]
  place: CasePlace
  holder: CaseHolder | null
  duplicates: CaseDuplicate[]
}

/** The workbench's filters and order (GET /api/cases adds these to CaseListQuery). */
export interface CaseQueueQuery extends CaseListQuery {
  building?: string
  priority?: string
  /** Words in the title, address or case number. */
  q?: string
  sort?: 'created' | 'deadline' | 'updated' | 'priority'
  order?: 'asc' | 'desc'
  /** pending: a whistle awaiting its department's report-in; any: ever whistled. */
  whistle?: 'pending' | 'any'
}

/**
 * GET /api/cases/queue: the workbench's tab counts in the user's scope. 待派单 received, 待受理 dispatched
 * (waiting for the holder to start), 处置中 handling, 待评价 resolved, 超期 open and past deadline,
 * 吹哨 whistles awaiting report-in (for a department: whistled to it).
 */
export interface CaseQueueCounts {
  received: number
  dispatched: number
  handling: number
  resolved: number
  overdue: number
  whistled: number
  open: number
}

/** GET /api/cases/nearby: open cases near a point, for a new report's duplicate check. */
export interface NearbyCase extends CaseView {
  distanceM: number
  /** Same category, within 50 m and 24 h: the rule intake itself uses for possibleDuplicateOf. */
  likelyDuplicate: boolean
}

/** POST /api/cases and transitions may carry photos uploaded first to POST /api/photos. */
export interface IntakeRequest {
  source: Source
  category: string
  title: string
  description?: string | null
  location: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' | 'bd09' }
  address?: string | null
  reporter?: { name?: string | null; phone?: string | null } | null
  priority?: import('../../../server/domain/vocabulary/index.ts').Priority
  deadlineHours?: number
  photos?: string[]
}

/** One transition request; the server's TransitionBody, plus photos on any action. */
export type TransitionRequest = (
  | { action: 'dispatch'; level: 'grid' | 'community' | 'street' | 'department'; to: string; note?: string }
  | { action: 'start'; note?: string }
  | { action: 'resolve'; level: string; note?: string }
  | { action: 'evaluate'; satisfaction: number; comment?: string }
  | { action: 'close'; note?: string }
  | { action: 'reopen'; reason?: string; note?: string }
  | { action: 'escalate'; department: string; fromLevel?: 'grid' | 'community' | 'street'; reportWithinHours?: number; note?: string }
  | { action: 'report'; note?: string }
) & { photos?: string[] }

/** A place found by name: the intake form's address search. */
export interface PlaceHit {
  kind: 'building' | 'compound' | 'station' | 'area'
  id: string
  name: string
  /** Where it is, for telling two of a name apart ("东湖社区 · 第3网格"). */
  context: string | null
  lng: number
  lat: number
}
