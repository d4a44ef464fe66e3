import type { WalkGraph } from './walk-graph.ts'
import { IndexedMinHeap } from './lib/min-heap.ts'
import { runDijkstra, seed } from './lib/dijkstra.ts'

/** Where a search starts: up to two nodes with the metres already walked to reach them (an Attachment fits). */
export interface SourceSeed {
  nodeA: number
  distA: number
  nodeB: number
  distB: number
}

export interface ShortestPathsOptions {
  /** Stop the search past this many metres; nodes beyond keep Infinity. @default Infinity */
  maxDistanceM?: number
}

export interface ShortestPaths {
  /** Metres from the nearest source to every node (Infinity when unreached). */
  distanceM: Float64Array
  /** Index (into `sources`) of that nearest source, -1 when unreached. */
  source: Int32Array
}

/**
 * Multi-source Dijkstra: for every node, the walking metres to the nearest of `sources` and which it is.
 *
 * @example
 * const { distanceM, source } = shortestPaths(graph, attachPoints(graph, stations), { maxDistanceM: 1000 })
 */
export function shortestPaths(
  graph: WalkGraph,
  sources: readonly SourceSeed[],
  options: ShortestPathsOptions = {},
): ShortestPaths {
  const { maxDistanceM = Infinity } = options
  if (!(maxDistanceM >= 0)) throw new TypeError(`maxDistanceM must be a number ≥ 0, got ${maxDistanceM}`)
  const dist = new Float64Array(graph.nodeCount).fill(Infinity)
  const origin = new Int32Array(graph.nodeCount).fill(-1)
  const heap = new IndexedMinHeap(graph.nodeCount, dist)
  sources.forEach((s, i) => {
    seed(dist, origin, heap, s.nodeA, s.distA, i, maxDistanceM)
    seed(dist, origin, heap, s.nodeB, s.distB, i, maxDistanceM)
  })
  runDijkstra(graph, dist, origin, heap, maxDistanceM)
  return { distanceM: dist, source: origin }
}

/** A source sitting exactly on the node with input id `nodeId`. */
export function sourceAtNode(graph: WalkGraph, nodeId: number): SourceSeed {
  const v = graph.nodeIndex.get(nodeId)
  if (v === undefined) throw new TypeError(`node ${nodeId} is not in the walking graph`)
  return { nodeA: v, distA: 0, nodeB: -1, distB: Infinity }
}
