/**
 * Where cases come from now: a heatmap or hexagon bins of the cases in the heat window, and a short
 * expanding ring where a new case has just arrived. Pure: data references come from the caller's
 * memoised arrays, and only the pulse layers change with the animation clock.
 */
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { CaseLite } from '../composables/recent-cases.ts'
import type { Pulse } from '../composables/useLiveCases.ts'
import type { HeatMode } from '../model/case-heat.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface CaseHeatState {
  /** Cases inside the heat window. */
  cases: readonly CaseLite[]
  mode: HeatMode
  pulses: readonly Pulse[]
  /** The animation clock (epoch ms). */
  now: number
}

export interface CaseHeatOptions {
  /** Heatmap kernel radius in pixels. @default 50 */
  radiusPixels?: number
  /** Hexagon radius in metres; about a compound across. @default 160 */
  hexRadius?: number
  /** How long a new case's ring keeps expanding. @default 6000 */
  pulseMs?: number
  /** Multiplier for pixel sizes on large displays. @default 1 */
  scale?: number
  /** A new case's dot can be clicked (layer 'case-pulse-dots', object a Pulse whose id is the case's). @default false */
  pickable?: boolean
}

/** Navy through party red to gold, the theme's ramp, as opaque RGB for the aggregation layers. */
export const HEAT_RANGE: [number, number, number][] = [
  [40, 60, 120],
  [90, 60, 140],
  [160, 50, 110],
  [220, 50, 60],
  [250, 120, 50],
  [255, 210, 80],
]

const position = (c: CaseLite): [number, number] => [c.lng, c.lat]

/** Pulses still animating at `now`. */
export function activePulses(pulses: readonly Pulse[], now: number, pulseMs = 6000): Pulse[] {
  return pulses.filter((p) => now - p.at >= 0 && now - p.at < pulseMs)
}

/** The heat of the cases in the window: a heatmap, or hexagon bins about a compound across. */
export function caseHeatLayers(state: Pick<CaseHeatState, 'cases' | 'mode'>, options: CaseHeatOptions = {}) {
  const { radiusPixels = 50, hexRadius = 160, scale = 1 } = options
  return [
    // Empty aggregation layers draw with unbound buffers in luma.gl 9; leave them out until there is data.
    state.mode === 'heatmap' &&
    state.cases.length > 0 &&
      new HeatmapLayer<CaseLite>({
        id: 'case-heat',
        data: state.cases as CaseLite[],
        getPosition: position,
        getWeight: 1,
        radiusPixels: radiusPixels * scale,
        intensity: 1.5,
        threshold: 0.05,
        weightsTextureSize: 512,
        colorRange: HEAT_RANGE,
        opacity: 0.85,
      }),
    state.mode === 'hexagon' &&
    state.cases.length > 0 &&
      new HexagonLayer<CaseLite>({
        id: 'case-hexagons',
        data: state.cases as CaseLite[],
        getPosition: position,
        radius: hexRadius,
        coverage: 0.88,
        extruded: false,
        colorRange: HEAT_RANGE,
        opacity: 0.75,
        pickable: false,
      }),
  ]
}

/** An expanding, fading ring and a dot where a case has just arrived; drawn above the stations. */
export function casePulseLayers(state: Pick<CaseHeatState, 'pulses' | 'now'>, options: CaseHeatOptions = {}) {
  const { pulseMs = 6000, scale = 1, pickable = false } = options
  const live = activePulses(state.pulses, state.now, pulseMs)
  const progress = (p: Pulse) => Math.min(1, Math.max(0, (state.now - p.at) / pulseMs))
  return [
    live.length > 0 &&
      new ScatterplotLayer<Pulse>({
        id: 'case-pulse-rings',
        data: live,
        getPosition: (p) => [p.lng, p.lat],
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        stroked: true,
        filled: false,
        getRadius: (p) => (8 + 42 * progress(p)) * scale,
        getLineWidth: (p) => 3 * (1 - progress(p)) * scale + 0.5,
        getLineColor: (p): RGBA => [GOLD[0], GOLD[1], GOLD[2], Math.round(255 * (1 - progress(p)))],
        updateTriggers: { getRadius: [state.now, scale], getLineWidth: [state.now, scale], getLineColor: state.now },
      }),
    live.length > 0 &&
      new ScatterplotLayer<Pulse>({
        id: 'case-pulse-dots',
        data: live,
        getPosition: (p) => [p.lng, p.lat],
        radiusUnits: 'pixels',
        stroked: true,
        lineWidthUnits: 'pixels',
        getRadius: 6 * scale,
        getLineWidth: 1.5,
        getFillColor: [255, 80, 60, 255],
        getLineColor: [255, 255, 255, 230],
        pickable,
        updateTriggers: { getRadius: scale },
      }),
  ]
}
