import { badRequest } from '../../lib/errors.ts'

/** "5,15" → [5, 15]: positive, at most 8 values, each at most two hours, sorted and unique. */
export function parseMinutes(text: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()))
  if (values.some((v) => !Number.isFinite(v) || v <= 0 || v > 120)) {
    throw badRequest(`minutes must be positive numbers up to 120, got "${text}"`, 'BAD_MINUTES')
  }
  const unique = [...new Set(values)].sort((a, b) => a - b)
  if (unique.length > 8) throw badRequest('at most 8 minute values', 'BAD_MINUTES')
  return unique
}
