/**
 * How the planner hands its plan to the printable report: the snapshot (and a still image of the map)
 * in sessionStorage, then the report opens in a new tab, which starts with a copy of this tab's
 * sessionStorage. So the planner keeps its unsaved plan in its own tab, the report survives a reload of
 * its tab, and nothing outlives the browser session or reaches the server.
 */
import type { PlanSnapshot } from '../model/plan-snapshot.ts'

const KEY = 'hl.plan-report'

export interface PlanReportData {
  snapshot: PlanSnapshot
  /** A data: URL of the map as it was drawn, or null when it could not be taken or stored. */
  mapImage: string | null
}

/** Stores the plan for the report; without the image if the image does not fit (sessionStorage holds ~5 MB). */
export function saveForReport(data: PlanReportData, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(data))
  } catch {
    storage.setItem(KEY, JSON.stringify({ ...data, mapImage: null }))
  }
}

export function loadReport(storage: Storage = sessionStorage): PlanReportData | null {
  const raw = storage.getItem(KEY)
  if (!raw) return null
  try {
    const data = JSON.parse(raw) as PlanReportData
    return data?.snapshot?.version === 1 ? data : null
  } catch {
    return null
  }
}
