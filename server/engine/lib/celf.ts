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

/**
 * Greedy's pick, then single swaps (one picked set for one unpicked) while a swap covers more: on small
 * instances greedy alone can end a few per cent short of the best k (one early pick that later ones make
 * redundant); a swap pass fixes most of that. Returns the final sets in greedy order with their marginal
 * gains (non-increasing). Each round reads every set once.
 */
export function improveBySwaps(sets: CoverSets, weights: Float64Array, picks: readonly GreedyPick[], covered?: Uint8Array, maxRounds = 50): GreedyPick[] {
  const n = sets.start.length - 1
  const k = picks.length
  if (k === 0) return []
  const base = covered ?? new Uint8Array(weights.length)
  const chosen = picks.map((p) => p.set)
  const isChosen = new Uint8Array(n)
  for (const c of chosen) isChosen[c] = 1
  // How many chosen sets cover each item, and (when one does) which slot.
  const count = new Int32Array(weights.length)
  const owner = new Int32Array(weights.length).fill(-1)
  const addSet = (slot: number, sign: 1 | -1) => {
    const c = chosen[slot]
    for (let i = sets.start[c]; i < sets.start[c + 1]; i++) count[sets.items[i]] += sign
  }
  const refreshOwners = () => {
    owner.fill(-1)
    chosen.forEach((c, slot) => {
      for (let i = sets.start[c]; i < sets.start[c + 1]; i++) if (count[sets.items[i]] === 1) owner[sets.items[i]] = slot
    })
  }
  chosen.forEach((_, slot) => addSet(slot, 1))
  const extra = new Float64Array(k)
  for (let round = 0; round < maxRounds; round++) {
    refreshOwners()
    // What each chosen set alone covers: lost if it goes.
    const loss = new Float64Array(k)
    for (let b = 0; b < weights.length; b++) if (count[b] === 1 && !base[b]) loss[owner[b]] += weights[b]
    let best = 1e-9, bestC = -1, bestSlot = -1
    for (let c = 0; c < n; c++) {
      if (isChosen[c]) continue
      let fresh = 0
      extra.fill(0)
      for (let i = sets.start[c]; i < sets.start[c + 1]; i++) {
        const b = sets.items[i]
        if (base[b]) continue
        if (count[b] === 0) fresh += weights[b]
        else if (count[b] === 1) extra[owner[b]] += weights[b]
      }
      for (let slot = 0; slot < k; slot++) {
        const delta = fresh + extra[slot] - loss[slot]
        if (delta > best) (best = delta), (bestC = c), (bestSlot = slot)
      }
    }
    if (bestC < 0) break
    addSet(bestSlot, -1)
    isChosen[chosen[bestSlot]] = 0
    chosen[bestSlot] = bestC
    isChosen[bestC] = 1
    addSet(bestSlot, 1)
  }
  // Report in greedy order over the final sets, with marginal gains.
  const done = base.slice()
  const left = [...chosen]
  const out: GreedyPick[] = []
  while (left.length > 0) {
    let bi = 0, bg = -1
    left.forEach((c, i) => {
      let g = 0
      for (let q = sets.start[c]; q < sets.start[c + 1]; q++) if (!done[sets.items[q]]) g += weights[sets.items[q]]
      if (g > bg) (bg = g), (bi = i)
    })
    const c = left.splice(bi, 1)[0]
    for (let q = sets.start[c]; q < sets.start[c + 1]; q++) done[sets.items[q]] = 1
    out.push({ set: c, gain: bg })
  }
  return out
}
