/**
 * window.__explore: what an end-to-end test needs to click the drill-down map like a user: page pixels
 * where a given child area or building is what the map would pick (and no panel covers the map), and
 * whether the view has settled.
 */
import type { MapboxOverlay } from '@deck.gl/mapbox'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { ExploreProbe } from '../views/view-probe.ts'
import { PARTY_HOUSEHOLDS_LAYER } from '../layers/party-layers.ts'
import { exposeHooks, mapIdle, type PagePoint, unobstructedPoint } from './window-hooks.ts'

/** Screen offsets tried around a start point: a spiral for flat areas. */
function spiral(): [number, number][] {
  const out: [number, number][] = [[0, 0]]
  for (let r = 8; r <= 96; r += 8) {
    for (let a = 0; a < 12; a++) out.push([Math.round(r * Math.cos((a * Math.PI) / 6)), Math.round(r * Math.sin((a * Math.PI) / 6))])
  }
  return out
}

/** Straight up the screen: under pitch an extruded roof is drawn above its footprint. */
function upward(): [number, number][] {
  const out: [number, number][] = []
  for (let dy = 0; dy <= 150; dy += 3) out.push([0, -dy])
  return out
}

function findPoint(
  map: MaplibreMap,
  overlay: MapboxOverlay,
  layerId: string,
  id: string,
  lngLat: [number, number],
  offsets: [number, number][],
): PagePoint | null {
  const start = map.project(lngLat)
  for (const [dx, dy] of offsets) {
    const x = start.x + dx
    const y = start.y + dy
    const point = unobstructedPoint(map, x, y, 2)
    if (!point) continue
    const picked = overlay.pickObject({ x, y, radius: 0 })
    if (picked?.layer?.id !== layerId) continue
    const props = (picked.object as { properties?: { id?: string } } | undefined)?.properties
    if (props?.id === id) return point
  }
  return null
}

export function exposeExploreHooks(src: ExploreProbe): () => void {
  return exposeHooks('__explore', {
    idle: () => mapIdle(src.map(), src.busy()),
    state: src.state,
    childPoint(id: string): PagePoint | null {
      const map = src.map()
      const overlay = src.overlay()
      const lngLat = src.childLabel(id)
      return map && overlay && lngLat ? findPoint(map, overlay, 'area-children', id, lngLat, spiral()) : null
    },
    buildingPoint(id: string): PagePoint | null {
      const map = src.map()
      const overlay = src.overlay()
      const lngLat = src.buildingLabel(id)
      return map && overlay && lngLat ? findPoint(map, overlay, 'buildings', id, lngLat, upward()) : null
    },
    /** A building's 党员中心户 marker (on its roof at grid level, so searched upward as buildings are). */
    householdPoint(id: string): PagePoint | null {
      const map = src.map()
      const overlay = src.overlay()
      const lngLat = src.householdLabel?.(id) ?? null
      return map && overlay && lngLat ? findPoint(map, overlay, PARTY_HOUSEHOLDS_LAYER, id, lngLat, upward()) : null
    },
  })
}
