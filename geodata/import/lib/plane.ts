/** Plane geometry on [x, y] pairs (metres of a local projection, or degrees where only order matters). */
import { EARTH_RADIUS_M } from '../../../server/engine/index.ts'

export type XY = [number, number]
export type Box = [number, number, number, number]

export const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1])

/** Where along segment a–b (0…1) it meets segment c–d, or null; touching counts, parallel lines do not. */
export function crossing(a: XY, b: XY, c: XY, d: XY): number | null {
  const rx = b[0] - a[0], ry = b[1] - a[1], sx = d[0] - c[0], sy = d[1] - c[1]
  const den = rx * sy - ry * sx
  if (Math.abs(den) < 1e-12) return null
  const qx = c[0] - a[0], qy = c[1] - a[1]
  const t = (qx * sy - qy * sx) / den
  const u = (qx * ry - qy * rx) / den
  const eps = 1e-9
  return t >= -eps && t <= 1 + eps && u >= -eps && u <= 1 + eps ? Math.min(1, Math.max(0, t)) : null
}

/** The point halfway along a polyline. */
export function middle(pts: XY[]): XY {
  let total = 0
  for (let k = 1; k < pts.length; k++) total += dist(pts[k - 1], pts[k])
  let half = total / 2
  for (let k = 1; k < pts.length; k++) {
    const d = dist(pts[k - 1], pts[k])
    if (half <= d && d > 0) return [pts[k - 1][0] + (half / d) * (pts[k][0] - pts[k - 1][0]), pts[k - 1][1] + (half / d) * (pts[k][1] - pts[k - 1][1])]
    half -= d
  }
  return pts[0]
}

/** Even-odd point in polygon: inside the outer ring and outside every hole. */
export function inRings(p: readonly number[], rings: readonly (readonly number[])[][]): boolean {
  let inside = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j]
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

export function segmentDistance(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0], dy = b[1] - a[1]
  const l2 = dx * dx + dy * dy
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2))
  return dist(p, [a[0] + t * dx, a[1] + t * dy])
}

/** Whether p lies within d of any ring's outline. */
export function nearRings(p: XY, rings: XY[][], d: number): boolean {
  for (const ring of rings) for (let j = 1; j < ring.length; j++) if (segmentDistance(p, ring[j - 1], ring[j]) <= d) return true
  return false
}

/** Signed area (shoelace); its absolute value is the ring's area. */
export function ringArea(r: readonly (readonly number[])[]): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return s / 2
}

export function bboxOf(pts: readonly (readonly number[])[], pad = 0): Box {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const [x, y] of pts) {
    w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y)
  }
  return [w - pad, s - pad, e + pad, n + pad]
}

export const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
export const inBox = (p: readonly number[], b: Box) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]
/** Whether box a lies inside box b. */
export const within = (a: Box, b: Box) => a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3]

/**
 * An equirectangular projection in metres around a centre, for plane work over a district (scale error
 * below 0.1 % across 10 km); back-projected points are rounded to 7 decimals (≈ 1 cm) as stored.
 */
export class LocalMetres {
  private readonly kx: number
  private readonly ky = (EARTH_RADIUS_M * Math.PI) / 180

  constructor(private readonly lng0: number, private readonly lat0: number) {
    this.kx = this.ky * Math.cos((lat0 * Math.PI) / 180)
  }

  x(lng: number): number {
    return (lng - this.lng0) * this.kx
  }

  y(lat: number): number {
    return (lat - this.lat0) * this.ky
  }

  toXY(p: readonly number[]): XY {
    return [this.x(p[0]), this.y(p[1])]
  }

  toLngLat(x: number, y: number): [number, number] {
    return [Math.round((this.lng0 + x / this.kx) * 1e7) / 1e7, Math.round((this.lat0 + y / this.ky) * 1e7) / 1e7]
  }
}
