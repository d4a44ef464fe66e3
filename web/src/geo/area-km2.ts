/** Geodesic area of an area's polygon in km², cached per geometry object (areas are immutable once loaded). */
import { area } from '@turf/area'
import type { MultiPolygon, Polygon } from 'geojson'

const cache = new WeakMap<object, number>()

export function areaKm2(geometry: Polygon | MultiPolygon): number {
  let km2 = cache.get(geometry)
  if (km2 === undefined) {
    km2 = area(geometry) / 1e6
    cache.set(geometry, km2)
  }
  return km2
}
