/**
 * The one shortest-path primitive everything uses: Dijkstra over the CSR graph on caller-owned label
 * arrays. Labels that are already valid upper bounds stay untouched unless improved, which is what makes
 * incremental updates (add a station, repair a removed station's cell) exact.
 */
import type { WalkGraph } from '../walk-graph.ts'
import { IndexedMinHeap } from './min-heap.ts'

/** Records every node whose label changed, once, so callers can update or reset only those. */
export interface TouchLog {
  mark: Uint8Array
  list: Int32Array
  count: number
}

export function createTouchLog(n: number): TouchLog {
  return { mark: new Uint8Array(n), list: new Int32Array(n), count: 0 }
}

export function touch(log: TouchLog, v: number): void {
  if (log.mark[v] === 0) {
    log.mark[v] = 1
    log.list[log.count++] = v
  }
}

export function clearTouchLog(log: TouchLog): void {
  for (let i = 0; i < log.count; i++) log.mark[log.list[i]] = 0
  log.count = 0
}

/** Offers `node` the label (d, src); it is taken if it improves the node and stays within maxDist. */
export function seed(
  dist: Float64Array,
  origin: Int32Array,
  heap: IndexedMinHeap,
  node: number,
  d: number,
  src: number,
  maxDist: number,
  log?: TouchLog,
): void {
  if (node >= 0 && d < dist[node] && d <= maxDist) {
    dist[node] = d
    origin[node] = src
    heap.push(node)
    if (log) touch(log, node)
  }
}

/** Settles everything in the heap, relaxing arcs while labels improve and stay within maxDist. */
export function runDijkstra(
  g: WalkGraph,
  dist: Float64Array,
  origin: Int32Array,
  heap: IndexedMinHeap,
  maxDist: number,
  log?: TouchLog,
): void {
  const { offsets, targets, weights } = g
  heap.keys = dist
  while (heap.size > 0) {
    const u = heap.pop()
    const du = dist[u]
    const ou = origin[u]
    for (let a = offsets[u], end = offsets[u + 1]; a < end; a++) {
      const v = targets[a]
      const nd = du + weights[a]
      if (nd < dist[v] && nd <= maxDist) {
        dist[v] = nd
        origin[v] = ou
        heap.push(v)
        if (log) touch(log, v)
      }
    }
  }
}

/** Reusable labels for many bounded searches: reset costs only what the last search touched. */
export interface DijkstraWorkspace {
  dist: Float64Array
  origin: Int32Array
  heap: IndexedMinHeap
  log: TouchLog
}

export function createWorkspace(n: number): DijkstraWorkspace {
  const dist = new Float64Array(n).fill(Infinity)
  return { dist, origin: new Int32Array(n).fill(-1), heap: new IndexedMinHeap(n, dist), log: createTouchLog(n) }
}

export function resetWorkspace(ws: DijkstraWorkspace): void {
  const { log, dist, origin } = ws
  for (let i = 0; i < log.count; i++) {
    const v = log.list[i]
    dist[v] = Infinity
    origin[v] = -1
    log.mark[v] = 0
  }
  log.count = 0
  ws.heap.clear()
}
