import type { Action, ActionName, CaseEvent, CaseState, Status } from './types.ts'

/** A rule of the closed loop was broken; `code` is stable, `allowed` lists what the case allows now. */
export class CaseRuleError extends Error {
  constructor(
    readonly code: 'ILLEGAL_TRANSITION',
    message: string,
    readonly status: Status,
    readonly allowed: ActionName[],
  ) {
    super(message)
  }
}

// The loop itself. Whistle (escalate) and report-in (report) depend on the whistle state as well; see allowedActions.
const BY_STATUS: Record<Status, readonly ActionName[]> = {
  received: ['dispatch'],
  // Re-dispatch: a grid passes a case up to its community, a community to a department.
  dispatched: ['dispatch', 'start', 'escalate'],
  handling: ['resolve', 'escalate'],
  resolved: ['evaluate', 'close', 'reopen'],
  evaluated: ['close', 'reopen'],
  closed: [],
}

/** Whistle deadlines when the request names none: urgent matters within two hours, others in a day. */
const DEFAULT_REPORT_HOURS = { urgent: 2, other: 24 }

const HOUR_MS = 3_600_000

/** The actions this case accepts now, in a fixed order. */
export function allowedActions(state: CaseState): ActionName[] {
  const pending = state.escalation !== null && state.escalation.reportedAt === null
  const actions = BY_STATUS[state.status].filter((a) => a !== 'escalate' || !pending)
  if (pending && state.status !== 'closed') actions.push('report')
  return actions
}

/**
 * Check an action against the case and turn it into the event that records it.
 * Throws CaseRuleError naming the allowed actions when the case does not accept it.
 */
export function decide(state: CaseState, action: Action, ctx: { at: string; actor: string }): CaseEvent {
  const allowed = allowedActions(state)
  if (!allowed.includes(action.action)) {
    const tail = allowed.length ? `allowed actions: ${allowed.join(', ')}` : 'it allows no further actions'
    throw new CaseRuleError('ILLEGAL_TRANSITION', `cannot ${action.action} case ${state.id}, which is ${state.status}; ${tail}`, state.status, allowed)
  }
  const base = { at: ctx.at, actor: ctx.actor }
  switch (action.action) {
    case 'dispatch':
      return { ...base, type: 'dispatched', payload: { level: action.level, to: action.to, note: action.note ?? null } }
    case 'start':
      return { ...base, type: 'started', payload: { note: action.note ?? null } }
    case 'resolve':
      return { ...base, type: 'resolved', payload: { level: action.level, note: action.note ?? null } }
    case 'evaluate':
      return { ...base, type: 'evaluated', payload: { satisfaction: action.satisfaction, comment: action.comment ?? null } }
    case 'close':
      return { ...base, type: 'closed', payload: { note: action.note ?? null } }
    case 'reopen':
      return { ...base, type: 'reopened', payload: { reason: action.reason ?? null } }
    case 'escalate': {
      const fromLevel = action.fromLevel ?? 'community'
      const hours = action.reportWithinHours ?? (state.priority === 'urgent' ? DEFAULT_REPORT_HOURS.urgent : DEFAULT_REPORT_HOURS.other)
      return {
        ...base,
        type: 'escalated',
        payload: {
          department: action.department,
          fromLevel,
          fromAreaId: fromLevel === 'community' ? state.communityId : state.streetId,
          reportBy: new Date(Date.parse(ctx.at) + hours * HOUR_MS).toISOString(),
          note: action.note ?? null,
        },
      }
    }
    case 'report':
      return { ...base, type: 'reported', payload: { department: state.escalation!.department, note: action.note ?? null } }
  }
}

/**
 * Apply one logged event to the state it follows. Folding a case's events from its first
 * ('created' or 'imported', whose payload carries the whole initial state) gives the current state.
 */
export function applyEvent(state: CaseState | null, event: CaseEvent): CaseState {
  const p = event.payload
  if (event.type === 'created' || event.type === 'imported') {
    return { ...(p.case as CaseState), version: 1 }
  }
  if (!state) throw new Error(`a case's log must start with 'created' or 'imported', not '${event.type}'`)
  const next: CaseState = { ...state, updatedAt: event.at, version: state.version + 1 }
  switch (event.type) {
    case 'dispatched':
      next.status = 'dispatched'
      next.dispatchedTo = { level: p.level as never, id: p.to as string }
      next.dispatchedAt ??= event.at
      break
    case 'started':
      next.status = 'handling'
      next.startedAt ??= event.at
      break
    case 'resolved':
      next.status = 'resolved'
      next.resolvedLevel = p.level as never
      next.resolution = (p.note as string | null) ?? null
      next.resolvedAt = event.at
      break
    case 'evaluated':
      next.status = 'evaluated'
      next.satisfaction = p.satisfaction as number
      next.evaluationComment = (p.comment as string | null) ?? null
      next.evaluatedAt = event.at
      break
    case 'closed':
      next.status = 'closed'
      next.closedAt = event.at
      break
    case 'reopened':
      // Back to work: the earlier resolution and rating stay in the log, not in the current state.
      Object.assign(next, {
        status: 'handling',
        reopenCount: state.reopenCount + 1,
        resolvedLevel: null,
        resolution: null,
        resolvedAt: null,
        satisfaction: null,
        evaluationComment: null,
        evaluatedAt: null,
      })
      break
    case 'escalated':
      next.escalation = {
        department: p.department as never,
        fromLevel: p.fromLevel as never,
        fromAreaId: (p.fromAreaId as string | null) ?? null,
        escalatedAt: event.at,
        reportBy: p.reportBy as string,
        reportedAt: null,
        note: (p.note as string | null) ?? null,
      }
      break
    case 'reported':
      next.escalation = { ...state.escalation!, reportedAt: event.at, note: (p.note as string | null) ?? state.escalation!.note }
      break
  }
  return next
}

/** Fold a whole log into the current state. */
export function foldEvents(events: CaseEvent[]): CaseState {
  let state: CaseState | null = null
  for (const e of events) state = applyEvent(state, e)
  if (!state) throw new Error('a case needs at least one event')
  return state
}

/** A case is overdue when it was (or still is not) resolved after its deadline. */
export function isOverdue(state: Pick<CaseState, 'deadlineAt' | 'resolvedAt'>, now: string): boolean {
  return Date.parse(state.resolvedAt ?? now) > Date.parse(state.deadlineAt)
}
