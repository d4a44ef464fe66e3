import { GEOMETRY } from './config.ts'
import { bilinear, insetQuad, intersectLines, quadSize, rotateQuad, type Pt, type Quad } from './geom.ts'
import type { Region } from './lattice.ts'
import type { Line, Network, Side } from './network.ts'

/**
 * A site is a block shrunk back from the road centrelines (the buildable land inside the pavement),
 * with a metric frame: x along side 0, y along side 1, both in metres, mapped onto the (slightly
 * skewed) quad bilinearly. sides[i] is the block side (road) that faces site side i.
 */
export interface Site {
  /** Corner rotation applied to the block region: site side i faces region side (i + k) % 4. */
  k: number
  q: Quad
  sides: [Side, Side, Side, Side]
  w: number
  h: number
  at(x: number, y: number): Pt
}

export function setbackOf(line: Line, local = GEOMETRY.setbackLocal, arterial = GEOMETRY.setbackArterial): number {
  return line.kind === 'local' || line.kind === 'alley' ? local : arterial
}

/**
 * Builds the site of a block. rotation: a fixed corner rotation, or 'south' to put side 0 on the side
 * whose direction is closest to east (so rows of slab buildings face south, as Chinese housing does).
 */
export function makeSite(
  net: Network,
  r: Region,
  rotation: number | 'south',
  setback: (line: Line) => number = (l) => setbackOf(l),
): Site | null {
  const q0: Quad = [net.pt(r.n[0]), net.pt(r.n[1]), net.pt(r.n[2]), net.pt(r.n[3])]
  const inset = insetQuad(q0, [setback(r.sides[0].line), setback(r.sides[1].line), setback(r.sides[2].line), setback(r.sides[3].line)])
  if (!inset) return null
  let k = 0
  if (rotation === 'south') {
    let best = -Infinity
    for (let i = 0; i < 4; i++) {
      const a = inset[i]
      const b = inset[(i + 1) % 4]
      const e = (b.x - a.x) / Math.hypot(b.x - a.x, b.y - a.y)
      if (e > best) {
        best = e
        k = i
      }
    }
  } else k = rotation
  const q = rotateQuad(inset, k)
  const sides = rotateQuad(r.sides, k)
  const { w, h } = quadSize(q)
  return { k, q, sides, w, h, at: (x, y) => bilinear(q, x / w, y / h) }
}

/**
 * Parameter on the road of a block side where a link from point p meets it at right angles, or
 * null if that spot is outside this side or not walkable (dead-end stretch, stopped arterial).
 */
export function roadLinkT(net: Network, side: Side, p: Pt, marginM = 4): number | null {
  const line = side.line
  const t = net.tOf(line, p)
  const m = marginM / line.len
  if (t < Math.min(side.t0, side.t1) + m || t > Math.max(side.t0, side.t1) - m) return null
  return net.walkableAt(line, t, marginM) ? t : null
}

/** Where the straight line a→b (extended) crosses a block side's road, as a link parameter or null. */
export function roadCrossT(net: Network, side: Side, a: Pt, b: Pt, marginM = 4): number | null {
  const p = intersectLines(a, b, side.line.a, side.line.b)
  return p ? roadLinkT(net, side, p, marginM) : null
}
