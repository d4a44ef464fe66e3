/**
 * A point well inside a (multi)polygon, for labels and for clicking an area. The centroid of a concave
 * or L-shaped area can fall outside it, so this samples the largest part and keeps the sample farthest
 * from any edge (a coarse pole of inaccessibility; exact enough for a label).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson'

type Ring = Position[]

const cache = new WeakMap<object, [number, number]>()

export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const hit = cache.get(geometry)
  if (hit) return hit
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let best: Ring[] = polygons[0] ?? []
  let bestArea = -1
  for (const rings of polygons) {
    const a = rings[0] ? Math.abs(ringArea(rings[0])) : 0
    if (a > bestArea) [best, bestArea] = [rings, a]
  }
  const point = innermost(best)
  cache.set(geometry, point)
  return point
}

function innermost(rings: Ring[]): [number, number] {
  const outer = rings[0]
  if (!outer || outer.length < 3) return [0, 0]
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of outer) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y)
  }
  // Longitude degrees are shorter than latitude degrees away from the equator; measure in a local plane.
  const kx = Math.cos((((s + n) / 2) * Math.PI) / 180)
  const steps = 24
  let best: [number, number] = [(w + e) / 2, (s + n) / 2]
  let bestDist = -1
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = w + ((e - w) * (i + 0.5)) / (steps + 1)
      const y = s + ((n - s) * (j + 0.5)) / (steps + 1)
      if (!insideRings(x, y, rings)) continue
      const d = edgeDistance(x, y, rings, kx)
      if (d > bestDist) [best, bestDist] = [[x, y], d]
    }
  }
  return best
}

function insideRings(x: number, y: number, rings: Ring[]): boolean {
  let inside = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number]
      const [xj, yj] = ring[j] as [number, number]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

function edgeDistance(x: number, y: number, rings: Ring[], kx: number): number {
  let min = Infinity
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j] as [number, number]
      const [bx, by] = ring[i] as [number, number]
      min = Math.min(min, segmentDistance((x - ax) * kx, y - ay, (bx - ax) * kx, by - ay))
    }
  }
  return min
}

function segmentDistance(px: number, py: number, dx: number, dy: number): number {
  const len = dx * dx + dy * dy
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len))
  return Math.hypot(px - t * dx, py - t * dy)
}

function ringArea(ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    sum += (xj - xi) * (yj + yi)
  }
  return sum / 2
}
