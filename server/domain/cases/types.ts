import type { InputCrs, LngLat } from './crs.ts'
import type { Class721, DepartmentCode, DispatchLevel, Priority, ResolvedLevel, Source, WhistleLevel } from './taxonomy.ts'
import type { CaseAction, CaseEventType, CaseStatus } from '../vocabulary/index.ts'

// The code lists live in server/domain/vocabulary; these are the names the case code has always used.
export { CASE_ACTIONS as ACTIONS, CASE_STATUSES as STATUSES, OPEN_STATUSES } from '../vocabulary/index.ts'
export type Status = CaseStatus
export type ActionName = CaseAction
export type EventType = CaseEventType

/** The areas a case falls in, found spatially at intake; all null outside the district. */
export interface Placement {
  buildingId: string | null
  compoundId: string | null
  gridId: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
}

/** 吹哨: a whistle to a district department and its report-in (报到); `escalation` in the API. */
export interface Whistle {
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
  escalation: Whistle | null
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
