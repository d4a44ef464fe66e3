/**
 * The wall's list of hotspot alerts, kept up to date by pushes (pure): a push replaces the alert it
 * names or adds it; who acknowledged stays as loaded (pushes leave it out). The wall shows a few rows and
 * rings every alert on the map, so the rows carry what needs someone now: open alerts before acknowledged
 * ones, the newest detected first (a new alert is news, even beside a larger older one), the more unusual
 * first among those detected together; closed ones last, the latest closed first.
 */
import type { HotspotAlert, HotspotMessage } from '../api/hotspots.ts'

const RANK = { open: 0, acknowledged: 1, closed: 2 } as const

export function sortAlerts(alerts: readonly HotspotAlert[]): HotspotAlert[] {
  const rank = (a: HotspotAlert) => RANK[a.status] ?? 1
  return [...alerts].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.status === 'closed'
        ? (b.closedAt ?? '').localeCompare(a.closedAt ?? '')
        : Date.parse(b.detectedAt) - Date.parse(a.detectedAt) || a.pValue - b.pValue) ||
      b.id - a.id,
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
