import type { AreaCoverage, AreaLevel, Scenario, StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import { nearestStations, type NearestStations } from './nearest-stations.ts'
import { stationsForScenario } from './stations-for-scenario.ts'
import { areaCovered, toAreaCoverage } from './lib/area-counts.ts'
import { cachedAreaTotals, lastAnswer, rememberAnswer } from './lib/model-memo.ts'
import { checkMinutes, checkPositive } from './lib/check.ts'
import { DEFAULT_MINUTES, DEFAULT_WALK_SPEED_KMH, minutesToMetres } from './units.ts'

export interface ComputeCoverageOptions {
  /** Walking-minute thresholds. @default [5, 15] */
  minutes?: readonly number[]
  /** Which stations count, by status (cumulative). @default 'current' */
  scenario?: Scenario
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
  /** Only return areas of these levels (all are computed). @default all levels */
  levels?: readonly AreaLevel[]
  /** Find the nearest station of each kind too. @default false */
  byKind?: boolean
  /**
   * Search radius in minutes. Infinity gives every building its true minutes (gaps need them);
   * the largest threshold is enough for the counts alone and is faster. @default Infinity
   */
  maxMinutes?: number
  /** Repair the labels of the previous call on this model instead of searching afresh (see nearestStations). @default true */
  reuse?: boolean
}

export interface CoverageResult {
  minutes: number[]
  scenario: Scenario
  speedKmh: number
  /** `{ id, level, name, residents, households, buildings, covered: { "5": { residents, … } } }`, district included. */
  areas: AreaCoverage[]
  /** Per-building answers (distance, station, per kind) for gaps and exports. */
  nearest: NearestStations
}

/**
 * Whole-district coverage: for every building the walk to the nearest station of the scenario, and for
 * every area at every level the residents, households, buildings and party-member households in total and
 * within each minute threshold.
 *
 * @example
 * const { areas } = computeCoverage(model, ds.stations, { minutes: [5, 15], scenario: 'built' })
 * areas.find((a) => a.level === 'district')!.covered['15'].share
 */
export function computeCoverage(
  model: CoverageModel,
  stations: readonly StationInput[],
  options: ComputeCoverageOptions = {},
): CoverageResult {
  const {
    scenario = 'current',
    speedKmh = DEFAULT_WALK_SPEED_KMH,
    levels,
    byKind = false,
    maxMinutes = Infinity,
    reuse = true,
  } = options
  const minutes = checkMinutes(options.minutes ?? DEFAULT_MINUTES)
  checkPositive(speedKmh, 'speedKmh')
  const active = stationsForScenario(stations, scenario)
  const nearest = nearestStations(model, active, { maxMinutes, speedKmh, byKind, reuse })
  const thresholdsM = minutes.map((m) => minutesToMetres(m, speedKmh))
  const covered = areaCovered(model, nearest.distanceM, thresholdsM)
  // All rows, sharing the records of areas the last answer already had right; then the levels asked for.
  const rows = toAreaCoverage(model, cachedAreaTotals(model), covered, minutes, undefined, undefined, reuse ? lastAnswer(model) : undefined)
  if (reuse) rememberAnswer(model, { covered, rows, minutes })
  const areas = levels ? rows.filter((r) => levels.includes(r.level)) : rows
  return { minutes, scenario, speedKmh, areas, nearest }
}
