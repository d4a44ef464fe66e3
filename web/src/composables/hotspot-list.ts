/**
 * The wall's list of hotspot alerts, kept up to date by pushes (pure): a push replaces the alert it
 * names or adds it; who acknowledged stays as loaded (pushes leave it out). Live alerts first, the most
 * unusual on top; closed ones after, the latest closed first.
 */
import type { HotspotAlert, HotspotMessage } from '../api/hotspots.ts'

export function sortAlerts(alerts: readonly HotspotAlert[]): HotspotAlert[] {
  const closed = (a: HotspotAlert) => (a.status === 'closed' ? 1 : 0)
  return [...alerts].sort(
    (a, b) => closed(a) - closed(b) || (closed(a) ? (b.closedAt ?? '').localeCompare(a.closedAt ?? '') : a.pValue - b.pValue) || b.id - a.id,
  )
}

export function applyHotspotMessage(alerts: readonly HotspotAlert[], m: HotspotMessage): HotspotAlert[] {
  const before = alerts.find((a) => a.id === m.alert.id)
  const next = { ...m.alert, ...(before?.acknowledgedBy !== undefined && m.alert.acknowledgedBy === undefined ? { acknowledgedBy: before.acknowledgedBy } : {}) }
  return sortAlerts([...alerts.filter((a) => a.id !== m.alert.id), next])
}

/** "12 件 / 预期 0.8": the count against what the place usually has in that window. */
export function countVsExpected(a: Pick<HotspotAlert, 'observed' | 'expected'>): string {
  const e = a.expected
  const shown = e >= 10 ? e.toFixed(0) : e >= 0.1 ? e.toFixed(1) : '<0.1'
  return `${a.observed} 件 / 预期 ${shown}`
}

/** Where: the grid and, when most cases share one, the compound. */
export function alertPlace(a: Pick<HotspotAlert, 'gridName' | 'compoundName'>): string {
  return [a.gridName ?? '未知网格', a.compoundName].filter(Boolean).join(' · ')
}
