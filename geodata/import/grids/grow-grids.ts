/**
 * Group street blocks into grids of about `target` households over block adjacency (blocks that share a
 * stretch of street), so every grid is a run of touching blocks:
 * 1. merge: every block starts as a grid; the smallest grid joins a neighbour — one with the longest
 *    shared boundary among those it can join without passing the target, else the smallest — as long
 *    as the two stay within MAX_SHARE of the target. Blocks without households (parks, road islands)
 *    join the neighbour they share most boundary with. This stops once every grid holds at least
 *    STAND_ALONE of the target or cannot grow;
 * 2. balance: a block on the edge of a grid moves to a neighbouring grid when that brings both closer to
 *    the target and leaves its own grid in one piece, until no move helps.
 * Grids are numbered from the north-west. Deterministic: ties are broken by block id.
 */
export interface GrowBlock {
  id: number
  households: number
  /** Centre in metres east/north of any fixed point (a local projection). */
  x: number
  y: number
}

export interface BlockEdge {
  a: number
  b: number
  /** Length of the boundary the two blocks share, in metres. */
  sharedM: number
}

/** A grid with fewer households than this share of the target looks for a neighbour to join. */
export const STAND_ALONE = 0.75
/** Two grids join only if together they stay below this share of the target. */
export const MAX_SHARE = 1.5

interface Grid {
  id: number
  blocks: number[]
  households: number
  /** Neighbouring grid id → shared boundary in metres. */
  near: Map<number, number>
}

/** Block ids per grid, grids in the order they are numbered (north-west first). */
export function growGrids(blocks: readonly GrowBlock[], edges: readonly BlockEdge[], target: number): number[][] {
  if (!(target > 0)) throw new RangeError(`target must be a positive number of households, got ${target}`)
  const byId = new Map(blocks.map((b) => [b.id, b]))
  const grids = new Map<number, Grid>(blocks.map((b) => [b.id, { id: b.id, blocks: [b.id], households: b.households, near: new Map() }]))
  const blockNear = new Map<number, number[]>(blocks.map((b) => [b.id, []]))
  for (const e of edges) {
    if (!grids.has(e.a) || !grids.has(e.b) || e.a === e.b) continue
    grids.get(e.a)!.near.set(e.b, (grids.get(e.a)!.near.get(e.b) ?? 0) + e.sharedM)
    grids.get(e.b)!.near.set(e.a, (grids.get(e.b)!.near.get(e.a) ?? 0) + e.sharedM)
    blockNear.get(e.a)!.push(e.b)
    blockNear.get(e.b)!.push(e.a)
  }
  merge(grids, target)
  // Blocks touching nothing (a detached piece of the community) join the nearest grid with households.
  const gridOf = new Map<number, number>()
  for (const g of grids.values()) for (const b of g.blocks) gridOf.set(b, g.id)
  for (const g of [...grids.values()]) {
    if (g.households > 0 || g.near.size || grids.size === 1) continue
    const into = nearest(g, [...grids.values()].filter((h) => h.households > 0), byId)
    if (!into) continue
    into.blocks.push(...g.blocks)
    for (const b of g.blocks) gridOf.set(b, into.id)
    grids.delete(g.id)
  }
  balance(grids, gridOf, byId, blockNear, target)

  const centre = (g: Grid) => {
    const bs = g.blocks.map((id) => byId.get(id)!)
    const w = (b: GrowBlock) => (g.households > 0 ? b.households : 1)
    const sum = bs.reduce((s, b) => s + w(b), 0)
    return bs.reduce((s, b) => s + (b.x - b.y) * w(b), 0) / sum
  }
  return [...grids.values()]
    .map((g) => ({ g, nw: centre(g) }))
    .sort((p, q) => p.nw - q.nw || p.g.id - q.g.id)
    .map(({ g }) => g.blocks.slice().sort((p, q) => p - q))
}

