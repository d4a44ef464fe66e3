/**
 * A local equirectangular projection in metres around a centre. Over a district (≈ 10 km) its scale error
 * is below 0.1 %, far under the snapping and raster tolerances it serves; walked lengths themselves come
 * from the data, not from this projection.
 */
import { EARTH_RADIUS_M } from '../units.ts'

export interface LocalProjection {
  lng0: number
  lat0: number
  /** Metres per degree of longitude at lat0. */
  kx: number
  /** Metres per degree of latitude. */
  ky: number
}

export function createLocalProjection(lng0: number, lat0: number): LocalProjection {
  const ky = (EARTH_RADIUS_M * Math.PI) / 180
  return { lng0, lat0, kx: ky * Math.cos((lat0 * Math.PI) / 180), ky }
}

export function projectX(p: LocalProjection, lng: number): number {
  return (lng - p.lng0) * p.kx
}

export function projectY(p: LocalProjection, lat: number): number {
  return (lat - p.lat0) * p.ky
}

/** Back to WGS-84, rounded to 7 decimals (≈ 1 cm) like the rest of the project's coordinates. */
export function unproject(p: LocalProjection, x: number, y: number): [number, number] {
  return [round7(p.lng0 + x / p.kx), round7(p.lat0 + y / p.ky)]
}

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7
}

/** Great-circle metres between two WGS-84 points (haversine on the mean radius). */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const r = Math.PI / 180
  const dLat = (lat2 - lat1) * r
  const dLng = (lng2 - lng1) * r
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))
}
