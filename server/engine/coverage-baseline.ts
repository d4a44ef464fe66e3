import type { AreaCoverage, Attachment, Scenario, StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import { attachPoints } from './attach-points.ts'
import { cachedLabels } from './lib/label-cache.ts'
import { stationsForScenario } from './stations-for-scenario.ts'
import { areaCovered, toAreaCoverage } from './lib/area-counts.ts'
import { cachedAreaTotals } from './lib/model-memo.ts'
import { checkMinutes, checkPositive } from './lib/check.ts'
import { DEFAULT_MINUTES, DEFAULT_WALK_SPEED_KMH, minutesToMetres } from './units.ts'

export interface CoverageBaselineOptions {
  /** @default [5, 15] */
  minutes?: readonly number[]
  /** @default 'current' */
  scenario?: Scenario
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
}

/**
 * Coverage of one scenario kept at node level, capped at the largest threshold (nothing farther can
 * change a count), with each station's catchment (the nodes it is nearest to). What-if answers are
 * computed against it; cache one per (scenario, minutes, speed) and rebuild when stations change.
 */
export interface CoverageBaseline {
  model: CoverageModel
  minutes: number[]
  thresholdsM: number[]
  maxM: number
  speedKmh: number
  scenario: Scenario
  stations: StationInput[]
  attachments: Attachment[]
  stationIndex: Map<string, number>
  nodeDistanceM: Float64Array
  nodeStation: Int32Array
  /** Nodes nearest to station s: catchmentNodes[catchmentStart[s] … catchmentStart[s + 1] - 1]. */
  catchmentStart: Int32Array
  catchmentNodes: Int32Array
  buildingDistanceM: Float64Array
  /** Area × field totals and area × threshold × field covered counts (see lib/area-counts). */
  totals: Float64Array
  covered: Float64Array
  areas: AreaCoverage[]
}

/**
 * Computes the baseline that whatIf() edits.
 *
 * @example
 * const base = createCoverageBaseline(model, ds.stations, { scenario: 'current', minutes: [5, 15] })
 * const answer = whatIf(base, { move: [{ id: 'ST012', lngLat: [117.301, 31.802] }] })
 */
export function createCoverageBaseline(
  model: CoverageModel,
  allStations: readonly StationInput[],
  options: CoverageBaselineOptions = {},
): CoverageBaseline {
  const { scenario = 'current', speedKmh = DEFAULT_WALK_SPEED_KMH } = options
  const minutes = checkMinutes(options.minutes ?? DEFAULT_MINUTES)
  checkPositive(speedKmh, 'speedKmh')
  const stations = stationsForScenario(allStations, scenario)
  const stationIndex = new Map<string, number>()
  stations.forEach((s, i) => {
    if (stationIndex.has(s.id)) throw new TypeError(`station id ${s.id} appears twice`)
    stationIndex.set(s.id, i)
  })
  const thresholdsM = minutes.map((m) => minutesToMetres(m, speedKmh))
  const maxM = thresholdsM[thresholdsM.length - 1]
  const attachments = attachPoints(model.graph, stations)
  // Copies: the cached labels change with the next call, the baseline must not.
  const labels = cachedLabels(model.graph, 'baseline', attachments, maxM)
  const nodeDistanceM = labels.dist.slice()
  const nodeStation = labels.origin.slice()
  const catchmentStart = new Int32Array(stations.length + 1)
  for (let v = 0; v < nodeStation.length; v++) if (nodeStation[v] >= 0) catchmentStart[nodeStation[v] + 1]++
  for (let s = 0; s < stations.length; s++) catchmentStart[s + 1] += catchmentStart[s]
  const fill = catchmentStart.slice(0, stations.length)
  const catchmentNodes = new Int32Array(catchmentStart[stations.length])
  for (let v = 0; v < nodeStation.length; v++) if (nodeStation[v] >= 0) catchmentNodes[fill[nodeStation[v]]++] = v
  const { node, snapM, count } = model.buildings
  const buildingDistanceM = new Float64Array(count)
  for (let b = 0; b < count; b++) {
    const d = node[b] >= 0 ? nodeDistanceM[node[b]] + snapM[b] : Infinity
    buildingDistanceM[b] = d <= maxM ? d : Infinity
  }
  const totals = cachedAreaTotals(model)
  const covered = areaCovered(model, buildingDistanceM, thresholdsM)
  return {
    model, minutes, thresholdsM, maxM, speedKmh, scenario, stations, attachments, stationIndex,
    nodeDistanceM, nodeStation, catchmentStart, catchmentNodes, buildingDistanceM, totals, covered,
    areas: toAreaCoverage(model, totals, covered, minutes),
  }
}
