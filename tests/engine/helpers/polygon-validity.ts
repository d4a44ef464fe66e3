/**
 * An independent validity check for (Multi)Polygon output: closed rings of ≥ 4 positions, outer rings
 * counter-clockwise and holes clockwise (RFC 7946), holes inside their outer ring, and no two segments
 * anywhere in the geometry crossing or touching except consecutive ones at their shared vertex.
 */
type Pos = [number, number]

export function polygonProblems(geometry: { type: string; coordinates: unknown }): string[] {
  const polys = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Pos[][][]
  const problems: string[] = []
  const segs: { a: Pos; b: Pos; ring: number; k: number; n: number }[] = []
  let ringId = 0
  polys.forEach((poly, p) => {
    poly.forEach((ring, r) => {
      const name = `polygon ${p} ring ${r}`
      if (ring.length < 4) problems.push(`${name} has ${ring.length} positions`)
      const [f, l] = [ring[0], ring[ring.length - 1]]
      if (f[0] !== l[0] || f[1] !== l[1]) problems.push(`${name} is not closed`)
      const area = signedArea(ring)
      if (r === 0 && area <= 0) problems.push(`${name} (outer) is not counter-clockwise`)
      if (r > 0 && area >= 0) problems.push(`${name} (hole) is not clockwise`)
      if (r > 0 && !inRing(poly[0], ring[0])) problems.push(`${name} lies outside its outer ring`)
      for (let k = 0; k < ring.length - 1; k++) segs.push({ a: ring[k], b: ring[k + 1], ring: ringId, k, n: ring.length - 1 })
      ringId++
    })
  })
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]
    const [sx0, sx1] = [Math.min(s.a[0], s.b[0]), Math.max(s.a[0], s.b[0])]
    const [sy0, sy1] = [Math.min(s.a[1], s.b[1]), Math.max(s.a[1], s.b[1])]
    for (let j = i + 1; j < segs.length; j++) {
      const t = segs[j]
      if (Math.max(t.a[0], t.b[0]) < sx0 || Math.min(t.a[0], t.b[0]) > sx1) continue
      if (Math.max(t.a[1], t.b[1]) < sy0 || Math.min(t.a[1], t.b[1]) > sy1) continue
      const adjacent = s.ring === t.ring && ((t.k - s.k + s.n) % s.n === 1 || (s.k - t.k + s.n) % s.n === 1)
      if (adjacent) continue
      if (segmentsMeet(s.a, s.b, t.a, t.b)) {
        problems.push(`segments meet: ring ${s.ring} #${s.k} and ring ${t.ring} #${t.k}`)
        if (problems.length > 10) return problems
      }
    }
  }
  return problems
}

function signedArea(ring: Pos[]): number {
  let s = 0
  for (let k = 0; k < ring.length - 1; k++) s += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1]
  return s / 2
}

function inRing(ring: Pos[], [x, y]: Pos): boolean {
  let inside = false
  for (let k = 0, p = ring.length - 2; k < ring.length - 1; p = k++) {
    const [xk, yk] = ring[k], [xp, yp] = ring[p]
    if (yk > y !== yp > y && x < ((xp - xk) * (y - yk)) / (yp - yk) + xk) inside = !inside
  }
  return inside
}

function orient(a: Pos, b: Pos, c: Pos): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
  return Math.abs(v) < 1e-20 ? 0 : Math.sign(v)
}

function onSegment(a: Pos, b: Pos, p: Pos): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
}

/** Whether closed segments ab and cd share any point. */
function segmentsMeet(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b)
  if (o1 * o2 < 0 && o3 * o4 < 0) return true
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b))
}
