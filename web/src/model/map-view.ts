/**
 * What MapCanvas takes and gives besides layers: a focus request, HTML markers, and the view it reports.
 * Kept out of MapCanvas.vue so composables can build them without importing a component.
 */
import type { BBox } from '../api/types.ts'

export interface MapFocus {
  bbox: BBox
  /** Changing the key asks for a new fit even if the box is the same. */
  key: string
  /** Pixels kept clear around the box, e.g. where panels float over the map. @default 60 */
  padding?: number | { top: number; bottom: number; left: number; right: number }
  /** @default 0 */
  pitch?: number
  /** @default 18 */
  maxZoom?: number
}

export interface MapView {
  bbox: BBox
  zoom: number
}

/**
 * An HTML marker drawn above the deck.gl layers; draggable ones are moved with the mouse by maplibre
 * itself, which works the same under software WebGL as on a GPU (no picking involved).
 */
export interface MapMarker {
  id: string
  lngLat: [number, number]
  /** Short text inside the marker. */
  label?: string
  /** Extra CSS class: `map-marker--<variant>` (see the unscoped styles in MapCanvas.vue). @default 'new' */
  variant?: 'new' | 'moved'
  /** @default false */
  draggable?: boolean
  title?: string
}
