/** What the coverage functions share: the graph with buildings attached as nodes, and the area tree. */
import type { WalkGraph } from './walk-graph.ts'
import type { AreaTable } from './lib/area-table.ts'

export interface BuildingTable {
  count: number
  ids: string[]
  /** Graph node of the entrance, -1 when it could not be attached (counted as unreachable). */
  node: Int32Array
  /** Metres from the entrance to its node (0 when the entrance is a walk node). */
  snapM: Float64Array
  residents: Float64Array
  households: Float64Array
  partyMemberHouseholds: Float64Array
  /** Leaf area (grid) index into the area table. */
  area: Int32Array
  lng: Float64Array
  lat: Float64Array
}

export interface CoverageModel {
  graph: WalkGraph
  buildings: BuildingTable
  areas: AreaTable
  /** Buildings at node v: nodeBuildings[nodeBuildingStart[v] … nodeBuildingStart[v + 1] - 1]. */
  nodeBuildingStart: Int32Array
  nodeBuildings: Int32Array
  /** Ids of buildings left unattached (no allowed edge within maxSnapM). */
  unattached: string[]
}
