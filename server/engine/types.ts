/**
 * Shapes the engine takes and returns. Inputs are structurally compatible with the generator's records
 * (geodata/dataset/types.ts) so a Dataset can be passed as is; the server maps pg rows to the same shapes.
 */
import type { AreaLevel, StationStatus } from '../domain/vocabulary/index.ts'

// Code lists come from the (pure) vocabulary module; re-exported so engine users need one import.
export type { AreaLevel, Scenario, StationStatus } from '../domain/vocabulary/index.ts'

export type LngLat = [number, number]

export interface WalkNodeInput {
  id: number
  lngLat: LngLat
}

export interface WalkEdgeInput {
  id: number
  source: number
  target: number
  /** Metres along the geometry; walked in both directions. */
  lengthM: number
  /** Set for paths inside a walled compound (and its gate and entrance edges); null for public ways. */
  compoundId: string | null
  /** Geometry from source to target (used for snapping and isochrones). */
  coords: LngLat[]
}

export interface WalkNetworkInput {
  nodes: readonly WalkNodeInput[]
  edges: readonly WalkEdgeInput[]
}

export interface BuildingInput {
  id: string
  /** The leaf area (grid) the building belongs to. */
  gridId: string
  compoundId: string | null
  residents: number
  households: number
  partyMemberHouseholds: number
  /** The door; attached to the nearest allowed edge (a walk node in generated data). */
  entrance: LngLat
}

export interface AreaInput {
  id: string
  level: AreaLevel
  parentId: string | null
  name: string
}

export interface StationInput {
  id: string
  kind: string
  status: StationStatus
  compoundId: string | null
  lngLat: LngLat
}

/** A point placed on the walking graph: it enters the graph at two nodes with the given extra metres. */
export interface Attachment {
  /** Sub-edge of the walking graph the point lies on, -1 when nothing allowed was within reach. */
  edge: number
  /** Metres along the sub-edge from its source node. */
  along: number
  /** Straight-line metres from the point to the network. */
  snapM: number
  nodeA: number
  distA: number
  nodeB: number
  distB: number
}

/** Per-minute counters of one area. */
export interface CoveredCounts {
  residents: number
  households: number
  buildings: number
  partyMemberHouseholds: number
  /** Share of residents covered, 0–1 (0 when the area has no residents). */
  share: number
}

/** One row of the coverage answer: `{ id, level, name, residents, households, buildings, covered: { "5": … } }`. */
export interface AreaCoverage {
  id: string
  level: AreaLevel
  name: string
  parentId: string | null
  residents: number
  households: number
  buildings: number
  partyMemberHouseholds: number
  covered: Record<string, CoveredCounts>
}
