/**
 * A band raster in the local metric frame: each cell holds the lowest band index whose reached network
 * passes within the side distance of the cell's centre (255 = none). Capsules (segment ⊕ disc) are filled
 * row by row from their exact x-interval, so the cost is the number of cells marked, not their bbox.
 */
import type { EdgeGeometry } from './edge-geometry.ts'

export const EMPTY = 255

export interface Raster {
  cols: number
  rows: number
  cellM: number
  /** Centre of cell (0, 0). */
  originX: number
  originY: number
  values: Uint8Array
}

export function createRaster(minX: number, minY: number, maxX: number, maxY: number, cellM: number): Raster {
  const cols = Math.max(1, Math.ceil((maxX - minX) / cellM) + 1)
  const rows = Math.max(1, Math.ceil((maxY - minY) / cellM) + 1)
  return { cols, rows, cellM, originX: minX, originY: minY, values: new Uint8Array(cols * rows).fill(EMPTY) }
}

/** Marks cells within `r` of segment (x1, y1)–(x2, y2) with `band` where no lower band is set. */
export function markCapsule(R: Raster, x1: number, y1: number, x2: number, y2: number, r: number, band: number): void {
  const { cellM, originX, originY, cols, rows, values } = R
  const dx = x2 - x1, dy = y2 - y1
  const len = Math.hypot(dx, dy)
  const ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0
  const r2 = r * r
  const j0 = Math.max(0, Math.ceil((Math.min(y1, y2) - r - originY) / cellM))
  const j1 = Math.min(rows - 1, Math.floor((Math.max(y1, y2) + r - originY) / cellM))
  // Hot loop (thousands of capsules per isochrone): no closures or array literals inside.
  for (let j = j0; j <= j1; j++) {
    const y = originY + j * cellM
    let lo = Infinity, hi = -Infinity
    // The two end discs.
    let h2 = r2 - (y - y1) * (y - y1)
    if (h2 >= 0) {
      const h = Math.sqrt(h2)
      lo = x1 - h
      hi = x1 + h
    }
    h2 = r2 - (y - y2) * (y - y2)
    if (h2 >= 0) {
      const h = Math.sqrt(h2)
      if (x2 - h < lo) lo = x2 - h
      if (x2 + h > hi) hi = x2 + h
    }
    // The rectangle: 0 ≤ (p − p1)·u ≤ len and |(p − p1)·n| ≤ r with n = (−uy, ux), on the line p = (x, y),
    // each an interval of t = x − x1 (or all or nothing when the line runs parallel to that side).
    if (len > 0) {
      const oy = y - y1
      let a = -Infinity, b = Infinity
      const along = oy * uy, across = oy * ux
      if (Math.abs(ux) > 1e-12) {
        const p = -along / ux, q = (len - along) / ux
        a = Math.max(a, Math.min(p, q))
        b = Math.min(b, Math.max(p, q))
      } else if (along < 0 || along > len) b = -Infinity
      if (Math.abs(uy) > 1e-12) {
        const p = (across - r) / uy, q = (across + r) / uy
        a = Math.max(a, Math.min(p, q))
        b = Math.min(b, Math.max(p, q))
      } else if (across < -r || across > r) b = -Infinity
      if (a <= b) {
        if (x1 + a < lo) lo = x1 + a
        if (x1 + b > hi) hi = x1 + b
      }
    }
    if (lo > hi) continue
    const i0 = Math.max(0, Math.ceil((lo - originX) / cellM))
    const i1 = Math.min(cols - 1, Math.floor((hi - originX) / cellM))
    const row = j * cols
    for (let i = i0; i <= i1; i++) if (values[row + i] > band) values[row + i] = band
  }
}

/** Marks the part of base edge `e` between walked offsets a ≤ b. */
export function markEdgePiece(R: Raster, g: EdgeGeometry, e: number, a: number, b: number, r: number, band: number): void {
  const start = g.vertexStart[e], end = g.vertexStart[e + 1] - 1
  const { vx, vy, along } = g
  for (let k = start; k < end; k++) {
    const s0 = along[k], s1 = along[k + 1]
    if (s1 < a || s0 > b) continue
    const span = s1 - s0
    const t0 = span > 0 ? Math.max(0, (a - s0) / span) : 0
    const t1 = span > 0 ? Math.min(1, (b - s0) / span) : 1
    const dx = vx[k + 1] - vx[k], dy = vy[k + 1] - vy[k]
    markCapsule(R, vx[k] + t0 * dx, vy[k] + t0 * dy, vx[k] + t1 * dx, vy[k] + t1 * dy, r, band)
  }
}
