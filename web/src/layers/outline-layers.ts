/**
 * The siting outline on the planner map: the closed outline siting keeps to (dashed gold, lightly
 * filled), and while drawing, the corners so far joined by a line, the first corner a target to close on.
 */
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { LngLat } from '../api/types.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface OutlineLayerState {
  /** The closed ring siting keeps to; null: none. */
  outline: LngLat[] | null
  /** Corners placed while drawing (empty when not drawing). */
  corners: LngLat[]
}

const FILL: RGBA = [255, 196, 64, 28]

export function outlineLayers({ outline, corners }: OutlineLayerState) {
  return [
    outline !== null &&
      new PolygonLayer<LngLat[]>({
        id: 'siting-outline',
        data: [outline],
        getPolygon: (ring) => ring,
        filled: true,
        getFillColor: FILL,
        stroked: true,
        getLineColor: GOLD,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
      }),
    corners.length > 1 &&
      new PathLayer<LngLat[]>({
        id: 'outline-draft',
        data: [corners],
        getPath: (path) => path,
        getColor: GOLD,
        getWidth: 2,
        widthUnits: 'pixels',
      }),
    corners.length > 0 &&
      new ScatterplotLayer<LngLat>({
        id: 'outline-corners',
        data: corners,
        // The first corner takes a click: it closes the outline.
        pickable: true,
        getPosition: (p) => p,
        getRadius: (_, { index }) => (index === 0 ? 7 : 4),
        radiusUnits: 'pixels',
        getFillColor: (_, { index }) => (index === 0 ? GOLD : [255, 255, 255, 230]),
        stroked: true,
        getLineColor: GOLD,
        getLineWidth: 1.5,
        lineWidthUnits: 'pixels',
      }),
  ]
}
