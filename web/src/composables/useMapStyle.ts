/**
 * The basemap every map view draws on: the district's external style when the config names one, else
 * the built-in dark style over the server's own vector tiles. Null until the config has loaded.
 */
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { basemapTilesUrl } from '../api/http.ts'
import type { AppConfig } from '../api/types.ts'
import { resolveBasemap } from '../map/basemap-style.ts'
import type { StyleSpecification } from 'maplibre-gl'

/** `textScale` multiplies the built-in style's label sizes (the wall display's, with its root font). */
export function useMapStyle(config: Ref<AppConfig | null>, textScale: MaybeRefOrGetter<number> = 1): ComputedRef<StyleSpecification | string | null> {
  return computed(() => (config.value ? resolveBasemap(config.value.basemapStyleUrl, basemapTilesUrl(), toValue(textScale)) : null))
}
