/** Deadlines as people on the queue read them: time left or time over (stamps: cst-time.ts). */
const MIN_MS = 60_000
const HOUR_MS = 60 * MIN_MS
const DAY_MS = 24 * HOUR_MS

const span = (ms: number): string => {
  const m = Math.floor(ms / MIN_MS)
  if (m < 60) return `${m} 分钟`
  if (ms < DAY_MS) return `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分` : ''}`
  const h = Math.floor(ms / HOUR_MS)
  return `${Math.floor(h / 24)} 天${h % 24 ? ` ${h % 24} 小时` : ''}`
}

/** "剩 3 小时 12 分" before the deadline, "超期 2 天 4 小时" after it. */
export function formatTimeLeft(deadlineMs: number, nowMs: number): { text: string; late: boolean } {
  const d = deadlineMs - nowMs
  return d >= 0 ? { text: `剩 ${span(d)}`, late: false } : { text: `超期 ${span(-d)}`, late: true }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A report-in countdown to the second: "02:14:09", or "-00:05:12" once past. */
export function formatCountdown(deadlineMs: number, nowMs: number): { text: string; late: boolean } {
  const d = deadlineMs - nowMs
  const s = Math.floor(Math.abs(d) / 1000)
  const text = `${d < 0 ? '-' : ''}${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
  return { text, late: d < 0 }
}
