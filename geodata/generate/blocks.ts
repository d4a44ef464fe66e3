import { GEOMETRY } from './config.ts'
import type { Region } from './lattice.ts'
import type { Network } from './network.ts'
import type { Rng } from './rng.ts'

/**
 * BSP subdivision of a superblock by local roads. A region is split roughly across its longer axis
 * (at 35–65 %, never leaving a side shorter than minBlock) until blocks are ~150–300 m. The split
 * road's ends become junctions on the roads they meet (T-junctions). A split whose two halves are
 * both final blocks may stop partway (dead end): nothing else ever attaches to such a road, so the
 * network stays connected.
 */

export interface BspOptions {
  split: [number, number]
  minBlock: number
  deadEndShare: number
  roadName: () => string
}

function rotateRegion(r: Region, k: number): Region {
  const n = [0, 1, 2, 3].map((i) => r.n[(i + k) % 4]) as Region['n']
  const sides = [0, 1, 2, 3].map((i) => r.sides[(i + k) % 4]) as Region['sides']
  return { n, sides }
}

/**
 * Longer axis length of the quad with corners n, and the rotation (0 or 1) that puts it along sides
 * 0 and 2. Computed from the corner points only, so a parent deciding "both halves will be leaves"
 * and the halves themselves always agree.
 */
function longAxis(net: Network, n: readonly number[]): { L: number; rot: number } {
  const d = (i: number, j: number) => Math.hypot(net.pt(n[i]).x - net.pt(n[j]).x, net.pt(n[i]).y - net.pt(n[j]).y)
  const a = (d(0, 1) + d(2, 3)) / 2
  const b = (d(1, 2) + d(3, 0)) / 2
  return a >= b ? { L: a, rot: 0 } : { L: b, rot: 1 }
}

/** Subdivides region in place (sets kids); returns the leaves in depth-first order. */
export function subdivide(net: Network, rng: Rng, region: Region, opt: BspOptions): Region[] {
  const leaves: Region[] = []
  const thr = () => rng.range(opt.split[0], opt.split[1])
  const [f0, f1] = GEOMETRY.splitFraction

  const rec = (r: Region, threshold: number) => {
    const { L, rot } = longAxis(net, r.n)
    if (L <= threshold || L < 2 * opt.minBlock) {
      leaves.push(r)
      return
    }
    const q = rotateRegion(r, rot)
    const fmin = Math.max(f0, opt.minBlock / L)
    const fmax = Math.min(f1, 1 - opt.minBlock / L)
    const f = rng.range(fmin, fmax)
    const f2 = Math.min(fmax, Math.max(fmin, f + rng.range(-0.05, 0.05)))
    const s0 = q.sides[0]
    const s2 = q.sides[2]
    const tA = s0.t0 + f * (s0.t1 - s0.t0)
    const tB = s2.t0 + (1 - f2) * (s2.t1 - s2.t0)
    const A = net.boundAt(s0.line, tA)
    const B = net.boundAt(s2.line, tB)

    const leftN: Region['n'] = [q.n[0], A, B, q.n[3]]
    const rightN: Region['n'] = [A, q.n[1], q.n[2], B]
    const thrL = thr()
    const thrR = thr()
    const isLeaf = (n: readonly number[], t: number) => {
      const L2 = longAxis(net, n).L
      return L2 <= t || L2 < 2 * opt.minBlock
    }
    const leftLeaf = isLeaf(leftN, thrL)
    const rightLeaf = isLeaf(rightN, thrR)

    let walk: [number, number] = [0, 1]
    if (leftLeaf && rightLeaf && rng.chance(opt.deadEndShare)) {
      const w = rng.range(0.45, 0.75)
      walk = rng.chance(0.5) ? [0, w] : [1 - w, 1]
    }
    const line = net.addLine(A, B, { kind: 'local', name: opt.roadName(), walk })
    if (walk[0] === 0 && net.walkableAt(s0.line, tA)) s0.line.junctions.push({ t: tA, node: A })
    if (walk[1] === 1 && net.walkableAt(s2.line, tB)) s2.line.junctions.push({ t: tB, node: B })

    const left: Region = {
      n: leftN,
      sides: [{ line: s0.line, t0: s0.t0, t1: tA }, { line, t0: 0, t1: 1 }, { line: s2.line, t0: tB, t1: s2.t1 }, q.sides[3]],
    }
    const right: Region = {
      n: rightN,
      sides: [{ line: s0.line, t0: tA, t1: s0.t1 }, q.sides[1], { line: s2.line, t0: s2.t0, t1: tB }, { line, t0: 1, t1: 0 }],
    }
    r.kids = [left, right]
    rec(left, thrL)
    rec(right, thrR)
  }
  rec(region, thr())
  return leaves
}

/** Leaves under a region, depth-first. */
export function leavesOf(r: Region): Region[] {
  if (!r.kids) return [r]
  return [...leavesOf(r.kids[0]), ...leavesOf(r.kids[1])]
}
