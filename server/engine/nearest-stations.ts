import type { Attachment, StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import { attachPoints } from './attach-points.ts'
import { shortestPaths } from './shortest-paths.ts'
import { cachedLabels } from './lib/label-cache.ts'
import { DEFAULT_WALK_SPEED_KMH, minutesToMetres } from './units.ts'
import { checkPositive } from './lib/check.ts'

export interface NearestStationsOptions {
  /** Search radius in minutes; buildings farther get Infinity. Capping speeds the search up. @default Infinity */
  maxMinutes?: number
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
  /** Also find the nearest station of each kind (one more search per kind). @default true */
  byKind?: boolean
  /**
   * Reuse the labels of the last call on this graph (same radius), repairing only what changed: stations
   * are matched by where they attach, so only added, moved and removed ones cost a search. @default true
   */
  reuse?: boolean
}

export interface NearestPerBuilding {
  /** Walking metres from each building's entrance to the nearest station (Infinity: unreachable or past the cap). */
  distanceM: Float64Array
  /** Index into `stations` of that station, -1 if none. */
  station: Int32Array
}

export interface NearestStations extends NearestPerBuilding {
  stations: readonly StationInput[]
  attachments: Attachment[]
  byKind: Record<string, NearestPerBuilding>
  /** Node-level labels of the all-stations search (what-if and isochrones start from these). */
  nodeDistanceM: Float64Array
  nodeStation: Int32Array
}

/**
 * For every building, the walking distance to the nearest of `stations` and which station it is, and
 * the same per station kind. Pass the scenario's stations (see stationsForScenario).
 *
 * @example
 * const near = nearestStations(model, stationsForScenario(ds.stations, 'current'), { maxMinutes: 15 })
 * near.distanceM[0] // metres from building 0
 */
export function nearestStations(
  model: CoverageModel,
  stations: readonly StationInput[],
  options: NearestStationsOptions = {},
): NearestStations {
  const { maxMinutes = Infinity, speedKmh = DEFAULT_WALK_SPEED_KMH, byKind = true, reuse = true } = options
  checkPositive(speedKmh, 'speedKmh')
  if (!(maxMinutes > 0)) throw new TypeError(`maxMinutes must be a positive number or Infinity, got ${maxMinutes}`)
  const maxM = minutesToMetres(maxMinutes, speedKmh)
  const attachments = attachPoints(model.graph, stations)
  const all = search(model, attachments, maxM, reuse ? 'nearest' : null)
  // The cache owns its labels; the caller gets its own copies.
  if (reuse) Object.assign(all, { nodeDistanceM: all.nodeDistanceM.slice(), nodeStation: all.nodeStation.slice() })
  const kinds: Record<string, NearestPerBuilding> = {}
  if (byKind) {
    for (const kind of new Set(stations.map((s) => s.kind))) {
      const only = attachments.map((a, i) => (stations[i].kind === kind ? a : null))
      const { distanceM, station } = search(model, only, maxM, reuse ? `nearest:${kind}` : null)
      kinds[kind] = { distanceM, station }
    }
  }
  return { ...all, stations, attachments, byKind: kinds }
}

const UNATTACHED = { nodeA: -1, distA: Infinity, nodeB: -1, distB: Infinity }

function search(model: CoverageModel, attachments: readonly (Attachment | null)[], maxM: number, slot: string | null) {
  const seeds = attachments.map((a) => a ?? UNATTACHED)
  let nodeDistanceM: Float64Array, nodeStation: Int32Array
  if (slot === null) ({ distanceM: nodeDistanceM, source: nodeStation } = shortestPaths(model.graph, seeds, { maxDistanceM: maxM }))
  else {
    const labels = cachedLabels(model.graph, slot, seeds, maxM)
    nodeDistanceM = labels.dist
    nodeStation = labels.origin
  }
  const { node, snapM, count } = model.buildings
  const distanceM = new Float64Array(count)
  const station = new Int32Array(count)
  for (let b = 0; b < count; b++) {
    const v = node[b]
    const d = v >= 0 ? nodeDistanceM[v] + snapM[b] : Infinity
    if (d <= maxM) {
      distanceM[b] = d
      station[b] = nodeStation[v]
    } else {
      distanceM[b] = Infinity
      station[b] = -1
    }
  }
  return { distanceM, station, nodeDistanceM, nodeStation }
}
