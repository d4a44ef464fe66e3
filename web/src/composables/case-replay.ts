/**
 * Replaying a day from case views alone: a case's status and overdue flag as of a moment follow from
 * its timestamps (dispatched, started, resolved, evaluated, closed), so no event history is needed.
 * Pure helpers for useCaseReplay and its tests.
 */
import type { CaseStatus, CaseView } from '../api/case-types.ts'
import type { Pulse } from './useLiveCases.ts'
import type { CaseLite } from './recent-cases.ts'

const STEPS: [keyof CaseView, CaseStatus][] = [
  ['closedAt', 'closed'],
  ['evaluatedAt', 'evaluated'],
  ['resolvedAt', 'resolved'],
  ['startedAt', 'handling'],
  ['dispatchedAt', 'dispatched'],
]

const ms = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN)

/** The case as it stood at `t` (epoch ms); a reopened case reads from its latest timestamps. */
export function caseAt(view: CaseView, t: number): CaseView {
  let status: CaseStatus = 'received'
  for (const [field, s] of STEPS) {
    if (ms(view[field]) <= t) {
      status = s
      break
    }
  }
  const resolvedBy = ms(view.resolvedAt) <= t
  const overdue = !resolvedBy && ms(view.deadlineAt) < t
  return status === view.status && overdue === view.overdue ? view : { ...view, status, overdue }
}

/** Index of the first view created after `t` in a list sorted by creation time. */
export function createdUpTo(sorted: readonly CaseView[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (Date.parse(sorted[mid]!.createdAt) <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface ReplayFrame {
  /** Cases created up to the cursor, as compact records. */
  cases: CaseLite[]
  /** The newest few, newest first, as of the cursor. */
  ticker: CaseView[]
  /** The newest cases created within `pulseMs` before the cursor (at most `maxPulses`), pulsing in replay time. */
  pulses: Pulse[]
}

/**
 * What the screen shows at `t` of a replayed day. `lites` are the compact records of `sorted`, in the
 * same order (the aggregates read only creation time, place and category, which never change).
 */
export function replayFrame(
  sorted: readonly CaseView[],
  lites: readonly CaseLite[],
  t: number,
  tickerSize: number,
  pulseMs: number,
  maxPulses = 30,
): ReplayFrame {
  const end = createdUpTo(sorted, t)
  const ticker: CaseView[] = []
  for (let i = end - 1; i >= 0 && ticker.length < tickerSize; i--) ticker.push(caseAt(sorted[i]!, t))
  const pulses: Pulse[] = []
  for (let i = end - 1; i >= 0 && pulses.length < maxPulses; i--) {
    const at = Date.parse(sorted[i]!.createdAt)
    if (t - at >= pulseMs) break
    pulses.push({ id: sorted[i]!.id, lng: sorted[i]!.location.lng, lat: sorted[i]!.location.lat, at })
  }
  return { cases: lites.slice(0, end), ticker, pulses: pulses.reverse() }
}
