/**
 * Turns traced rings into GeoJSON polygon coordinates: counter-clockwise rings are outer boundaries,
 * clockwise ones holes, each hole going to the smallest outer ring that contains it (islands inside holes
 * become polygons of their own). Outer rings stay counter-clockwise and holes clockwise (RFC 7946).
 */
import type { LngLat } from '../types.ts'
import { pointInRing, ringArea2, type GridRing } from './marching-squares.ts'
import { unproject, type LocalProjection } from './local-projection.ts'

export interface GridFrame {
  projection: LocalProjection
  /** World position of raster cell (0, 0)'s centre and the cell size. */
  originX: number
  originY: number
  cellM: number
}

export function ringsToPolygons(rings: GridRing[], frame: GridFrame): LngLat[][][] {
  const outers: { ring: GridRing; area: number; bbox: number[]; holes: GridRing[] }[] = []
  const holes: GridRing[] = []
  for (const ring of rings) {
    const a = ringArea2(ring)
    if (a > 0) outers.push({ ring, area: a, bbox: bboxOf(ring), holes: [] })
    else if (a < 0) holes.push(ring)
  }
  outers.sort((p, q) => p.area - q.area)
  for (const h of holes) {
    const x = h[0], y = h[1]
    const owner = outers.find(
      (o) => x >= o.bbox[0] && x <= o.bbox[2] && y >= o.bbox[1] && y <= o.bbox[3] && pointInRing(o.ring, x, y),
    )
    // A hole always lies inside some outer ring; if rounding ever said otherwise, dropping it is safer.
    owner?.holes.push(h)
  }
  return outers.map((o) => [toLngLat(o.ring, frame), ...o.holes.map((h) => toLngLat(h, frame))])
}

function bboxOf(r: GridRing): number[] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  for (let k = 0; k < r.length; k += 2) {
    if (r[k] < a) a = r[k]
    if (r[k] > c) c = r[k]
    if (r[k + 1] < b) b = r[k + 1]
    if (r[k + 1] > d) d = r[k + 1]
  }
  return [a, b, c, d]
}

/** Doubled padded lattice units → lng/lat, ring closed. */
function toLngLat(r: GridRing, f: GridFrame): LngLat[] {
  const out: LngLat[] = []
  for (let k = 0; k < r.length; k += 2) {
    out.push(unproject(f.projection, f.originX + (r[k] / 2 - 1) * f.cellM, f.originY + (r[k + 1] / 2 - 1) * f.cellM))
  }
  out.push(out[0])
  return out
}
