/**
 * The basemap every map view draws on: the district's external style when the config names one, else
 * the built-in dark style over the server's own vector tiles. Null until the config has loaded.
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import { basemapTilesUrl } from '../api/http.ts'
import type { AppConfig } from '../api/types.ts'
import { resolveBasemap } from '../map/basemap-style.ts'
import type { StyleSpecification } from 'maplibre-gl'

export function useMapStyle(config: Ref<AppConfig | null>): ComputedRef<StyleSpecification | string | null> {
  return computed(() => (config.value ? resolveBasemap(config.value.basemapStyleUrl, basemapTilesUrl()) : null))
}
