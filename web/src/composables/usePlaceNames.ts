/**
 * Names of points on the map the way people say them ("翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格"),
 * for the planner's suggested sites and hypothetical stations. Asked for in one batch per answer and kept
 * by rounded position, so a station dragged back and forth, or a site adopted as a station, is not asked
 * for twice. Until a name arrives (or if it cannot be had) the caller shows the coordinates.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { LngLat, PlaceDescription } from '../api/types.ts'

/** The server describes at most this many points per request. */
const BATCH = 200

/** ~1 m: closer than that, two positions have the same name. */
export const placeKey = ([lng, lat]: readonly [number, number]) => `${lng.toFixed(5)},${lat.toFixed(5)}`

export interface UsePlaceNamesReturn {
  /** Descriptions by placeKey; replaced (not mutated) when names arrive, so computeds that read it follow. */
  names: ShallowRef<ReadonlyMap<string, PlaceDescription>>
  /** Ask for the names of the points not yet known or asked for (one request per call, per 200); resolves when all are known or failed. */
  describe: (points: readonly LngLat[]) => Promise<void>
  /** The point's label, or null while unknown. */
  labelOf: (lngLat: LngLat) => string | null
  /** The point's description, or null while unknown. */
  descriptionOf: (lngLat: LngLat) => PlaceDescription | null
}

export function usePlaceNames(fetcher: Pick<typeof api, 'describePlaces'> | null = api): UsePlaceNamesReturn {
  const names = shallowRef<ReadonlyMap<string, PlaceDescription>>(new Map())
  /** Keys asked for and not answered yet, with the request that will answer them. */
  const inFlight = new Map<string, Promise<void>>()
  const controllers = new Set<AbortController>()

  async function request(batch: [string, LngLat][]) {
    const controller = new AbortController()
    controllers.add(controller)
    try {
      const { items } = await fetcher!.describePlaces(batch.map(([, [lng, lat]]) => ({ lng, lat })), controller.signal)
      const next = new Map(names.value)
      items.forEach((d, i) => next.set(batch[i]![0], d))
      names.value = next
    } catch {
      // Names are a nicety: the coordinates stay, and the next answer asks again.
    } finally {
      controllers.delete(controller)
      for (const [key] of batch) inFlight.delete(key)
    }
  }

  /** Resolves when every point's name is known, or its request failed. */
  async function describe(points: readonly LngLat[]) {
    if (!fetcher) return
    const wanted = new Map<string, LngLat>()
    const waits = new Set<Promise<void>>()
    for (const p of points) {
      const key = placeKey(p)
      const pending = inFlight.get(key)
      if (pending) waits.add(pending)
      else if (!names.value.has(key) && !wanted.has(key)) wanted.set(key, p)
    }
    const all = [...wanted]
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH)
      const done = request(batch)
      for (const [key] of batch) inFlight.set(key, done)
      waits.add(done)
    }
    await Promise.all(waits)
  }

  onScopeDispose(() => controllers.forEach((c) => c.abort()))

  const descriptionOf = (lngLat: LngLat) => names.value.get(placeKey(lngLat)) ?? null
  return { names, describe, descriptionOf, labelOf: (lngLat) => descriptionOf(lngLat)?.label ?? null }
}
