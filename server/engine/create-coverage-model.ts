import type { AreaInput, BuildingInput, WalkNetworkInput } from './types.ts'
import type { BuildingTable, CoverageModel } from './coverage-model.ts'
import { buildWalkGraph } from './build-walk-graph.ts'
import { buildAreaTable } from './lib/area-table.ts'
import { DEFAULT_MAX_SNAP_M } from './units.ts'

export interface CoverageModelInput {
  network: WalkNetworkInput
  buildings: readonly BuildingInput[]
  areas: readonly AreaInput[]
}

export interface CreateCoverageModelOptions {
  /** Entrances farther than this from every allowed edge stay unattached. @default 1000 */
  maxSnapM?: number
  /** Keep buildings with no residents and no households (shops, schools) in the counts. @default false */
  includeEmpty?: boolean
}

/**
 * Builds everything coverage questions need once per network load: the walking graph with every
 * building entrance attached as a node (compound buildings only onto their compound's paths), the
 * building table in typed arrays and the area hierarchy. Rebuild it when the network or buildings change.
 *
 * @example
 * const model = createCoverageModel({
 *   network: { nodes: ds.walkNodes, edges: ds.walkEdges },
 *   buildings: ds.buildings,
 *   areas: ds.areas,
 * })
 */
export function createCoverageModel(input: CoverageModelInput, options: CreateCoverageModelOptions = {}): CoverageModel {
  const { maxSnapM = DEFAULT_MAX_SNAP_M, includeEmpty = false } = options
  if (!input || !Array.isArray(input.buildings) || !Array.isArray(input.areas)) {
    throw new TypeError('input must have network, buildings and areas')
  }
  const areas = buildAreaTable(input.areas)
  const kept = includeEmpty ? input.buildings : input.buildings.filter((b) => b.residents > 0 || b.households > 0)
  const leaf = kept.map((b) => {
    const a = areas.indexById.get(b.gridId)
    if (a === undefined) throw new TypeError(`building ${b.id} refers to area ${b.gridId}, which is not in areas`)
    for (const key of ['residents', 'households', 'partyMemberHouseholds'] as const) {
      if (!(b[key] >= 0)) throw new TypeError(`building ${b.id} must have ${key} ≥ 0, got ${b[key]}`)
    }
    return a
  })
  const { graph, attached } = buildWalkGraph(input.network, {
    maxSnapM,
    attach: kept.map((b) => ({ lngLat: b.entrance, compoundId: b.compoundId })),
  })
  const n = kept.length
  const buildings: BuildingTable = {
    count: n,
    ids: kept.map((b) => b.id),
    node: attached.node,
    snapM: attached.snapM.map((d) => (Number.isFinite(d) ? d : 0)),
    residents: Float64Array.from(kept, (b) => b.residents),
    households: Float64Array.from(kept, (b) => b.households),
    partyMemberHouseholds: Float64Array.from(kept, (b) => b.partyMemberHouseholds),
    area: Int32Array.from(leaf),
    lng: Float64Array.from(kept, (b) => b.entrance[0]),
    lat: Float64Array.from(kept, (b) => b.entrance[1]),
  }
  const nodeBuildingStart = new Int32Array(graph.nodeCount + 1)
  for (let b = 0; b < n; b++) if (attached.node[b] >= 0) nodeBuildingStart[attached.node[b] + 1]++
  for (let v = 0; v < graph.nodeCount; v++) nodeBuildingStart[v + 1] += nodeBuildingStart[v]
  const fill = nodeBuildingStart.slice(0, graph.nodeCount)
  const nodeBuildings = new Int32Array(nodeBuildingStart[graph.nodeCount])
  for (let b = 0; b < n; b++) if (attached.node[b] >= 0) nodeBuildings[fill[attached.node[b]]++] = b
  const unattached = buildings.ids.filter((_, b) => attached.node[b] < 0)
  return { graph, buildings, areas, nodeBuildingStart, nodeBuildings, unattached }
}
