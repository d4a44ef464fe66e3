/**
 * Where the planner map looks: the whole district until the user asks for a grid (from the worst-grid
 * list) or a suggested site; asking again for the same place flies there again.
 */
import { computed, shallowRef, type ComputedRef, type Ref } from 'vue'
import type { AreaCollection, BBox } from '../api/types.ts'
import type { MapFocus } from '../model/map-view.ts'
import type { RankedSite } from '../model/planner.ts'

/** Room for the toolbar and layer switch floating along the top of the map, in px. */
const OVERLAY_PADDING = { top: 140, bottom: 30, left: 40, right: 40 }
/** About 1 km around a suggested site (in degrees): its 15-minute circle fits in view. */
const SITE_SPAN = 0.01

export interface UsePlannerFocusOptions {
  district: () => BBox | null | undefined
  grids: Ref<AreaCollection | null>
}

export interface UsePlannerFocusReturn {
  focus: ComputedRef<MapFocus | null>
  /** False when the grid is not (yet) known. */
  flyToGrid: (id: string) => boolean
  flyToSite: (site: RankedSite) => void
}

export function usePlannerFocus(options: UsePlannerFocusOptions): UsePlannerFocusReturn {
  const requested = shallowRef<MapFocus | null>(null)
  let serial = 0

  const focus = computed<MapFocus | null>(() => {
    if (requested.value) return requested.value
    const bbox = options.district()
    return bbox ? { bbox, key: 'district', padding: OVERLAY_PADDING } : null
  })

  return {
    focus,
    flyToGrid(id) {
      const f = options.grids.value?.features.find((g) => g.properties.id === id)
      if (!f?.properties.bbox) return false
      requested.value = { bbox: f.properties.bbox, key: `grid:${id}:${++serial}`, padding: OVERLAY_PADDING, maxZoom: 16 }
      return true
    },
    flyToSite(site) {
      const d = SITE_SPAN
      requested.value = { bbox: [site.lng - d, site.lat - d, site.lng + d, site.lat + d], key: `site:${site.rank}:${++serial}`, padding: OVERLAY_PADDING }
    },
  }
}
