/** Deadlines as people read them: time left or time over (stamps: cst-time.ts). One wording everywhere. */
const MIN_MS = 60_000
const HOUR_MS = 60 * MIN_MS
const DAY_MS = 24 * HOUR_MS

/**
 * A span in the two largest units that matter: "2 天 3 小时", "3 小时 12 分", "12 分 05 秒". Without
 * `seconds` the last one is "12 分钟": for a list whose clock ticks by the minute or slower.
 */
export function formatSpan(ms: number, seconds = true): string {
  const abs = Math.abs(ms)
  if (abs >= DAY_MS) return `${Math.floor(abs / DAY_MS)} 天 ${Math.floor((abs % DAY_MS) / HOUR_MS)} 小时`
  if (abs >= HOUR_MS) return `${Math.floor(abs / HOUR_MS)} 小时 ${Math.floor((abs % HOUR_MS) / MIN_MS)} 分`
  if (!seconds) return `${Math.floor(abs / MIN_MS)} 分钟`
  const s = Math.floor((abs % MIN_MS) / 1000)
  return `${Math.floor(abs / MIN_MS)} 分 ${String(s).padStart(2, '0')} 秒`
}

export interface TimeLeft {
  text: string
  /** Past the deadline (still open), or settled after it. */
  overdue: boolean
  /** Still running (the countdown ticks). */
  running: boolean
}

/**
 * The time left before a deadline as of `now`, or, once the work is done (`doneAt`), whether it was
 * done in time. Same rule as the server's `overdue`: done (or now) after the deadline.
 */
export function timeLeft(deadline: string, now: number, doneAt: string | null = null, options: { seconds?: boolean } = {}): TimeLeft {
  const due = Date.parse(deadline)
  const span = (ms: number) => formatSpan(ms, options.seconds ?? true)
  if (doneAt) {
    const late = Date.parse(doneAt) - due
    return late > 0 ? { text: `超期 ${span(late)} 完成`, overdue: true, running: false } : { text: '按期完成', overdue: false, running: false }
  }
  const left = due - now
  return left >= 0 ? { text: `剩余 ${span(left)}`, overdue: false, running: true } : { text: `已超期 ${span(left)}`, overdue: true, running: true }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A report-in countdown to the second: "02:14:09", or "-00:05:12" once past. */
export function formatCountdown(deadlineMs: number, nowMs: number): { text: string; late: boolean } {
  const d = deadlineMs - nowMs
  const s = Math.floor(Math.abs(d) / 1000)
  const text = `${d < 0 ? '-' : ''}${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
  return { text, late: d < 0 }
}
