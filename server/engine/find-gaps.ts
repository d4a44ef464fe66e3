import type { LngLat } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import type { NearestStations } from './nearest-stations.ts'
import { isWithin } from './lib/area-table.ts'
import { checkPositive } from './lib/check.ts'
import { DEFAULT_WALK_SPEED_KMH, DISTANCE_EPSILON_M, metresToMinutes, minutesToMetres } from './units.ts'

export interface FindGapsOptions {
  /** Buildings farther than this many walking minutes are gaps. @default 15 */
  minutes?: number
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
  /** Only buildings in this area (any level). @default the whole district */
  areaId?: string
  /** At most this many rows (the most populous first). @default Infinity */
  limit?: number
}

export interface Gap {
  id: string
  residents: number
  households: number
  partyMemberHouseholds: number
  /** Leaf area (grid) id. */
  areaId: string
  /** Minutes to the nearest station, null when none is reachable (or beyond the search radius). */
  minutes: number | null
  distanceM: number | null
  stationId: string | null
  entrance: LngLat
}

/**
 * Buildings not covered within `minutes`, most residents first: where the planner should look.
 *
 * @example
 * const { nearest } = computeCoverage(model, ds.stations)
 * findGaps(model, nearest, { minutes: 5, areaId: 'D01S02', limit: 20 })
 */
export function findGaps(model: CoverageModel, nearest: NearestStations, options: FindGapsOptions = {}): Gap[] {
  const { minutes = 15, speedKmh = DEFAULT_WALK_SPEED_KMH, areaId, limit = Infinity } = options
  checkPositive(minutes, 'minutes')
  checkPositive(speedKmh, 'speedKmh')
  if (!(limit >= 0)) throw new TypeError(`limit must be a number ≥ 0, got ${limit}`)
  let within = -1
  if (areaId !== undefined) {
    const a = model.areas.indexById.get(areaId)
    if (a === undefined) throw new TypeError(`areaId ${areaId} is not a known area`)
    within = a
  }
  const maxM = minutesToMetres(minutes, speedKmh)
  const t = model.buildings
  const picked: number[] = []
  for (let b = 0; b < t.count; b++) {
    if (nearest.distanceM[b] <= maxM + DISTANCE_EPSILON_M) continue
    if (within >= 0 && !isWithin(model.areas, t.area[b], within)) continue
    picked.push(b)
  }
  picked.sort((a, b) => t.residents[b] - t.residents[a] || a - b)
  return picked.slice(0, Math.min(picked.length, limit)).map((b) => {
    const d = nearest.distanceM[b]
    const s = nearest.station[b]
    return {
      id: t.ids[b],
      residents: t.residents[b],
      households: t.households[b],
      partyMemberHouseholds: t.partyMemberHouseholds[b],
      areaId: model.areas.ids[t.area[b]],
      minutes: Number.isFinite(d) ? Math.round(metresToMinutes(d, speedKmh) * 100) / 100 : null,
      distanceM: Number.isFinite(d) ? Math.round(d * 100) / 100 : null,
      stationId: s >= 0 ? nearest.stations[s].id : null,
      entrance: [t.lng[b], t.lat[b]],
    }
  })
}
