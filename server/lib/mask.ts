/**
 * Residents' and workers' personal data leaves the database masked unless a route exists to show it.
 * Names keep the surname (张**), phones keep the first three and last four digits (139****5678),
 * the forms used on Chinese government notices.
 */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null
  const chars = [...name]
  if (chars.length === 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 2))
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4)
}
