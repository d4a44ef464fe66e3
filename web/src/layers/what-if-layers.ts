/**
 * What the planner is trying out: existing stations taken out (crossed), where moved stations came
 * from, and suggested sites ranked by gain. The hypothetical stations themselves are HTML markers
 * (draggable) drawn by MapCanvas; their walking circles are isochroneLayers with emphasis.
 */
import { LineLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { LngLat, StationFeature } from '../api/types.ts'
import type { RankedSite } from '../model/planner.ts'
import { CJK_FONT } from './area-layers.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface WhatIfLayerState {
  /** Existing stations removed in the what-if. */
  removed: StationFeature[]
  /** Existing stations moved: from their real place to the new one. */
  moved: { station: StationFeature; to: LngLat }[]
  suggested: RankedSite[]
  hoveredSite: number | null
}

const REMOVED: RGBA = [255, 77, 79, 255]
const MOVED: RGBA = [255, 170, 0, 220]

export function whatIfLayers(state: WhatIfLayerState) {
  const { removed, moved, suggested, hoveredSite } = state
  return [
    moved.length > 0 &&
      new LineLayer<{ station: StationFeature; to: LngLat }>({
        id: 'moved-paths',
        data: moved,
        getSourcePosition: (d) => d.station.geometry.coordinates as LngLat,
        getTargetPosition: (d) => d.to,
        getColor: MOVED,
        getWidth: 2,
        widthUnits: 'pixels',
      }),
    moved.length > 0 &&
      new ScatterplotLayer<{ station: StationFeature }>({
        id: 'moved-origins',
        data: moved,
        getPosition: (d) => d.station.geometry.coordinates as LngLat,
        getRadius: 7,
        radiusUnits: 'pixels',
        filled: false,
        stroked: true,
        getLineColor: MOVED,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
      }),
    removed.length > 0 &&
      new ScatterplotLayer<StationFeature>({
        id: 'removed-stations',
        data: removed,
        pickable: true,
        getPosition: (f) => f.geometry.coordinates as LngLat,
        getRadius: 9,
        radiusUnits: 'pixels',
        filled: true,
        getFillColor: [40, 10, 14, 200],
        stroked: true,
        getLineColor: REMOVED,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
      }),
    removed.length > 0 &&
      new TextLayer<StationFeature>({
        id: 'removed-crosses',
        data: removed,
        getPosition: (f) => f.geometry.coordinates as LngLat,
        getText: () => '×',
        characterSet: ['×'],
        getSize: 18,
        getColor: REMOVED,
        fontWeight: 700,
      }),
    suggested.length > 0 &&
      new ScatterplotLayer<RankedSite>({
        id: 'suggested-sites',
        data: suggested,
        pickable: true,
        getPosition: (d) => [d.lng, d.lat],
        getRadius: (d) => (d.rank === hoveredSite ? 15 : 12),
        radiusUnits: 'pixels',
        filled: true,
        getFillColor: [40, 30, 5, 230],
        stroked: true,
        getLineColor: GOLD,
        getLineWidth: 3,
        lineWidthUnits: 'pixels',
        updateTriggers: { getRadius: hoveredSite },
      }),
    suggested.length > 0 &&
      new TextLayer<RankedSite>({
        id: 'suggested-ranks',
        data: suggested,
        getPosition: (d) => [d.lng, d.lat],
        getText: (d) => String(d.rank),
        getSize: 15,
        getColor: GOLD,
        fontFamily: CJK_FONT,
        fontWeight: 700,
      }),
  ]
}
