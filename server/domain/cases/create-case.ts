import { toWgs84, type InputCrs, type LngLat } from './crs.ts'
import { deadlineHours, findCategory, type Priority, type Source } from './taxonomy.ts'
import type { CaseEvent, CaseState, Placement } from './types.ts'

/** A new report, as accepted at an edge (native API, Open311, CSV import). */
export interface Intake {
  source: Source
  externalId?: string | null
  category: string
  title: string
  description?: string | null
  location: LngLat & { crs?: InputCrs }
  address?: string | null
  reporter?: { name?: string | null; phone?: string | null } | null
  priority?: Priority
  /** Overrides the category's deadline (a dispatcher's own time limit). */
  deadlineHours?: number
}

export class IntakeError extends Error {
  constructor(
    readonly code: 'UNKNOWN_CATEGORY' | 'BAD_COORDINATES',
    message: string,
  ) {
    super(message)
  }
}

/** The stored WGS-84 point for an intake; throws IntakeError for unknown categories or coordinates. */
export function intakeLocation(intake: Intake): LngLat {
  if (!findCategory(intake.category)) throw new IntakeError('UNKNOWN_CATEGORY', `unknown category '${intake.category}'`)
  try {
    return toWgs84(intake.location, intake.location.crs ?? 'wgs84')
  } catch (err) {
    throw new IntakeError('BAD_COORDINATES', (err as Error).message)
  }
}

export interface CreateContext {
  id: number
  location: LngLat
  placement: Placement
  possibleDuplicateOf: number | null
  at: string
  actor: string
}

const HOUR_MS = 3_600_000

/** The initial state of a new case and the 'created' event that records it (its payload is the state). */
export function createCase(intake: Intake, ctx: CreateContext): { state: CaseState; event: CaseEvent } {
  const category = findCategory(intake.category)
  if (!category) throw new IntakeError('UNKNOWN_CATEGORY', `unknown category '${intake.category}'`)
  const priority = intake.priority ?? 'normal'
  const hours = intake.deadlineHours ?? deadlineHours(category, priority)
  const state: CaseState = {
    id: ctx.id,
    source: intake.source,
    externalId: intake.externalId ?? null,
    category: category.code,
    class721: category.class721,
    title: intake.title,
    description: intake.description ?? null,
    address: intake.address ?? null,
    reporterName: intake.reporter?.name ?? null,
    reporterPhone: intake.reporter?.phone ?? null,
    priority,
    status: 'received',
    location: ctx.location,
    reported: { lng: intake.location.lng, lat: intake.location.lat, crs: intake.location.crs ?? 'wgs84' },
    ...ctx.placement,
    possibleDuplicateOf: ctx.possibleDuplicateOf,
    dispatchedTo: null,
    resolvedLevel: null,
    resolution: null,
    satisfaction: null,
    evaluationComment: null,
    escalation: null,
    reopenCount: 0,
    createdAt: ctx.at,
    deadlineAt: new Date(Date.parse(ctx.at) + hours * HOUR_MS).toISOString(),
    dispatchedAt: null,
    startedAt: null,
    resolvedAt: null,
    evaluatedAt: null,
    closedAt: null,
    updatedAt: ctx.at,
    version: 1,
  }
  const { version: _v, ...initial } = state
  return { state, event: { type: 'created', at: ctx.at, actor: ctx.actor, payload: { case: initial } } }
}

/** A historical case's progress, as an import file gives it (ISO times). */
export interface CaseHistory {
  createdAt: string
  status: CaseState['status']
  deadlineAt: string | null
  dispatchedTo: CaseState['dispatchedTo']
  dispatchedAt: string | null
  startedAt: string | null
  resolvedAt: string | null
  resolvedLevel: CaseState['resolvedLevel']
  resolution: string | null
  satisfaction: number | null
  evaluatedAt: string | null
  closedAt: string | null
}

/**
 * A case loaded from history: its state as the history gives it, recorded by one 'imported' event at
 * import time (`ctx.at`) whose payload is that whole state, so the log still derives the case.
 */
export function importCase(intake: Intake, history: CaseHistory, ctx: CreateContext): { state: CaseState; event: CaseEvent } {
  const { state: fresh } = createCase(intake, { ...ctx, at: history.createdAt })
  const times = [history.createdAt, history.dispatchedAt, history.startedAt, history.resolvedAt, history.evaluatedAt, history.closedAt]
  const state: CaseState = {
    ...fresh,
    status: history.status,
    deadlineAt: history.deadlineAt ?? fresh.deadlineAt,
    dispatchedTo: history.dispatchedTo,
    dispatchedAt: history.dispatchedAt,
    startedAt: history.startedAt,
    resolvedAt: history.resolvedAt,
    resolvedLevel: history.resolvedLevel,
    resolution: history.resolution,
    satisfaction: history.satisfaction,
    evaluatedAt: history.evaluatedAt,
    closedAt: history.closedAt,
    updatedAt: times.filter((t): t is string => t !== null).sort().at(-1)!,
  }
  const { version: _v, ...initial } = state
  return { state, event: { type: 'imported', at: ctx.at, actor: ctx.actor, payload: { case: initial } } }
}
