/**
 * 党员中心户 on the map: a gold-ringed party-red dot on each building that has 中心户, its radius growing
 * with how many (1, 2, 3+), so a leader sees where the party is inside the buildings. Pure: the same
 * state gives equal layers.
 */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { HouseholdBuildingCollection, HouseholdBuildingFeature } from '../api/party.ts'
import { GOLD, PARTY_RED, type RGBA } from './palette.ts'

export const PARTY_HOUSEHOLDS_LAYER = 'party-households'

/** Marker radius in pixels by 中心户 count; the legend draws the same sizes. */
export const HOUSEHOLD_RADIUS_STEPS: { min: number; radius: number; label: string }[] = [
  { min: 1, radius: 5, label: '1 户' },
  { min: 2, radius: 7, label: '2 户' },
  { min: 3, radius: 9, label: '3 户及以上' },
]

export function householdRadius(count: number): number {
  let r = 0
  for (const s of HOUSEHOLD_RADIUS_STEPS) if (count >= s.min) r = s.radius
  return r
}

export const HOUSEHOLD_FILL: RGBA = PARTY_RED
export const HOUSEHOLD_RING: RGBA = GOLD
const HIGHLIGHT_RING: RGBA = [255, 255, 255, 255]

export interface PartyLayerState {
  households: HouseholdBuildingCollection | null
  hoveredId: string | null
  /** Buildings to ring in white: the selected building, or the 中心户 offered for a case. */
  highlightIds?: readonly string[]
}

export interface PartyLayerOptions {
  /** @default true */
  pickable?: boolean
  /** Marker size multiplier. @default 1 */
  scale?: number
  /** Metres per floor when the buildings are extruded (as building-layers draws them), 0 on flat maps. @default 0 */
  floorHeight?: number
}

export function partyLayers(state: PartyLayerState, options: PartyLayerOptions = {}) {
  const { households, hoveredId, highlightIds = [] } = state
  if (!households) return []
  const { pickable = true, scale = 1, floorHeight = 0 } = options
  const strong = (id: string) => id === hoveredId || highlightIds.includes(id)
  const key = [hoveredId, ...highlightIds].join()
  return [
    new ScatterplotLayer<HouseholdBuildingFeature>({
      id: PARTY_HOUSEHOLDS_LAYER,
      data: households.features,
      pickable,
      stroked: true,
      filled: true,
      radiusUnits: 'pixels',
      // Facing the viewer: on a tilted grid a dot lying on the roof would read as a thin ellipse.
      billboard: true,
      lineWidthUnits: 'pixels',
      // On the roof where buildings stand extruded (a metre above it), on the ground elsewhere.
      getPosition: (f) => {
        const [lng, lat] = f.geometry.coordinates
        return [lng, lat, floorHeight > 0 ? Math.max(1, f.properties.floors) * floorHeight + 1 : 0]
      },
      getRadius: (f) => householdRadius(f.properties.households) * scale * (strong(f.properties.id) ? 1.4 : 1),
      getFillColor: HOUSEHOLD_FILL,
      getLineColor: (f) => (strong(f.properties.id) ? HIGHLIGHT_RING : HOUSEHOLD_RING),
      getLineWidth: (f) => (strong(f.properties.id) ? 2.5 : 1.5),
      updateTriggers: { getPosition: floorHeight, getRadius: key, getLineColor: key, getLineWidth: key },
    }),
  ]
}
