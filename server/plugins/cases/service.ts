import type { FastifyInstance } from 'fastify'
import { badRequest, conflict, HttpError, notFound } from '../../lib/errors.ts'
import { applyEvent, CaseRuleError, decide } from '../../domain/cases/lifecycle.ts'
import { caseAreaIds, caseDepartmentKeys, remaskView, toCaseView } from '../../domain/cases/view.ts'
import { DEPARTMENT_CODES, type DepartmentCode } from '../../domain/cases/taxonomy.ts'
import type { Action, CaseEvent, CaseState } from '../../domain/cases/types.ts'
import type { LiveEvent } from '../infra/live.ts'
import { findArea, getCase, updateCase } from './queries.ts'
import type { EventRow } from './log-queries.ts'
import type { CaseViewT as CaseView, EventMessageT } from './schemas.ts'

/** Optimistic writes retry this often when another writer changed the case in between. */
const MAX_ATTEMPTS = 5

export type EventMessage = EventMessageT

/** The pushed form of a logged event; the same whether it comes from a write or from the log. */
export function toLiveEvent(m: EventMessage): LiveEvent {
  return { id: m.id, keys: [...caseAreaIds(m.case), ...caseDepartmentKeys(m.case)], message: m }
}

export function rowToMessage(r: EventRow): EventMessage {
  return { id: r.id, type: r.type, caseId: r.case_id, at: r.at.toISOString(), actor: r.actor, case: remaskView(r.view as unknown as CaseView) }
}

/**
 * Apply an action to a case: check it against the loop, write the new state and its event in one
 * commit (only if nobody changed the case meanwhile, else re-read and decide again), then push.
 */
export async function transitionCase(app: FastifyInstance, id: number, action: Action, actor: string, photos: readonly string[] = []): Promise<CaseState> {
  if (action.action === 'dispatch') await checkDispatchTarget(app, action)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const state = await getCase(app.db.pool, id)
    if (!state) throw notFound(`no case with id ${id}`)
    // Never before the last change, even if this instance's clock is behind another's.
    const at = new Date(Math.max(Date.now(), Date.parse(state.updatedAt))).toISOString()
    let event: CaseEvent
    try {
      event = decide(state, action, { at, actor })
      if (photos.length) event = { ...event, payload: { ...event.payload, photos } }
    } catch (err) {
      if (err instanceof CaseRuleError) throw new HttpError(409, err.code, err.message, { status: err.status, allowed: err.allowed })
      throw err
    }
    const next = applyEvent(state, event)
    const view = toCaseView(next, at)
    const whistle = event.type === 'escalated' ? 'escalate' : event.type === 'reported' ? 'report' : null
    const eventId = await updateCase(app.db.pool, state.version, next, event, view, whistle)
    if (eventId !== null) {
      app.live.publish(toLiveEvent({ id: eventId, type: event.type, caseId: id, at, actor, case: view }))
      return next
    }
  }
  throw conflict(`case ${id} kept changing while ${action.action} was applied; try again`, 'CONCURRENT_CHANGE')
}

async function checkDispatchTarget(app: FastifyInstance, a: Extract<Action, { action: 'dispatch' }>) {
  if (a.level === 'department') {
    if (!DEPARTMENT_CODES.includes(a.to as DepartmentCode)) {
      throw badRequest(`no department '${a.to}'; departments: ${DEPARTMENT_CODES.join(', ')}`, 'UNKNOWN_TARGET')
    }
    return
  }
  const area = await findArea(app.db.pool, a.to)
  if (!area || area.level !== a.level) throw badRequest(`no ${a.level} with id '${a.to}'`, 'UNKNOWN_TARGET')
}
