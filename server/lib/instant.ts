/**
 * The times a client may give (list and KPI windows, Open311 dates, OGC datetime): instants from
 * 2000-01-01T00:00Z up to the end of 2100. Nothing in a district's case history lies outside, and both
 * JavaScript dates and PostgreSQL timestamps handle every instant inside, including after the
 * arithmetic done on them (a JavaScript date ends at +275760, a PostgreSQL timestamp starts at 4713 BC).
 */
export const FIRST_YEAR = 2000
export const LAST_YEAR = 2100
const FIRST_MS = Date.UTC(FIRST_YEAR, 0, 1)
const END_MS = Date.UTC(LAST_YEAR + 1, 0, 1)

export const INSTANT_RANGE = `between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`

export const yearInRange = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR

/**
 * Milliseconds since the epoch of an ISO 8601 time (anything Date.parse reads), or why it cannot be
 * taken: not a time, or outside the range above.
 */
export function parseInstant(text: string): { ms: number } | { problem: string } {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return { problem: 'is not an ISO 8601 time' }
  if (ms < FIRST_MS || ms >= END_MS) return { problem: `must lie ${INSTANT_RANGE}` }
  return { ms }
}
