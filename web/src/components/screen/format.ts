/** Number formats of the screen's tiles: "—" for a figure the server does not have yet. */
type N = number | null | undefined

export const fmtInt = (n: N) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'))

/** A 0..1 share as a percentage number without the sign. */
export const fmtPct = (v: N, digits = 0) => (v === null || v === undefined ? '—' : (v * 100).toFixed(digits))

/** Hours with one decimal under ten, whole hours above. */
export const fmtHours = (v: N) => (v === null || v === undefined ? '—' : v < 10 ? v.toFixed(1) : Math.round(v).toString())

export interface TrendTag {
  text: string
  /** More cases than before is "up" (shown warm), fewer "down". */
  tone: 'up' | 'down' | 'flat'
}

/**
 * A count against the one a week before, in the words of a statistics bulletin, short enough for a
 * KPI tile read from across the room: "周同比 ↑12%" (today against the same weekday last week, to the
 * same time), "周环比 ↓5%" (this week so far against last week's same span). Without a base (nothing
 * then) it says so instead of an infinite percentage.
 */
export function fmtTrend(t: { now: number; before: number; change: number | null } | null | undefined, basis: string): TrendTag | undefined {
  if (!t) return undefined
  if (t.change === null) return { text: '上周同期无诉求', tone: t.now > 0 ? 'up' : 'flat' }
  const pct = Math.round(t.change * 100)
  if (pct === 0) return { text: `${basis} 持平`, tone: 'flat' }
  return { text: `${basis} ${pct > 0 ? '↑' : '↓'}${Math.abs(pct)}%`, tone: pct > 0 ? 'up' : 'down' }
}
