import type pg from 'pg'
import { allowedActions } from '../../domain/cases/lifecycle.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import type { CaseState } from '../../domain/cases/types.ts'
import { maskEventPayload, toCaseView, withoutPersonalData } from '../../domain/cases/view.ts'
import { mayTakeAction, scopeOf, type Principal } from '../../domain/access/policy.ts'
import { DEPARTMENT_NAMES, type CaseAction, type DepartmentCode } from '../../domain/vocabulary/index.ts'
import { caseEvents } from './log-queries.ts'
import { actorNames, duplicatesOf, placeNames } from './detail-queries.ts'
import type { CaseDetailT } from './schemas.ts'

/** The loop's next actions that this principal's role may take. */
export const allowedFor = (p: Principal, state: CaseState): CaseAction[] =>
  (allowedActions(state) as CaseAction[]).filter((a) => mayTakeAction(p, a))

/** Top-level fields never set (null) are left out, as the web's types expect. */
function withoutNulls(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== null && v !== undefined))
}

/**
 * A case as its view shows it to this principal: the case (masked as lists are), the actions open to
 * them, its history with the actors' names, the names of its place and holder, and possible duplicates
 * inside their scope.
 */
export async function caseDetail(db: pg.Pool, principal: Principal, state: CaseState, now: string): Promise<CaseDetailT> {
  const scope = scopeOf(principal)
  const [events, names, duplicates] = await Promise.all([caseEvents(db, state.id), placeNames(db, state), duplicatesOf(db, state, scope)])
  const people = await actorNames(db, events.map((e) => e.actor))
  const view = toCaseView(state, now)
  const { holderAreaName, ...place } = names
  const to = state.dispatchedTo
  const holder = !to
    ? null
    : { ...to, name: to.level === 'department' ? (DEPARTMENT_NAMES[to.id as DepartmentCode] ?? to.id) : (holderAreaName ?? to.id) }
  return {
    ...(scope.personalData ? view : withoutPersonalData(view)),
    allowedActions: allowedFor(principal, state),
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actor,
      actorName: people.get(e.actor) ?? null,
      payload: scope.personalData ? withoutNulls(maskEventPayload(e)) : {},
    })),
    place,
    holder,
    duplicates: duplicates.map((d) => ({
      id: d.id,
      title: d.title,
      category: d.category,
      categoryName: findCategory(d.category)?.name ?? d.category,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      distanceM: d.distanceM,
      relation: d.relation,
    })),
  }
}
