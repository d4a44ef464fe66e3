/** The windows the service-circle comparison offers: long enough for rates per 1,000 residents to mean something. */
export const CIRCLE_WINDOWS = ['7d', '30d', '90d'] as const
export type CircleWindow = (typeof CIRCLE_WINDOWS)[number]

export const CIRCLE_WINDOW_NAMES: Record<CircleWindow, string> = { '7d': '近7天', '30d': '近30天', '90d': '近90天' }

const DAYS: Record<CircleWindow, number> = { '7d': 7, '30d': 30, '90d': 90 }

/** The window ending at `now`. */
export function circleWindowRange(name: CircleWindow, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - DAYS[name] * 86_400_000).toISOString(), to: now.toISOString() }
}
