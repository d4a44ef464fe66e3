/**
 * Coverage gaps: residential buildings outside the walking circle. Footprints alone vanish at district
 * zoom, so each gap is also a dot at its entrance sized by residents; both share one colour scale (more
 * residents = brighter and larger). A what-if's answer names the gaps it closes (hollow green rings)
 * and the buildings it leaves uncovered (dots ringed in red).
 */
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { ChangedBuilding, GapCollection, GapProps } from '../api/types.ts'
import { gapDots, type GapDot } from '../geo/gap-dots.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface GapLayerState {
  gaps: GapCollection | null
  hoveredId: string | null
  /** Gaps a what-if station would close: drawn as hollow green rings instead. */
  closedIds?: ReadonlySet<string>
  /** Buildings a what-if would leave uncovered (at their entrances). */
  opened?: readonly ChangedBuilding[]
}

const CLOSED: RGBA = [60, 207, 142, 255]
const OPENED: RGBA = [255, 77, 79, 255]

/** Pale to hot by residents; chosen to stand out on both the navy ground and the red choropleth. */
export const GAP_COLORS: RGBA[] = [
  [255, 240, 200, 200],
  [255, 214, 120, 220],
  [255, 160, 90, 235],
  [255, 90, 120, 250],
]

/** Residents of a typical building split into the colour steps (a tower block holds several hundred). */
const GAP_STEPS = [60, 150, 300]

export function gapColor(residents: number): RGBA {
  const i = GAP_STEPS.findIndex((s) => residents < s)
  return GAP_COLORS[i === -1 ? GAP_COLORS.length - 1 : i]!
}

const NONE: ReadonlySet<string> = new Set()
const NOTHING: readonly ChangedBuilding[] = []

/** Area proportional to residents: about 12 m radius for 100 residents. */
const dotRadius = (residents: number) => 1.2 * Math.sqrt(Math.max(1, residents))

export function gapLayers(state: GapLayerState, options: { pickable?: boolean } = {}) {
  const { gaps, hoveredId, closedIds = NONE, opened = NOTHING } = state
  const pickable = options.pickable ?? true
  if (!gaps) return []
  return [
    new GeoJsonLayer<GapProps>({
      id: 'gap-footprints',
      data: gaps,
      filled: true,
      stroked: false,
      getFillColor: (f) => (closedIds.has(f.properties.id) ? [CLOSED[0], CLOSED[1], CLOSED[2], 120] : gapColor(f.properties.residents)),
      // Arrays: deck.gl compares trigger objects by their own keys, and a Set has none.
      updateTriggers: { getFillColor: [closedIds] },
    }),
    new ScatterplotLayer<GapDot>({
      id: 'gaps',
      data: gapDots(gaps),
      pickable,
      stroked: true,
      filled: true,
      getPosition: (d) => d.position,
      getRadius: (d) => dotRadius(d.properties.residents),
      radiusUnits: 'meters',
      radiusMinPixels: 2.5,
      radiusMaxPixels: 16,
      getFillColor: (d) =>
        d.properties.id === hoveredId ? GOLD : closedIds.has(d.properties.id) ? [0, 0, 0, 0] : gapColor(d.properties.residents),
      getLineColor: (d) => (closedIds.has(d.properties.id) ? CLOSED : [20, 10, 20, 200]),
      lineWidthUnits: 'pixels',
      getLineWidth: (d) => (closedIds.has(d.properties.id) ? 2 : 1),
      updateTriggers: { getFillColor: [hoveredId, closedIds], getLineColor: [closedIds], getLineWidth: [closedIds] },
    }),
    opened.length > 0 &&
      new ScatterplotLayer<ChangedBuilding>({
        id: 'opened-gaps',
        data: opened,
        stroked: true,
        filled: true,
        getPosition: (d) => [d.lng, d.lat],
        getRadius: (d) => dotRadius(d.residents),
        radiusUnits: 'meters',
        radiusMinPixels: 2.5,
        radiusMaxPixels: 16,
        getFillColor: (d) => gapColor(d.residents),
        getLineColor: OPENED,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
  ]
}
