/**
 * Contours of a band raster (marching squares on cell centres, with a border of empty samples so every
 * contour closes). A sample is inside when its band equals `band` (or is ≤ it when `nested`). Segments
 * run with the inside on their left, so outer rings come out counter-clockwise and holes clockwise.
 * Saddles go to the lowest band among the four corners (the centre is reached as soon as its nearest
 * corner is), so neighbouring bands never both claim it: bands do not overlap, and nested areas are
 * monotone (each contains the one before). Every crossing point is the midpoint of one lattice edge and is
 * used by exactly one ring, once: rings are simple and never touch, which keeps the polygons valid.
 */

/** A ring in doubled grid units: sample (i, j) sits at (2i, 2j); crossing points have one odd coordinate. */
export type GridRing = Int32Array

const EMPTY = 255

/** @param values band of sample (i, j) at j·cols + i, 255 for none */
export function traceContours(cols: number, rows: number, values: Uint8Array, band: number, nested: boolean): GridRing[] {
  // Padded lattice: I = i + 1 in [0, W), J = j + 1 in [0, H); `sample` holds bands, `inside` the test.
  const W = cols + 2, H = rows + 2
  const sample = new Uint8Array(W * H).fill(EMPTY)
  const inside = new Uint8Array(W * H)
  let any = false
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const v = values[j * cols + i]
      const k = (j + 1) * W + i + 1
      sample[k] = v
      if (nested ? v <= band : v === band) (inside[k] = 1), (any = true)
    }
  }
  if (!any) return []
  // Lattice edge ids: horizontal (I, J)–(I + 1, J) → J·W + I; vertical (I, J)–(I, J + 1) → W·H + J·W + I.
  const next = new Int32Array(2 * W * H).fill(-1)
  const starts: number[] = []
  const edges = new Int32Array(4)
  const inn = new Uint8Array(4)
  for (let J = 0; J < H - 1; J++) {
    for (let I = 0; I < W - 1; I++) {
      const k = J * W + I
      const bl = inside[k], br = inside[k + 1], tl = inside[k + W], tr = inside[k + W + 1]
      const code = bl | (br << 1) | (tr << 2) | (tl << 3)
      if (code === 0 || code === 15) continue
      // Square edges counter-clockwise, each walked from its first corner to its second.
      edges[0] = k // bottom: bl → br
      edges[1] = W * H + k + 1 // right: br → tr
      edges[2] = k + W // top: tr → tl
      edges[3] = W * H + k // left: tl → bl
      inn[0] = bl
      inn[1] = br
      inn[2] = tr
      inn[3] = tl
      // In a saddle the inside corners are joined through the centre unless a lower band holds it.
      const join =
        (code !== 5 && code !== 10) || nested || Math.min(sample[k], sample[k + 1], sample[k + W], sample[k + W + 1]) === band
      for (let q = 0; q < 4; q++) {
        // An edge walked inside → outside starts a segment; it ends at the nearest edge walked outside →
        // inside: going forward joins the corners through the centre, going backward separates them.
        if (inn[q] === 1 && inn[(q + 1) & 3] === 0) {
          const step = join ? 1 : 3
          let m = (q + step) & 3
          while (!(inn[m] === 0 && inn[(m + 1) & 3] === 1)) m = (m + step) & 3
          next[edges[q]] = edges[m]
          starts.push(edges[q])
        }
      }
    }
  }
  const rings: GridRing[] = []
  const pts: number[] = []
  for (const start of starts) {
    if (next[start] < 0) continue
    pts.length = 0
    let e = start
    do {
      if (e < W * H) pts.push(2 * (e % W) + 1, 2 * ((e / W) | 0))
      else {
        const v = e - W * H
        pts.push(2 * (v % W), 2 * ((v / W) | 0) + 1)
      }
      const n = next[e]
      next[e] = -1 // visited
      e = n
    } while (e !== start)
    rings.push(dropCollinear(pts))
  }
  return rings
}

/** Removes vertices that lie on the straight line through their neighbours (exact, integer arithmetic). */
function dropCollinear(pts: number[]): GridRing {
  const n = pts.length / 2
  const keep: number[] = []
  for (let k = 0; k < n; k++) {
    const p = (k + n - 1) % n, q = (k + 1) % n
    const ax = pts[2 * k] - pts[2 * p], ay = pts[2 * k + 1] - pts[2 * p + 1]
    const bx = pts[2 * q] - pts[2 * k], by = pts[2 * q + 1] - pts[2 * k + 1]
    if (ax * by - ay * bx !== 0) keep.push(pts[2 * k], pts[2 * k + 1])
  }
  return Int32Array.from(keep)
}

/** Twice the signed area (positive: counter-clockwise). */
export function ringArea2(r: GridRing): number {
  let s = 0
  const n = r.length / 2
  for (let k = 0, p = n - 1; k < n; p = k++) s += r[2 * p] * r[2 * k + 1] - r[2 * k] * r[2 * p + 1]
  return s
}

export function pointInRing(r: GridRing, x: number, y: number): boolean {
  let inside = false
  const n = r.length / 2
  for (let k = 0, p = n - 1; k < n; p = k++) {
    const xk = r[2 * k], yk = r[2 * k + 1], xp = r[2 * p], yp = r[2 * p + 1]
    if (yk > y !== yp > y && x < ((xp - xk) * (y - yk)) / (yp - yk) + xk) inside = !inside
  }
  return inside
}
