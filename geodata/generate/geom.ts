/** Small planar geometry helpers in the local metric frame (metres, x east, y north). */

export interface Pt {
  x: number
  y: number
}
export type Quad = [Pt, Pt, Pt, Pt]

export const pt = (x: number, y: number): Pt => ({ x, y })
export const add = (a: Pt, b: Pt): Pt => ({ x: a.x + b.x, y: a.y + b.y })
export const sub = (a: Pt, b: Pt): Pt => ({ x: a.x - b.x, y: a.y - b.y })
export const mul = (a: Pt, k: number): Pt => ({ x: a.x * k, y: a.y * k })
export const dot = (a: Pt, b: Pt): number => a.x * b.x + a.y * b.y
export const cross = (a: Pt, b: Pt): number => a.x * b.y - a.y * b.x
export const dist = (a: Pt, b: Pt): number => Math.hypot(a.x - b.x, a.y - b.y)
export const lerp = (a: Pt, b: Pt, t: number): Pt => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })

export function rotate(p: Pt, angleRad: number): Pt {
  const c = Math.cos(angleRad)
  const s = Math.sin(angleRad)
  return { x: p.x * c - p.y * s, y: p.x * s + p.y * c }
}

/** Parameter of the projection of p on the infinite line a→b (0 at a, 1 at b). */
export function projectT(a: Pt, b: Pt, p: Pt): number {
  const d = sub(b, a)
  return dot(sub(p, a), d) / dot(d, d)
}

/** Intersection of the infinite lines p1p2 and p3p4, or null when (nearly) parallel. */
export function intersectLines(p1: Pt, p2: Pt, p3: Pt, p4: Pt): Pt | null {
  const d1 = sub(p2, p1)
  const d2 = sub(p4, p3)
  const den = cross(d1, d2)
  if (Math.abs(den) < 1e-9) return null
  const t = cross(sub(p3, p1), d2) / den
  return add(p1, mul(d1, t))
}

/** Signed area (positive = counter-clockwise). */
export function signedArea(pts: Pt[]): number {
  let s = 0
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]
    const b = pts[(i + 1) % pts.length]
    s += a.x * b.y - b.x * a.y
  }
  return s / 2
}

export function centroid(pts: Pt[]): Pt {
  let x = 0
  let y = 0
  for (const p of pts) {
    x += p.x
    y += p.y
  }
  return { x: x / pts.length, y: y / pts.length }
}

/**
 * Point of a quadrilateral patch (corners SW, SE, NE, NW) at (u, v) ∈ [0,1]². Lines of constant u or
 * constant v are straight, so rows of buildings and paths laid out in (u, v) stay straight and follow
 * the compound's skew — that is what "oriented with the compound" means here.
 */
export function bilinear(q: Quad, u: number, v: number): Pt {
  const s = lerp(q[0], q[1], u)
  const n = lerp(q[3], q[2], u)
  return lerp(s, n, v)
}

/** Mean lengths of a quad along its u (sides 0, 2) and v (sides 1, 3) directions. */
export function quadSize(q: Quad): { w: number; h: number } {
  return { w: (dist(q[0], q[1]) + dist(q[3], q[2])) / 2, h: (dist(q[1], q[2]) + dist(q[0], q[3])) / 2 }
}

/**
 * Shrinks a counter-clockwise convex quad: side i (q[i]→q[i+1]) moves inward by d[i]. Returns null if
 * the result degenerates (too small or no longer convex).
 */
export function insetQuad(q: Quad, d: [number, number, number, number]): Quad | null {
  const off: [Pt, Pt][] = []
  for (let i = 0; i < 4; i++) {
    const a = q[i]
    const b = q[(i + 1) % 4]
    const len = dist(a, b)
    const n = { x: -(b.y - a.y) / len, y: (b.x - a.x) / len } // left normal = inward for CCW
    off.push([add(a, mul(n, d[i])), add(b, mul(n, d[i]))])
  }
  const out: Pt[] = []
  for (let i = 0; i < 4; i++) {
    const prev = off[(i + 3) % 4]
    const cur = off[i]
    const p = intersectLines(prev[0], prev[1], cur[0], cur[1])
    if (!p) return null
    out.push(p)
  }
  const res = out as Quad
  for (let i = 0; i < 4; i++) {
    const a = res[i]
    const b = res[(i + 1) % 4]
    const c = res[(i + 2) % 4]
    if (cross(sub(b, a), sub(c, b)) <= 0 || dist(a, b) < 10) return null
  }
  return res
}

/** Rotates the corner order of a quad so that corner k becomes corner 0. */
export function rotateQuad<T>(q: [T, T, T, T], k: number): [T, T, T, T] {
  return [q[k % 4], q[(k + 1) % 4], q[(k + 2) % 4], q[(k + 3) % 4]]
}
