/**
 * The wall's unattended tour and its night theme, as pure rules: `?tour=60` cycles the map's focus
 * through the streets, 60 s each, then back to the whole district, and round again; `?night=1` /
 * `?night=0` force the night theme on or off, and without it the theme follows China time (19:00 to
 * 07:00 is night).
 */
import { hourCst } from './cst-time.ts'

/** Shorter stops would keep the (software-rendered) map flying all the time. */
export const MIN_TOUR_SECONDS = 10
export const NIGHT_FROM_HOUR = 19
export const NIGHT_TO_HOUR = 7

type QueryValue = string | null | undefined | readonly (string | null)[]

const first = (v: QueryValue): string | null => (Array.isArray(v) ? (v[0] ?? null) : ((v as string | null | undefined) ?? null))

/** Seconds per stop from `?tour=`, or null when there is no tour; `?tour` alone means 60 s. */
export function parseTourSeconds(value: QueryValue): number | null {
  if (value === undefined) return null
  const raw = first(value)
  if (raw === null || raw === '') return 60
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) return null
  return Math.max(MIN_TOUR_SECONDS, Math.round(n))
}

/** Stops of a tour over `streets` streets: each street in turn, then the district (index = streets). */
export function nextStop(current: number, streets: number): number {
  if (streets <= 0) return 0
  return (current + 1) % (streets + 1)
}

/** Is it night on the wall at `now`: forced by `?night=1|0`, else 19:00–07:00 China time. */
export function isNight(now: number, value: QueryValue): boolean {
  const raw = first(value)
  if (raw === '1' || raw === 'true' || raw === 'on') return true
  if (raw === '0' || raw === 'false' || raw === 'off') return false
  const h = hourCst(now)
  return h >= NIGHT_FROM_HOUR || h < NIGHT_TO_HOUR
}
