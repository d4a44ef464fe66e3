import gcoord from 'gcoord'
import type { InputCrs } from '../vocabulary/index.ts'

// WGS-84, GCJ-02 and BD-09: the list and its meaning are in server/domain/vocabulary.
export { INPUT_CRS, type InputCrs } from '../vocabulary/index.ts'

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

export interface LngLat {
  lng: number
  lat: number
}

/**
 * Convert a point to WGS-84, which is what the database stores.
 * gcoord transforms GeoJSON input in place, so it only ever sees a fresh array built here.
 * Outside China gcoord applies no offset (the offsets are only defined there).
 *
 * @example toWgs84({ lng: 116.41024449916938, lat: 39.91640428150164 }, 'gcj02') // ≈ { lng: 116.404, lat: 39.915 }
 */
export function toWgs84(point: LngLat, crs: InputCrs = 'wgs84'): LngLat {
  if (!Number.isFinite(point.lng) || !Number.isFinite(point.lat) || Math.abs(point.lng) > 180 || Math.abs(point.lat) > 90) {
    throw new RangeError(`coordinates must be finite with |lng| ≤ 180 and |lat| ≤ 90 (got ${point.lng}, ${point.lat})`)
  }
  if (crs === 'wgs84') return { lng: point.lng, lat: point.lat }
  const [lng, lat] = gcoord.transform([point.lng, point.lat], GCOORD_CRS[crs], gcoord.WGS84) as [number, number]
  return { lng: round7(lng), lat: round7(lat) }
}

/** 7 decimals ≈ 1 cm: beyond the accuracy of any phone fix and of the GCJ-02 inversion itself. */
function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7
}
