/**
 * "Today" on the screen is the day in China Standard Time (UTC+8 all year, no daylight saving since
 * 1991), as the server counts it for `counts.today`; the wall display may run on a machine set to UTC.
 */
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const CST_OFFSET_MS = 8 * HOUR_MS
export const CST_TIME_ZONE = 'Asia/Shanghai'

/** Midnight today in China, as epoch milliseconds. */
export function startOfDayCst(ms: number): number {
  const local = ms + CST_OFFSET_MS
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - CST_OFFSET_MS
}

/** Hour of the day in China, 0..23. */
export function hourCst(ms: number): number {
  return new Date(ms + CST_OFFSET_MS).getUTCHours()
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 14:05 (China time). */
export function formatHm(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** 07-01 14:05 (China time). */
export function formatStamp(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS)
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatHm(ms)}`
}

/** 14:05:09 (China time). */
export function formatHms(ms: number): string {
  return `${formatHm(ms)}:${pad(new Date(ms + CST_OFFSET_MS).getUTCSeconds())}`
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** 2024年7月1日 星期一 (China time). */
export function formatDateCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 星期${WEEKDAYS[d.getUTCDay()]}`
}

/** "刚刚", "45 秒前", "12 分钟前", "3 小时前", "2 天前". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 5) return '刚刚'
  if (s < 60) return `${s} 秒前`
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`
  if (s < 86_400) return `${Math.floor(s / 3600)} 小时前`
  return `${Math.floor(s / 86_400)} 天前`
}
