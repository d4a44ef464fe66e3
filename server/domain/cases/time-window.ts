import type { WindowName } from '../vocabulary/index.ts'
import { parseInstant } from '../../lib/instant.ts'

/** Time windows for lists and KPIs: the fixed ones the screen offers, or a custom from/to. */
export { TIME_WINDOWS as WINDOWS, type WindowName } from '../vocabulary/index.ts'

const HOUR_MS = 3_600_000
const LENGTH_MS: Record<Exclude<WindowName, 'custom'>, number> = { '1h': HOUR_MS, '6h': 6 * HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS }

/** China Standard Time, UTC+8 all year (no daylight saving since 1991): "today" on the screen. */
const CST_OFFSET_MS = 8 * HOUR_MS

export class WindowError extends Error {
  readonly code = 'BAD_WINDOW'
}

export interface TimeRange {
  from: string
  to: string
}

/**
 * Resolve window/from/to into an ISO range ending no later than `now`; null when nothing was asked.
 * `custom` (or from/to alone) needs `from`; `to` defaults to now.
 */
export function resolveWindow(q: { window?: WindowName; from?: string; to?: string }, now: Date): TimeRange | null {
  const custom = q.window === 'custom' || (q.window === undefined && (q.from !== undefined || q.to !== undefined))
  if (!custom) {
    if (q.from !== undefined || q.to !== undefined) throw new WindowError(`from/to go with window=custom, not window=${q.window}`)
    if (q.window === undefined) return null
    return { from: new Date(now.getTime() - LENGTH_MS[q.window as Exclude<WindowName, 'custom'>]).toISOString(), to: now.toISOString() }
  }
  if (q.from === undefined) throw new WindowError('a custom window needs from (and optionally to)')
  const from = parseTime(q.from, 'from')
  const to = q.to === undefined ? now.getTime() : parseTime(q.to, 'to')
  if (from >= to) throw new WindowError(`from (${q.from}) must be before to (${q.to ?? 'now'})`)
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
}

function parseTime(v: string, name: string): number {
  const t = parseInstant(v)
  if ('problem' in t) throw new WindowError(`${name} ${t.problem}: ${v}`)
  return t.ms
}

/** Midnight today in China, as an instant. */
export function startOfDayCst(now: Date): Date {
  const local = now.getTime() + CST_OFFSET_MS
  return new Date(local - (local % (24 * HOUR_MS)) - CST_OFFSET_MS)
}

/** Monday 00:00 of this week in China (ISO weeks start on Monday). */
export function startOfWeekCst(now: Date): Date {
  const day = startOfDayCst(now)
  const weekday = (new Date(day.getTime() + CST_OFFSET_MS).getUTCDay() + 6) % 7 // Monday = 0
  return new Date(day.getTime() - weekday * 24 * HOUR_MS)
}
