/**
 * Street nodes worth trying as sites: on a public edge (a station inside a compound serves only it),
 * within the threshold of some uncovered building (no other node can gain anything), thinned to one per
 * `spacingM` square (neighbouring nodes have nearly the same catchment).
 */
import type { CoverageModel } from '../coverage-model.ts'
import { shortestPaths } from '../shortest-paths.ts'

export function nodeCandidates(model: CoverageModel, uncovered: readonly number[], limit: number, spacingM: number): number[] {
  const g = model.graph
  const t = model.buildings
  const reach = shortestPaths(
    g,
    uncovered.map((b) => ({ nodeA: t.node[b], distA: t.snapM[b], nodeB: -1, distB: Infinity })),
    { maxDistanceM: limit },
  ).distanceM
  const byCell = new Map<number, number>()
  for (let v = 0; v < g.nodeCount; v++) {
    if (!(reach[v] <= limit)) continue
    let isPublic = false
    for (let a = g.offsets[v]; a < g.offsets[v + 1] && !isPublic; a++) isPublic = g.baseEdgeGroup[g.edgeBase[g.arcEdge[a]]] === 0
    if (!isPublic) continue
    const key = Math.floor(g.nodeX[v] / spacingM) * 1_000_003 + Math.floor(g.nodeY[v] / spacingM)
    if (!byCell.has(key)) byCell.set(key, v)
  }
  return [...byCell.values()].sort((a, b) => a - b)
}
