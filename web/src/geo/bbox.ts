/** Bounding box of a GeoJSON geometry, cached per object. */
import { bbox as turfBbox } from '@turf/bbox'
import type { Geometry } from 'geojson'
import type { BBox } from '../api/types.ts'

const cache = new WeakMap<object, BBox>()

export function geometryBbox(geometry: Geometry): BBox {
  let b = cache.get(geometry)
  if (!b) {
    b = turfBbox(geometry).slice(0, 4) as BBox
    cache.set(geometry, b)
  }
  return b
}
