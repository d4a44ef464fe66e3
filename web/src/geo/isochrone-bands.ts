/**
 * Walking-time bands of an isochrone collection up to a minute value, as both the map and the planner's
 * what-if preview use them. Pure; results are cached per collection so deck.gl sees stable data.
 */
import type { IsochroneCollection } from '../api/types.ts'

const filtered = new WeakMap<IsochroneCollection, Map<number, IsochroneCollection>>()

/** The bands up to `minutes`, outer first so the inner band is drawn on top; cached per collection. */
export function bandsUpTo(fc: IsochroneCollection, minutes: number): IsochroneCollection {
  let perMinutes = filtered.get(fc)
  if (!perMinutes) filtered.set(fc, (perMinutes = new Map()))
  let out = perMinutes.get(minutes)
  if (!out) {
    const features = fc.features
      .filter((f) => f.geometry && f.properties && f.properties.minutes <= minutes)
      .sort((a, b) => b.properties.minutes - a.properties.minutes)
    out = { type: 'FeatureCollection', features }
    perMinutes.set(minutes, out)
  }
  return out
}
