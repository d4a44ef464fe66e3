import type { Detection } from './detect.ts'
import { metres } from './geo.ts'
import { HOTSPOT_PARAMS, type HotspotParams } from './params.ts'

/** An alert that is still open or acknowledged, as the reconciler needs it (times in ms). */
export interface LiveAlert {
  id: number
  category: string
  centre: [number, number]
  windowHours: number
  newest: number
  missedRuns: number
}

export interface Reconciled {
  opened: Detection[]
  updated: { id: number; detection: Detection }[]
  /** Not detected this run but kept: their new count of consecutive misses. */
  missed: { id: number; missedRuns: number }[]
  closed: number[]
}

/**
 * What a run does to the alerts: a detection within matchM of a live alert of its category updates
 * the nearest one (each alert takes one detection); the other detections open alerts. An alert not
 * detected closes (faded) after missesToClose consecutive runs, or at once when its newest case has
 * left its window.
 */
export function reconcile(alerts: readonly LiveAlert[], detections: readonly Detection[], asOf: number, p: HotspotParams = HOTSPOT_PARAMS): Reconciled {
  const out: Reconciled = { opened: [], updated: [], missed: [], closed: [] }
  const taken = new Set<number>()
  // Most unusual first, so a strong detection is not beaten to its alert by a weak neighbour.
  for (const d of [...detections].sort((a, b) => a.pValue - b.pValue)) {
    let best: LiveAlert | null = null
    let bestM = Infinity
    for (const a of alerts) {
      if (taken.has(a.id) || a.category !== d.category) continue
      const m = metres(a.centre, d.centre)
      if (m <= p.matchM && m < bestM) [best, bestM] = [a, m]
    }
    if (best) {
      taken.add(best.id)
      out.updated.push({ id: best.id, detection: d })
    } else out.opened.push(d)
  }
  for (const a of alerts) {
    if (taken.has(a.id)) continue
    const missedRuns = a.missedRuns + 1
    if (missedRuns >= p.missesToClose || a.newest <= asOf - a.windowHours * 3_600_000) out.closed.push(a.id)
    else out.missed.push({ id: a.id, missedRuns })
  }
  return out
}
