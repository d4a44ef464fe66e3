/**
 * Uniform grid over edge segments in the local metric frame, for nearest-allowed-edge queries.
 * A segment is registered in every cell its bounding box touches; cells are a CSR (cellStart, cellItems).
 */
import type { EdgeGeometry } from './edge-geometry.ts'

export interface SegmentIndex {
  cellM: number
  originX: number
  originY: number
  cols: number
  rows: number
  cellStart: Int32Array
  /** Segment ids: the index of the segment's first vertex in the edge geometry. */
  cellItems: Int32Array
}

/** Keeps the dense grid below ~4 M cells even for a city-sized extent. */
const MAX_CELLS = 4_000_000

export function buildSegmentIndex(g: EdgeGeometry, cellM = 50): SegmentIndex {
  const width = g.maxX - g.minX, height = g.maxY - g.minY
  while (((width / cellM) | 0) * ((height / cellM) | 0) > MAX_CELLS) cellM *= 2
  const cols = Math.floor(width / cellM) + 1
  const rows = Math.floor(height / cellM) + 1
  const originX = g.minX, originY = g.minY
  const counts = new Int32Array(cols * rows + 1)
  const visit = (fn: (cell: number, seg: number) => void) => {
    for (let e = 0; e < g.edgeCount; e++) {
      for (let k = g.vertexStart[e]; k < g.vertexStart[e + 1] - 1; k++) {
        const c0 = Math.floor((Math.min(g.vx[k], g.vx[k + 1]) - originX) / cellM)
        const c1 = Math.floor((Math.max(g.vx[k], g.vx[k + 1]) - originX) / cellM)
        const r0 = Math.floor((Math.min(g.vy[k], g.vy[k + 1]) - originY) / cellM)
        const r1 = Math.floor((Math.max(g.vy[k], g.vy[k + 1]) - originY) / cellM)
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) fn(r * cols + c, k)
      }
    }
  }
  visit((cell) => counts[cell + 1]++)
  for (let i = 0; i < cols * rows; i++) counts[i + 1] += counts[i]
  const cellItems = new Int32Array(counts[cols * rows])
  const fill = counts.slice()
  visit((cell, seg) => {
    cellItems[fill[cell]++] = seg
  })
  return { cellM, originX, originY, cols, rows, cellStart: counts, cellItems }
}

export interface NearestSegment {
  /** First vertex of the segment, or -1 when none was found within maxDist. */
  seg: number
  /** Fraction along the segment of the closest point. */
  t: number
  dist: number
}

/**
 * The closest segment to (x, y) among those `accept` lets through, searching rings of cells outwards until
 * no unvisited cell can hold anything closer, or maxDist is passed.
 */
export function nearestSegment(
  index: SegmentIndex,
  g: EdgeGeometry,
  x: number,
  y: number,
  accept: (edge: number) => boolean,
  maxDist: number,
): NearestSegment {
  const { cellM, cols, rows, cellStart, cellItems } = index
  const cx = Math.floor((x - index.originX) / cellM)
  const cy = Math.floor((y - index.originY) / cellM)
  let best: NearestSegment = { seg: -1, t: 0, dist: Infinity }
  const maxRing = Math.ceil(maxDist / cellM) + 1
  for (let ring = 0; ring <= maxRing; ring++) {
    // Every cell in this ring is at least (ring - 1) cells away from the query point.
    if (best.dist <= (ring - 1) * cellM) break
    for (let r = cy - ring; r <= cy + ring; r++) {
      if (r < 0 || r >= rows) continue
      const edgeRow = r === cy - ring || r === cy + ring
      for (let c = cx - ring; c <= cx + ring; c += edgeRow ? 1 : 2 * ring) {
        if (c >= 0 && c < cols) best = scanCell(cellStart, cellItems, r * cols + c, g, x, y, accept, best)
        if (ring === 0) break
      }
    }
  }
  return best.dist <= maxDist ? best : { seg: -1, t: 0, dist: Infinity }
}

function scanCell(
  cellStart: Int32Array,
  cellItems: Int32Array,
  cell: number,
  g: EdgeGeometry,
  x: number,
  y: number,
  accept: (edge: number) => boolean,
  best: NearestSegment,
): NearestSegment {
  for (let i = cellStart[cell]; i < cellStart[cell + 1]; i++) {
    const k = cellItems[i]
    if (!accept(g.vertexEdge[k])) continue
    const ax = g.vx[k], ay = g.vy[k]
    const dx = g.vx[k + 1] - ax, dy = g.vy[k + 1] - ay
    const len2 = dx * dx + dy * dy
    let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0
    t = t < 0 ? 0 : t > 1 ? 1 : t
    const d = Math.hypot(ax + t * dx - x, ay + t * dy - y)
    // Ties go to the lower segment id so the answer does not depend on cell order.
    if (d < best.dist || (d === best.dist && k < best.seg)) best = { seg: k, t, dist: d }
  }
  return best
}
