import { badRequest } from '../../lib/errors.ts'
import { numberProblem } from '../../lib/input-rules.ts'

export type BBox = [west: number, south: number, east: number, north: number]

/** Largest viewport side served as GeoJSON; beyond it the map should use the vector tiles. */
export const MAX_BBOX_SIDE_DEG = 0.25

/** Parse "west,south,east,north"; anything malformed, inverted, off the globe or too large is a 400. */
export function parseBbox(text: string): BBox {
  const parts = text.split(',')
  if (parts.length !== 4) throw badRequest('bbox must be four numbers: west,south,east,north', 'BAD_BBOX')
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)))
  if (nums.some((n) => Number.isNaN(n) || numberProblem(n, false))) throw badRequest(`bbox has a value that is not a number (finite, not subnormal): ${text}`, 'BAD_BBOX')
  const [w, s, e, n] = nums
  if (w < -180 || e > 180 || s < -90 || n > 90) throw badRequest('bbox lies outside -180..180, -90..90', 'BAD_BBOX')
  if (w >= e || s >= n) throw badRequest('bbox must have west < east and south < north', 'BAD_BBOX')
  if (e - w > MAX_BBOX_SIDE_DEG || n - s > MAX_BBOX_SIDE_DEG) {
    throw badRequest(`bbox is too large: at most ${MAX_BBOX_SIDE_DEG}° a side; zoom in or use /tiles`, 'BBOX_TOO_LARGE')
  }
  return [w, s, e, n]
}