function merge(grids: Map<number, Grid>, target: number) {
  for (;;) {
    const order = [...grids.values()].sort((p, q) => p.households - q.households || p.id - q.id)
    let joined = false
    for (const g of order) {
      if (g.households >= STAND_ALONE * target) break
      const into = partner(g, grids, target)
      if (!into) continue
      absorb(grids, into, g)
      joined = true
      break
    }
    if (!joined) return
  }
}

function partner(g: Grid, grids: Map<number, Grid>, target: number): Grid | null {
  const near = [...g.near].map(([id, m]) => ({ h: grids.get(id)!, m })).sort((p, q) => q.m - p.m || p.h.id - q.h.id)
  if (!near.length) return null
  if (g.households === 0) return near[0].h
  const fits = near.filter(({ h }) => g.households + h.households <= target)
  if (fits.length) return fits[0].h
  const allowed = near.filter(({ h }) => g.households + h.households <= MAX_SHARE * target).sort((p, q) => p.h.households - q.h.households || p.h.id - q.h.id)
  return allowed[0]?.h ?? null
}

/** Grid `from` joins grid `into`; neighbours are re-pointed. */
function absorb(grids: Map<number, Grid>, into: Grid, from: Grid) {
  into.blocks.push(...from.blocks)
  into.households += from.households
  for (const [id, m] of from.near) {
    if (id === into.id) continue
    into.near.set(id, (into.near.get(id) ?? 0) + m)
    const other = grids.get(id)!
    other.near.delete(from.id)
    other.near.set(into.id, (other.near.get(into.id) ?? 0) + m)
  }
  into.near.delete(from.id)
  grids.delete(from.id)
}

function nearest(g: Grid, candidates: Grid[], byId: Map<number, GrowBlock>): Grid | null {
  const at = byId.get(g.blocks[0])!
  let best: Grid | null = null, bestD = Infinity
  for (const h of candidates) {
    for (const id of h.blocks) {
      const b = byId.get(id)!
      const d = Math.hypot(b.x - at.x, b.y - at.y)
      if (d < bestD) (best = h), (bestD = d)
    }
  }
  return best
}

/** Move edge blocks with households between neighbouring grids while that evens both towards the target. */
function balance(grids: Map<number, Grid>, gridOf: Map<number, number>, byId: Map<number, GrowBlock>, blockNear: Map<number, number[]>, target: number) {
  const ids = [...byId.keys()].sort((p, q) => p - q)
  for (let pass = 0; pass < 100; pass++) {
    let moved = false
    for (const id of ids) {
      const b = byId.get(id)!
      if (b.households === 0) continue
      const from = grids.get(gridOf.get(id)!)!
      if (from.households === b.households) continue
      let best: Grid | null = null, bestGain = 1e-9
      for (const n of blockNear.get(id)!) {
        const to = grids.get(gridOf.get(n)!)!
        if (to === from) continue
        const gain = Math.abs(from.households - target) + Math.abs(to.households - target)
          - Math.abs(from.households - b.households - target) - Math.abs(to.households + b.households - target)
        if (gain > bestGain || (gain === bestGain && best && to.id < best.id)) (best = to), (bestGain = gain)
      }
      if (!best || !staysWhole(from.blocks, id, blockNear)) continue
      from.blocks.splice(from.blocks.indexOf(id), 1)
      from.households -= b.households
      best.blocks.push(id)
      best.households += b.households
      gridOf.set(id, best.id)
      moved = true
    }
    if (!moved) return
  }
}

/** Whether a grid's blocks stay connected without `id`. */
function staysWhole(blocks: number[], id: number, near: Map<number, number[]>): boolean {
  const inGrid = new Set(blocks)
  inGrid.delete(id)
  const start = inGrid.values().next().value as number
  const seen = new Set([start])
  const queue = [start]
  while (queue.length) {
    const b = queue.pop()!
    for (const n of near.get(b)!) if (inGrid.has(n) && !seen.has(n)) (seen.add(n), queue.push(n))
  }
  return seen.size === inGrid.size
}
