/** Argument checks that throw precise messages (after turf-isolines and maplibre's LngLat). */

export function checkMinutes(minutes: unknown, name = 'minutes'): number[] {
  if (
    !Array.isArray(minutes) ||
    minutes.length === 0 ||
    !minutes.every((m) => typeof m === 'number' && Number.isFinite(m) && m > 0)
  ) {
    throw new TypeError(`${name} must be a non-empty array of positive numbers`)
  }
  return [...new Set(minutes as number[])].sort((a, b) => a - b)
}

export function checkPositive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive finite number, got ${String(value)}`)
  }
  return value
}

export function checkPositiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer, got ${String(value)}`)
  }
  return value
}

export function checkLngLat(value: unknown, name: string): [number, number] {
  if (
    !Array.isArray(value) ||
    value.length < 2 ||
    typeof value[0] !== 'number' ||
    typeof value[1] !== 'number' ||
    !Number.isFinite(value[0]) ||
    !Number.isFinite(value[1]) ||
    Math.abs(value[0]) > 180 ||
    Math.abs(value[1]) > 90
  ) {
    throw new TypeError(`${name} must be a [lng, lat] pair within ±180, ±90, got ${JSON.stringify(value)}`)
  }
  return value as [number, number]
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new TypeError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
  }
  return value as T
}
