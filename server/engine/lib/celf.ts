/**
 * Greedy maximum coverage with lazy evaluation (CELF, Leskovec et al. 2007): coverage is submodular, so a
 * candidate's gain only shrinks as sites are picked; a stale gain is an upper bound, and a candidate whose
 * refreshed gain still tops the queue is the greedy choice. Greedy is within 1 − 1/e of the optimum.
 */
import { IndexedMinHeap } from './min-heap.ts'

export interface CoverSets {
  /** Items of set c: items[start[c] … start[c + 1] - 1]. */
  start: Int32Array
  items: Int32Array
}

export interface GreedyPick {
  set: number
  gain: number
}

export function greedyMaxCoverage(sets: CoverSets, weights: Float64Array, k: number, covered?: Uint8Array): GreedyPick[] {
  const n = sets.start.length - 1
  const done = covered ? covered.slice() : new Uint8Array(weights.length)
  const gainOf = (c: number) => {
    let g = 0
    for (let i = sets.start[c]; i < sets.start[c + 1]; i++) if (!done[sets.items[i]]) g += weights[sets.items[i]]
    return g
  }
  // Max-heap through negated keys.
  const key = new Float64Array(n)
  const heap = new IndexedMinHeap(n, key)
  const stamp = new Int32Array(n)
  for (let c = 0; c < n; c++) {
    key[c] = -gainOf(c)
    heap.push(c)
  }
  const picks: GreedyPick[] = []
  while (picks.length < k && heap.size > 0) {
    const c = heap.pop()
    if (stamp[c] === picks.length) {
      const gain = -key[c]
      if (gain <= 0) break
      picks.push({ set: c, gain })
      for (let i = sets.start[c]; i < sets.start[c + 1]; i++) done[sets.items[i]] = 1
    } else {
      key[c] = -gainOf(c)
      stamp[c] = picks.length
      heap.push(c)
    }
  }
  return picks
}
