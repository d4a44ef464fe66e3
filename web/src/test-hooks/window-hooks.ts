/**
 * The common part of the window.__explore / __planner / __screen hooks that end-to-end tests drive the
 * views with. Tests still click and drag with the mouse; the hooks only say where a place is on the
 * page and whether a view has settled. Installed only when config.testHooks is on (main.ts).
 */
import type { Map as MaplibreMap } from 'maplibre-gl'

export interface PagePoint {
  x: number
  y: number
}

/** Put `hooks` on window as `name`; returns the function that takes them off again. */
export function exposeHooks(name: `__${string}`, hooks: object): () => void {
  Object.assign(window, { [name]: hooks })
  return () => Object.assign(window, { [name]: undefined })
}

/** The map is loaded and still, and the view has nothing on its way. */
export function mapIdle(map: MaplibreMap | null, busy: boolean): boolean {
  return !!map && !busy && map.loaded() && !map.isMoving()
}

/**
 * Page pixels of canvas pixels (x, y), or null when they are within `margin` of the canvas edge or
 * something floats over the map there: a panel or legend of the view, or whatever `covers` matches
 * inside the map (its controls by default).
 */
export function unobstructedPoint(
  map: MaplibreMap,
  x: number,
  y: number,
  margin: number,
  covers = '.maplibregl-control-container',
): PagePoint | null {
  const canvas = map.getCanvas()
  if (x < margin || y < margin || x > canvas.clientWidth - margin || y > canvas.clientHeight - margin) return null
  const rect = canvas.getBoundingClientRect()
  const px = rect.left + x
  const py = rect.top + y
  const hit = document.elementFromPoint(px, py)
  if (!hit || !map.getContainer().contains(hit) || hit.closest(covers)) return null
  return { x: px, y: py }
}
