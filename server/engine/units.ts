/**
 * Units, defaults and constants of the coverage engine, in one place.
 *
 * Walking speed: GB 50180-2018 (城市居住区规划设计标准) sizes the 5-minute life circle at about 300 m
 * of walking and the 15-minute circle at 800–1,000 m. 4 km/h (66.7 m/min) gives 333 m and 1,000 m,
 * which matches the standard's upper figures and is the product default (PRODUCT.md, "Service circles").
 */

// Scenarios and the statuses each counts are a code list, defined with the statuses themselves.
export { SCENARIO_STATUSES, SCENARIOS } from '../domain/vocabulary/index.ts'

/** @default 4 km/h, after GB 50180-2018 (5 min ≈ 300 m, 15 min ≈ 1,000 m). */
export const DEFAULT_WALK_SPEED_KMH = 4

/** The two circles of PRODUCT.md: 5-minute and 15-minute walking. */
export const DEFAULT_MINUTES: readonly number[] = [5, 15]

/** Side distance an isochrone extends off the walked street: about half a city block's depth. */
export const DEFAULT_SIDE_M = 50

/** Isochrone raster cell: fine enough to keep 10 m alleys apart, coarse enough for < 20 ms per station. */
export const DEFAULT_CELL_M = 10

/** Points farther than this from any allowed edge are left unattached (unreachable). */
export const DEFAULT_MAX_SNAP_M = 1000

/** Mean earth radius (IUGG), used by the local projection and haversine lengths. */
export const EARTH_RADIUS_M = 6_371_008.8

/** Metres walked in `minutes` at `speedKmh`. */
export function minutesToMetres(minutes: number, speedKmh: number): number {
  return (minutes * speedKmh * 1000) / 60
}

/** Minutes needed to walk `metres` at `speedKmh`. */
export function metresToMinutes(metres: number, speedKmh: number): number {
  return (metres * 60) / (speedKmh * 1000)
}

/** Distances within this of a threshold count as inside it (float noise from summed lengths). */
export const DISTANCE_EPSILON_M = 1e-6
