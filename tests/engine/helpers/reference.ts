/** Deliberately naive references the engine is checked against: no heap, no CSR, no cleverness. */
import type { WalkNetworkInput } from '../../../server/engine/index.ts'

/** Node id → metres from the nearest of `sources` (node id → starting metres), by O(V²) Dijkstra. */
export function referenceDistances(net: WalkNetworkInput, sources: Map<number, number>): Map<number, number> {
  const dist = new Map<number, number>()
  for (const n of net.nodes) dist.set(n.id, sources.get(n.id) ?? Infinity)
  const done = new Set<number>()
  for (;;) {
    let u = -1, best = Infinity
    for (const [id, d] of dist) if (!done.has(id) && d < best) (u = id), (best = d)
    if (u < 0) break
    done.add(u)
    for (const e of net.edges) {
      const other = e.source === u ? e.target : e.target === u ? e.source : null
      if (other !== null && best + e.lengthM < dist.get(other)!) dist.set(other, best + e.lengthM)
    }
  }
  return dist
}
