import type { TimeRange } from './cases/time-window.ts'

/**
 * The day windows judgements are drawn over, ending now: a week, the month the seeds report on
 * (一月一考核), a quarter. The 红黑榜 and the service-circle comparison both offer them.
 */
export const DAY_WINDOWS = ['7d', '30d', '90d'] as const
export type DayWindow = (typeof DAY_WINDOWS)[number]

export const DAY_WINDOW_NAMES: Record<DayWindow, string> = { '7d': '近7天', '30d': '近30天', '90d': '近90天' }

const DAYS: Record<DayWindow, number> = { '7d': 7, '30d': 30, '90d': 90 }

/** The window ending at `now`. */
export function dayWindowRange(name: DayWindow, now: Date): TimeRange {
  return { from: new Date(now.getTime() - DAYS[name] * 86_400_000).toISOString(), to: now.toISOString() }
}
