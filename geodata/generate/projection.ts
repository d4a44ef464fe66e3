import type { LngLat } from '../dataset/index.ts'
import type { Pt } from './geom.ts'

/** Mean Earth radius (m), the same value turf uses, so our lengths agree with turf.length. */
export const EARTH_RADIUS_M = 6371008.8
const DEG = Math.PI / 180

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7
}
export function roundCm(v: number): number {
  return Math.round(v * 100) / 100
}

export interface Projection {
  center: LngLat
  /** Local metres (x east, y north) → [lng, lat], rounded to 7 decimals (≈ 1 cm). */
  toLngLat(p: Pt): LngLat
}

/**
 * Local equirectangular projection: x = R·cos φ0·Δλ, y = R·Δφ.
 * Why that is accurate enough: the only approximation is using cos φ0 for the whole district. Over
 * ±5 km of latitude (±0.045°) at φ0 ≈ 30.5°, cos φ changes by tan φ0·Δφ ≈ 0.05 %, i.e. < 3 m over a 6 km
 * east–west span; at scale 10 (±10 km) it stays < 0.1 %. Walking-distance analysis works at the 10 m
 * level, and all recorded edge lengths are measured geodesically on the output coordinates anyway.
 */
export function makeProjection(center: LngLat): Projection {
  const [lng0, lat0] = center
  const mPerDegLat = EARTH_RADIUS_M * DEG
  const mPerDegLng = mPerDegLat * Math.cos(lat0 * DEG)
  return {
    center,
    toLngLat: (p) => [round7(lng0 + p.x / mPerDegLng), round7(lat0 + p.y / mPerDegLat)],
  }
}

/** Haversine distance in metres: the same formula as turf.distance, so lengths match turf.length. */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * DEG
  const dLng = (b[0] - a[0]) * DEG
  const h =
    Math.sin(dLat / 2) ** 2 + Math.sin(dLng / 2) ** 2 * Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG)
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)) * EARTH_RADIUS_M
}

export function pathLengthM(coords: LngLat[]): number {
  let s = 0
  for (let i = 1; i < coords.length; i++) s += haversineM(coords[i - 1], coords[i])
  return s
}
