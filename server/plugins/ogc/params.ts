import { badRequest } from '../../lib/errors.ts'
import { INSTANT_RANGE, yearInRange } from '../../lib/instant.ts'
import { numberProblem } from '../../lib/input-rules.ts'

export type BBox = [west: number, south: number, east: number, north: number]

/** Open ends are null: `../b` has no start, `a/..` no end; an instant has start = end. */
export interface TimeFilter {
  start: string | null
  end: string | null
}

// Plain decimal numbers only: Number() would also take '0x10', 'Infinity' and ' '.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * OGC API – Features `bbox`: minLon,minLat,maxLon,maxLat in CRS84. A bbox crossing the antimeridian
 * (west > east) is legal in the standard but cannot touch a Chinese district, so it is refused as
 * inverted rather than answered with nothing. Six numbers (a 3D box) are refused too: there is no height.
 */
export function parseBbox(text: string): BBox {
  const parts = text.split(',')
  if (parts.length !== 4) throw badRequest('bbox must be four numbers: minLon,minLat,maxLon,maxLat (CRS84)', 'BAD_BBOX')
  if (!parts.every((p) => DECIMAL.test(p.trim()))) throw badRequest(`bbox has a value that is not a number: ${text}`, 'BAD_BBOX')
  const [w, s, e, n] = parts.map(Number)
  // The same rule as every number a route takes (server/lib/input-rules.ts): 1e400 is Infinity, 5e-324 subnormal.
  if ([w, s, e, n].some((v) => numberProblem(v, false))) throw badRequest(`bbox has a value that is not a finite, normal number: ${text}`, 'BAD_BBOX')
  if (w < -180 || e > 180 || s < -90 || n > 90 || e < -180 || w > 180 || n < -90 || s > 90) {
    throw badRequest('bbox lies outside -180..180, -90..90', 'BAD_BBOX')
  }
  if (w > e || s > n) throw badRequest('bbox must have minLon <= maxLon and minLat <= maxLat', 'BAD_BBOX')
  return [w, s, e, n]
}

// RFC 3339 date-time (section 5.6): the T and Z may be lower case; an offset is required.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/

/** Whether `s` is an RFC 3339 date-time that names a real instant (no 30 February, no hour 24). */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s)
  if (!m) return false
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number)
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return false
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false
  return true
}

/**
 * OGC API – Features `datetime`: an instant, or an interval `a/b`, `../b`, `a/..` (an empty end is
 * the same as `..`). Both ends open and a start after the end are refused. The strings go on to
 * PostgreSQL unchanged, so sub-millisecond precision is kept.
 */
export function parseDatetime(text: string): TimeFilter {
  const bad = (why: string) => badRequest(`datetime ${why}: ${text}`, 'BAD_DATETIME')
  const parts = text.split('/')
  if (parts.length === 1) {
    if (!isDateTime(text)) throw bad('must be an RFC 3339 date-time such as 2024-07-01T08:00:00Z, or an interval a/b')
    checkInstant(text, bad)
    return { start: text.toUpperCase(), end: text.toUpperCase() }
  }
  if (parts.length !== 2) throw bad('must be one instant or one interval')
  // Upper case: Date.parse and PostgreSQL both read 'T' and 'Z'; RFC 3339 allows 't' and 'z' too.
  const [a, b] = parts.map((p) => (p === '' || p === '..' ? null : p.toUpperCase()))
  if (a === null && b === null) throw bad('must have at least one closed end')
  for (const p of [a, b]) if (p !== null && !isDateTime(p)) throw bad(`has an end that is not an RFC 3339 date-time (${p})`)
  for (const p of [a, b]) if (p !== null) checkInstant(p, bad)
  if (a !== null && b !== null && Date.parse(a) > Date.parse(b)) throw bad('starts after it ends')
  return { start: a, end: b }
}

/**
 * What PostgreSQL would refuse of a valid RFC 3339 time, refused here with a reason: years outside the
 * range of server/lib/instant.ts (year 0000 does not exist there), and UTC offsets beyond ±14:00, the
 * widest in use (RFC 3339 allows up to ±23:59, PostgreSQL stops at ±15:59).
 */
function checkInstant(dateTime: string, bad: (why: string) => Error): void {
  if (!yearInRange(Number(dateTime.slice(0, 4)))) throw bad(`must lie ${INSTANT_RANGE}`)
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(dateTime)
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) throw bad('has a UTC offset beyond ±14:00')
}

const MAX_OFFSET_MINUTES = 14 * 60
