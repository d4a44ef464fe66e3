/**
 * Which uncovered buildings each candidate site would cover: the sets greedy siting chooses from.
 * Walking distance is symmetric (the graph is undirected), so the sets can be found from whichever side
 * has fewer searches to run: one bounded Dijkstra per candidate, or one per uncovered building with the
 * answers transposed. Both give exactly the pairs with candidate → building ≤ limit.
 */
import type { CoverageModel } from '../coverage-model.ts'
import type { SourceSeed } from '../shortest-paths.ts'
import type { CoverSets } from './celf.ts'
import { createWorkspace, resetWorkspace, runDijkstra, seed } from './dijkstra.ts'

export function catchments(
  model: CoverageModel,
  candidates: readonly SourceSeed[],
  uncovered: readonly number[],
  limit: number,
  from: 'candidates' | 'buildings' = candidates.length <= uncovered.length ? 'candidates' : 'buildings',
): CoverSets {
  const g = model.graph
  const t = model.buildings
  const ws = createWorkspace(g.nodeCount)
  const pairC: number[] = []
  const pairB: number[] = []
  if (from === 'candidates') {
    const isUncovered = new Uint8Array(t.count)
    for (const b of uncovered) isUncovered[b] = 1
    candidates.forEach((s, c) => {
      seed(ws.dist, ws.origin, ws.heap, s.nodeA, s.distA, c, limit, ws.log)
      seed(ws.dist, ws.origin, ws.heap, s.nodeB, s.distB, c, limit, ws.log)
      runDijkstra(g, ws.dist, ws.origin, ws.heap, limit, ws.log)
      for (let i = 0; i < ws.log.count; i++) {
        const v = ws.log.list[i]
        for (let q = model.nodeBuildingStart[v]; q < model.nodeBuildingStart[v + 1]; q++) {
          const b = model.nodeBuildings[q]
          if (isUncovered[b] && ws.dist[v] + t.snapM[b] <= limit) pairC.push(c), pairB.push(b)
        }
      }
      resetWorkspace(ws)
    })
  } else {
    // Candidates by the nodes they enter the graph at.
    const at = new Map<number, number[]>()
    candidates.forEach((s, c) => {
      for (const v of [s.nodeA, s.nodeB]) if (v >= 0) at.set(v, [...(at.get(v) ?? []), c])
    })
    const best = new Float64Array(candidates.length).fill(Infinity)
    for (const b of uncovered) {
      seed(ws.dist, ws.origin, ws.heap, t.node[b], t.snapM[b], b, limit, ws.log)
      runDijkstra(g, ws.dist, ws.origin, ws.heap, limit, ws.log)
      const hit: number[] = []
      for (let i = 0; i < ws.log.count; i++) {
        const v = ws.log.list[i]
        for (const c of at.get(v) ?? []) {
          const s = candidates[c]
          const d = v === s.nodeA ? ws.dist[v] + s.distA : ws.dist[v] + s.distB
          if (d < best[c]) {
            if (best[c] === Infinity) hit.push(c)
            best[c] = d
          }
        }
      }
      for (const c of hit) {
        if (best[c] <= limit) pairC.push(c), pairB.push(b)
        best[c] = Infinity
      }
      resetWorkspace(ws)
    }
  }
  const start = new Int32Array(candidates.length + 1)
  for (const c of pairC) start[c + 1]++
  for (let c = 0; c < candidates.length; c++) start[c + 1] += start[c]
  const fill = start.slice(0, candidates.length)
  const items = new Int32Array(pairC.length)
  for (let i = 0; i < pairC.length; i++) items[fill[pairC[i]]++] = pairB[i]
  return { start, items }
}
