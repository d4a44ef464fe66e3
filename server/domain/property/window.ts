import type { TimeRange } from '../cases/time-window.ts'

/** The windows a 红黑榜 is drawn over: a week, the month 兰陵 reports on (一月一考核), a quarter. */
export const PROPERTY_WINDOWS = ['7d', '30d', '90d'] as const
export type PropertyWindow = (typeof PROPERTY_WINDOWS)[number]

const DAYS: Record<PropertyWindow, number> = { '7d': 7, '30d': 30, '90d': 90 }

/** The window ending at `now`. */
export function propertyRange(name: PropertyWindow, now: Date): TimeRange {
  return { from: new Date(now.getTime() - DAYS[name] * 86_400_000).toISOString(), to: now.toISOString() }
}
