import { maskName, maskPhone } from '../../lib/mask.ts'
import { isOverdue } from './lifecycle.ts'
import { findCategory } from './taxonomy.ts'
import type { CaseEvent, CaseState } from './types.ts'
// The view's type is the Static<> of its response schema, so the API documents exactly what this builds.
import type { CaseViewT as CaseView } from '../../plugins/cases/schemas.ts'

export type { CaseView }

/**
 * What a case looks like to every list, push and export: the reporter's name and phone masked.
 * `overdue` is as of `now` (for a pushed or logged view: as of that event).
 */
export function toCaseView(s: CaseState, now: string): CaseView {
  return {
    id: s.id,
    source: s.source,
    externalId: s.externalId,
    category: s.category,
    categoryName: findCategory(s.category)?.name ?? s.category,
    class721: s.class721,
    title: s.title,
    description: s.description,
    address: s.address,
    location: { lng: s.location.lng, lat: s.location.lat },
    reporter: { name: maskName(s.reporterName), phone: maskPhone(s.reporterPhone) },
    priority: s.priority,
    status: s.status,
    buildingId: s.buildingId,
    compoundId: s.compoundId,
    gridId: s.gridId,
    communityId: s.communityId,
    streetId: s.streetId,
    districtId: s.districtId,
    /** Kept and flagged, never rejected: a point no grid contains. */
    outsideGrid: s.gridId === null,
    possibleDuplicateOf: s.possibleDuplicateOf,
    dispatchedTo: s.dispatchedTo,
    resolvedLevel: s.resolvedLevel,
    resolution: s.resolution,
    satisfaction: s.satisfaction,
    escalation: s.escalation,
    reopenCount: s.reopenCount,
    createdAt: s.createdAt,
    deadlineAt: s.deadlineAt,
    dispatchedAt: s.dispatchedAt,
    startedAt: s.startedAt,
    resolvedAt: s.resolvedAt,
    evaluatedAt: s.evaluatedAt,
    closedAt: s.closedAt,
    updatedAt: s.updatedAt,
    overdue: isOverdue(s, now),
    version: s.version,
  }
}

/**
 * A case as a principal without access to personal data sees it (a wall display, a GIS tool): no
 * reporter at all, and none of the free text where residents write names, doors and phone numbers.
 */
export function withoutPersonalData(v: CaseView): CaseView {
  return { ...v, reporter: { name: null, phone: null }, description: null, address: null, resolution: null }
}

/**
 * A view read back from the case log, masked again: it was masked under the rule of the day it was
 * written, and an older rule showed more (a 7-digit phone whole). Masking is idempotent, so a view
 * already masked under the current rule comes back unchanged.
 */
export function remaskView(view: CaseView): CaseView {
  const reporter = view.reporter ?? { name: null, phone: null }
  return { ...view, reporter: { name: maskName(reporter.name), phone: maskPhone(reporter.phone) } }
}

/** A logged event for the history view: the initial state inside 'created' events loses its personal data. */
export function maskEventPayload(event: Pick<CaseEvent, 'type' | 'payload'>): Record<string, unknown> {
  if (event.type !== 'created' && event.type !== 'imported') return event.payload
  const c = event.payload.case as CaseState
  return { ...event.payload, case: { ...c, reporterName: maskName(c.reporterName), reporterPhone: maskPhone(c.reporterPhone) } }
}

/** The area ids a case can be subscribed through, broadest first. */
export function caseAreaIds(s: Pick<CaseState, 'districtId' | 'streetId' | 'communityId' | 'gridId'>): string[] {
  return [s.districtId, s.streetId, s.communityId, s.gridId].filter((a): a is string => a !== null)
}

/** The departments a case concerns (dispatched to, or whistled to), as live subscription keys `dept:<code>`. */
export function caseDepartmentKeys(v: Pick<CaseView, 'dispatchedTo' | 'escalation'>): string[] {
  const keys = new Set<string>()
  if (v.dispatchedTo?.level === 'department') keys.add(`dept:${v.dispatchedTo.id}`)
  if (v.escalation) keys.add(`dept:${v.escalation.department}`)
  return [...keys]
}
