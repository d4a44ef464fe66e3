/**
 * Multi-source labels (metres to the nearest source, and which source) kept between calls, so that asking
 * again about nearly the same stations costs only what changed. Sources are matched by where they enter
 * the graph (their attachment), not by id or order: a station renamed or listed in another order reuses
 * its labels, a moved one is a removal plus an addition. The repair is the one what-if uses: clear the
 * removed sources' catchments, refill them from their borders, let added sources improve what they can.
 * Distances are exact either way; which of two equally near sources a node names may differ from a
 * fresh search.
 *
 * Keyed by graph object (a graph never changes after it is built: a new network load is a new graph), then
 * by a caller's slot name and the search radius. A few slots per graph are kept, least recently used first out.
 */
import type { WalkGraph } from '../walk-graph.ts'
import type { SourceSeed } from '../shortest-paths.ts'
import { IndexedMinHeap } from './min-heap.ts'
import { runDijkstra, seed } from './dijkstra.ts'

interface Entry {
  keys: string[]
  seeds: SourceSeed[]
  dist: Float64Array
  origin: Int32Array
  heap: IndexedMinHeap
}

const MAX_SLOTS = 24
/** Past this share of sources changed, a fresh search is cheaper than the repair. */
const REPAIR_MAX_SHARE = 0.25

const byGraph = new WeakMap<WalkGraph, Map<string, Entry>>()

export interface Labels {
  /** Read-only: owned by the cache (copy before changing). */
  dist: Float64Array
  origin: Int32Array
  /** 'fresh': a full search; 'repaired': n sources changed since the last call; 'reused': none did. */
  how: 'fresh' | 'repaired' | 'reused'
  changed: number
}

const seedKey = (s: SourceSeed) => `${s.nodeA}:${s.distA}:${s.nodeB}:${s.distB}`

/**
 * Labels of a bounded multi-source search from `seeds` (origin = index into `seeds`), reusing and
 * repairing the labels last computed in the same slot. An unattached seed (nodeA and nodeB -1) reaches nothing.
 */
export function cachedLabels(graph: WalkGraph, slot: string, seeds: readonly SourceSeed[], maxM: number): Labels {
  let slots = byGraph.get(graph)
  if (!slots) byGraph.set(graph, (slots = new Map()))
  const name = `${slot}@${maxM}`
  const entry = slots.get(name)
  slots.delete(name)
  const keys = seeds.map(seedKey)
  const result = entry ? repair(graph, entry, seeds, keys, maxM) : undefined
  const next = result?.entry ?? fresh(graph, seeds, keys, maxM)
  slots.set(name, next)
  if (slots.size > MAX_SLOTS) slots.delete(slots.keys().next().value!)
  return { dist: next.dist, origin: next.origin, how: result ? result.how : 'fresh', changed: result?.changed ?? seeds.length }
}

/** Forgets every cached label of `graph` (benchmarks use it to time a first call). */
export function clearLabelCache(graph: WalkGraph): void {
  byGraph.delete(graph)
}

function fresh(graph: WalkGraph, seeds: readonly SourceSeed[], keys: string[], maxM: number): Entry {
  const dist = new Float64Array(graph.nodeCount).fill(Infinity)
  const origin = new Int32Array(graph.nodeCount).fill(-1)
  const heap = new IndexedMinHeap(graph.nodeCount, dist)
  seeds.forEach((s, i) => {
    seed(dist, origin, heap, s.nodeA, s.distA, i, maxM)
    seed(dist, origin, heap, s.nodeB, s.distB, i, maxM)
  })
  runDijkstra(graph, dist, origin, heap, maxM)
  return { keys, seeds: [...seeds], dist, origin, heap }
}

function repair(
  graph: WalkGraph,
  entry: Entry,
  seeds: readonly SourceSeed[],
  keys: string[],
  maxM: number,
): { entry: Entry; how: 'repaired' | 'reused'; changed: number } | undefined {
  // Old sources by key; each new source takes the first unused old one with its key.
  const oldByKey = new Map<string, number[]>()
  entry.keys.forEach((k, i) => {
    const list = oldByKey.get(k)
    if (list) list.push(i)
    else oldByKey.set(k, [i])
  })
  const oldToNew = new Int32Array(entry.keys.length).fill(-1)
  const added: number[] = []
  let identity = entry.keys.length === keys.length
  keys.forEach((k, j) => {
    const list = oldByKey.get(k)
    const i = list?.shift()
    if (i === undefined) added.push(j), (identity = false)
    else {
      oldToNew[i] = j
      if (i !== j) identity = false
    }
  })
  let removed = 0
  for (let i = 0; i < oldToNew.length; i++) if (oldToNew[i] < 0) removed++
  const changed = removed + added.length
  if (changed > REPAIR_MAX_SHARE * Math.max(seeds.length, entry.keys.length) + 1) return undefined
  const { dist, origin, heap } = entry
  if (identity) return { entry, how: 'reused', changed: 0 }
  const n = graph.nodeCount
  const { offsets, targets, weights } = graph
  // Clear removed catchments (origin -2 marks "cleared" until the refill), renumber the rest.
  for (let v = 0; v < n; v++) {
    const o = origin[v]
    if (o < 0) continue
    const m = oldToNew[o]
    if (m < 0) {
      dist[v] = Infinity
      origin[v] = -2
    } else origin[v] = m
  }
  if (removed > 0) {
    for (let v = 0; v < n; v++) {
      if (origin[v] !== -2) continue
      origin[v] = -1
      for (let a = offsets[v]; a < offsets[v + 1]; a++) {
        const u = targets[a]
        if (origin[u] >= 0) seed(dist, origin, heap, v, dist[u] + weights[a], origin[u], maxM)
      }
    }
    // A remaining source may enter the graph inside a cleared catchment (a tie at its own node).
    seeds.forEach((s, j) => {
      seed(dist, origin, heap, s.nodeA, s.distA, j, maxM)
      seed(dist, origin, heap, s.nodeB, s.distB, j, maxM)
    })
  }
  for (const j of added) {
    seed(dist, origin, heap, seeds[j].nodeA, seeds[j].distA, j, maxM)
    seed(dist, origin, heap, seeds[j].nodeB, seeds[j].distB, j, maxM)
  }
  runDijkstra(graph, dist, origin, heap, maxM)
  return { entry: { keys, seeds: [...seeds], dist, origin, heap }, how: 'repaired', changed }
}
