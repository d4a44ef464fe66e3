/** The compact walking graph: CSR adjacency over typed arrays, plus what snapping and drawing need. */
import type { EdgeGeometry } from './lib/edge-geometry.ts'
import type { SegmentIndex } from './lib/segment-index.ts'

export interface WalkGraph {
  /** Base nodes (input order) first, then split nodes created where points attach mid-edge. */
  nodeCount: number
  baseNodeCount: number
  /** Input id of each node; NaN for split nodes. */
  nodeIds: Float64Array
  nodeIndex: Map<number, number>
  /** Local metric frame (see geometry.projection). */
  nodeX: Float64Array
  nodeY: Float64Array
  /** CSR: arcs of node v are offsets[v] … offsets[v + 1] - 1. Undirected: every sub-edge gives two arcs. */
  offsets: Int32Array
  targets: Int32Array
  weights: Float64Array
  /** Sub-edge of each arc. */
  arcEdge: Int32Array
  /** Sub-edges: pieces of base edges between split points. */
  edgeCount: number
  edgeSource: Int32Array
  edgeTarget: Int32Array
  edgeLength: Float64Array
  edgeBase: Int32Array
  /** Walked metres from the base edge's source to the sub-edge's source. */
  edgeFrom: Float64Array
  /** Input id of each base edge. */
  baseEdgeIds: Float64Array
  /** 0 for public edges, 1… for each compound that has edges. */
  baseEdgeGroup: Int32Array
  /** Sub-edges of base edge e are baseSubStart[e] … baseSubStart[e + 1] - 1, ordered along it. */
  baseSubStart: Int32Array
  groups: Map<string, number>
  geometry: EdgeGeometry
  index: SegmentIndex
}
