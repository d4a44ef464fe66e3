/**
 * window.__planner: what an end-to-end test needs to use the planner map like a user. Tests still
 * click and drag with the mouse; these helpers only say where a place is on the page (when no panel
 * covers it) and whether the view has settled.
 */
import type { LngLat } from '../api/types.ts'
import type { PlannerProbe } from '../views/view-probe.ts'
import { exposeHooks, mapIdle, type PagePoint, unobstructedPoint } from './window-hooks.ts'

export function exposePlannerHooks(src: PlannerProbe): () => void {
  return exposeHooks('__planner', {
    idle: () => mapIdle(src.map(), src.busy()),
    state: src.state,
    /** Page pixels of a place on the map, or null when it is off the map or under a panel, control or marker. */
    pointFor(lngLat: LngLat): PagePoint | null {
      const map = src.map()
      if (!map) return null
      const p = map.project(lngLat)
      return unobstructedPoint(map, p.x, p.y, 4, '.maplibregl-control-container, .maplibregl-marker')
    },
    /** What a click at page pixels would pick on the map: the layer and the object's id. */
    pickAt(x: number, y: number): { layer: string; id: string | null } | null {
      const map = src.map()
      const overlay = src.overlay()
      if (!map || !overlay) return null
      const rect = map.getCanvas().getBoundingClientRect()
      const picked = overlay.pickObject({ x: x - rect.left, y: y - rect.top, radius: 0 })
      if (!picked?.layer) return null
      const obj = picked.object as { properties?: { id?: string } } | undefined
      return { layer: picked.layer.id, id: obj?.properties?.id ?? null }
    },
    /** The place under page pixels, to check where a dropped marker ended up. */
    lngLatAt(x: number, y: number): LngLat | null {
      const map = src.map()
      if (!map) return null
      const rect = map.getCanvas().getBoundingClientRect()
      const ll = map.unproject([x - rect.left, y - rect.top])
      return [ll.lng, ll.lat]
    },
  })
}
