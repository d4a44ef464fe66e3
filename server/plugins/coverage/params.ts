import { badRequest } from '../../lib/errors.ts'
import { LIMITS } from './schemas.ts'

/** "5,15" → [5, 15]: positive, at most LIMITS.minuteValues values, each at most `max`, sorted and unique. */
export function parseMinutes(text: string, max: number = LIMITS.maxMinutes): number[] {
  const values = text.split(',').map((s) => Number(s.trim()))
  if (values.some((v) => !Number.isFinite(v) || v <= 0 || v > max)) {
    throw badRequest(`minutes must be positive numbers up to ${max}, got "${text}"`, 'BAD_MINUTES')
  }
  const unique = [...new Set(values)].sort((a, b) => a - b)
  if (unique.length > LIMITS.minuteValues) throw badRequest(`at most ${LIMITS.minuteValues} minute values`, 'BAD_MINUTES')
  return unique
}
