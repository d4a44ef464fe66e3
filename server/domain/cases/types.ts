import type { InputCrs, LngLat } from './crs.ts'
import type { Class721, DepartmentCode, DispatchLevel, Priority, ResolvedLevel, Source, WhistleLevel } from './taxonomy.ts'

/** received 受理 → dispatched 派单 → handling 处置 → resolved 办结 → evaluated 评价 → closed. */
export const STATUSES = ['received', 'dispatched', 'handling', 'resolved', 'evaluated', 'closed'] as const
export type Status = (typeof STATUSES)[number]
/** Statuses in which a case still needs work (and can be a possible duplicate of a new one). */
export const OPEN_STATUSES: readonly Status[] = ['received', 'dispatched', 'handling']

export const ACTIONS = ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate', 'report'] as const
export type ActionName = (typeof ACTIONS)[number]

/** The areas a case falls in, found spatially at intake; all null outside the district. */
export interface Placement {
  buildingId: string | null
  compoundId: string | null
  gridId: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
}

export interface Escalation {
  department: DepartmentCode
  fromLevel: WhistleLevel
  fromAreaId: string | null
  escalatedAt: string
  reportBy: string
  reportedAt: string | null
  note: string | null
}

/**
 * The current state of a case, as derived from its events. Times are ISO 8601 strings.
 * Personal data (reporterName, reporterPhone) is kept here; views mask it.
 */
export interface CaseState extends Placement {
  id: number
  source: Source
  externalId: string | null
  category: string
  class721: Class721
  title: string
  description: string | null
  address: string | null
  reporterName: string | null
  reporterPhone: string | null
  priority: Priority
  status: Status
  location: LngLat
  /** The coordinates exactly as reported, and their system. */
  reported: LngLat & { crs: InputCrs }
  possibleDuplicateOf: number | null
  dispatchedTo: { level: DispatchLevel; id: string } | null
  resolvedLevel: ResolvedLevel | null
  resolution: string | null
  satisfaction: number | null
  evaluationComment: string | null
  escalation: Escalation | null
  reopenCount: number
  createdAt: string
  deadlineAt: string
  dispatchedAt: string | null
  startedAt: string | null
  resolvedAt: string | null
  evaluatedAt: string | null
  closedAt: string | null
  updatedAt: string
  /** Bumped by every event; writes use it to detect a concurrent change. */
  version: number
}

export type EventType =
  | 'created'
  | 'imported'
  | 'dispatched'
  | 'started'
  | 'resolved'
  | 'evaluated'
  | 'closed'
  | 'reopened'
  | 'escalated'
  | 'reported'

/** One row of the append-only log, before it has an id. */
export interface CaseEvent {
  type: EventType
  at: string
  actor: string
  payload: Record<string, unknown>
}

/** A transition request, as validated at the HTTP edge. */
export type Action =
  | { action: 'dispatch'; level: DispatchLevel; to: string; note?: string }
  | { action: 'start'; note?: string }
  | { action: 'resolve'; level: ResolvedLevel; note?: string }
  | { action: 'evaluate'; satisfaction: number; comment?: string }
  | { action: 'close'; note?: string }
  | { action: 'reopen'; reason?: string }
  | { action: 'escalate'; department: DepartmentCode; fromLevel?: WhistleLevel; reportWithinHours?: number; note?: string }
  | { action: 'report'; note?: string }
