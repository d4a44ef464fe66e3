/** Distances at district scale: an equirectangular projection is within 0.1% over a few kilometres. */
const R = 6_371_008.8
const RAD = Math.PI / 180

export type LngLat = readonly [number, number]

/** Metres between two points. */
export function metres(a: LngLat, b: LngLat): number {
  const x = (b[0] - a[0]) * RAD * Math.cos(((a[1] + b[1]) / 2) * RAD)
  const y = (b[1] - a[1]) * RAD
  return Math.hypot(x, y) * R
}

/** The mean position of points (their centroid; fine over a few hundred metres). */
export function centroid(points: readonly LngLat[]): [number, number] {
  if (points.length === 0) throw new Error('centroid: no points')
  let x = 0
  let y = 0
  for (const p of points) {
    x += p[0]
    y += p[1]
  }
  return [x / points.length, y / points.length]
}
