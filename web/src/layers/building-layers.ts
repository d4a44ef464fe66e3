/**
 * Buildings: flat footprints for context at community level, extruded by floors at grid level where
 * a leader looks at one compound. Red means the building has a party group (组织进楼), blue-grey not.
 */
import { GeoJsonLayer } from '@deck.gl/layers'
import type { BuildingCollection, BuildingProps } from '../api/types.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface BuildingLayerState {
  buildings: BuildingCollection | null
  selectedId: string | null
  hoveredId: string | null
  /** Buildings of other grids (in view because loading is by viewport) are drawn dimmed. */
  focusGridId?: string | null
}

export interface BuildingLayerOptions {
  /** Extrude by floors and allow picking. @default true */
  extruded?: boolean
  /** @default true */
  pickable?: boolean
  /** Storey height used for extrusion, metres (typical Chinese residential floor height 2.8–3 m). @default 3 */
  floorHeight?: number
}

const WITH_GROUP: RGBA = [214, 48, 49, 235]
const WITHOUT_GROUP: RGBA = [82, 110, 150, 220]
const NON_RESIDENTIAL: RGBA = [70, 78, 96, 200]
/** The basemap's ground colour (map/basemap-style.ts BASEMAP_BACKGROUND). */
const GROUND: [number, number, number] = [6, 11, 24]

/**
 * Mixes a colour into the dark ground instead of lowering alpha: translucent extrusions stack their
 * faces and end up looking nearly opaque.
 */
function dim([r, g, b]: RGBA, keep = 0.38): RGBA {
  const [gr, gg, gb] = GROUND
  return [r * keep + gr * (1 - keep), g * keep + gg * (1 - keep), b * keep + gb * (1 - keep), 255]
}

function baseColor(p: BuildingProps): RGBA {
  if (p.partyGroup) return WITH_GROUP
  return p.kind === 'residential' || p.kind === 'mixed' ? WITHOUT_GROUP : NON_RESIDENTIAL
}

export function buildingLayers(state: BuildingLayerState, options: BuildingLayerOptions = {}) {
  const { extruded = true, pickable = true, floorHeight = 3 } = options
  const { buildings, selectedId, hoveredId, focusGridId = null } = state
  if (!buildings) return []
  return [
    new GeoJsonLayer<BuildingProps>({
      id: 'buildings',
      data: buildings,
      pickable,
      extruded,
      filled: true,
      stroked: !extruded,
      wireframe: false,
      getElevation: (f) => Math.max(1, f.properties.floors || 1) * floorHeight,
      getFillColor: (f) => {
        if (f.properties.id === selectedId) return GOLD
        const c = baseColor(f.properties)
        if (!extruded) return [c[0], c[1], c[2], 110]
        if (focusGridId && f.properties.gridId !== focusGridId) return dim(c)
        return f.properties.id === hoveredId ? [Math.min(255, c[0] + 60), Math.min(255, c[1] + 60), Math.min(255, c[2] + 60), 255] : c
      },
      getLineColor: [150, 170, 210, 120],
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      material: { ambient: 0.45, diffuse: 0.6, shininess: 24, specularColor: [60, 60, 80] },
      updateTriggers: { getFillColor: [selectedId, hoveredId, extruded, focusGridId] },
    }),
  ]
}
