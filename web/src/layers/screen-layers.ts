/**
 * The wall display's map, bottom to top: the district dimmed outside and its streets outlined (no
 * fill, the heat carries the colour), the case heat, the stations, the street names, and the pulses
 * of cases that have just arrived. Pure; composed from the shared layer builders.
 */
import type { AreaCollection, AreaDetail, StationCollection, StationKind, StationStatus } from '../api/types.ts'
import type { CaseLite } from '../composables/recent-cases.ts'
import type { Pulse } from '../composables/useLiveCases.ts'
import { areaLayers } from './area-layers.ts'
import type { HeatMode } from '../model/case-heat.ts'
import { caseHeatLayers, casePulseLayers } from './case-heat-layers.ts'
import { stationLayers } from './station-layers.ts'

export interface ScreenLayerState {
  area: AreaDetail | null
  streets: AreaCollection | null
  stations: StationCollection | null
  heatCases: readonly CaseLite[]
  heatMode: HeatMode
  pulses: readonly Pulse[]
  /** The clock the pulses animate against (epoch ms). */
  now: number
}

export interface ScreenLayerOptions {
  /** How long a pulse lasts on that clock. @default 6000 */
  pulseMs?: number
  /** Pixel sizes multiplier (root font size / 16). @default 1 */
  scale?: number
}

const NO_KINDS: ReadonlySet<StationKind> = new Set()
const NO_STATUSES: ReadonlySet<StationStatus> = new Set()
const isLabel = (l: unknown) => !!l && (l as { id?: string }).id === 'area-labels'

export function screenLayers(state: ScreenLayerState, options: ScreenLayerOptions = {}) {
  const { pulseMs = 6000, scale = 1 } = options
  const areas = areaLayers(
    { current: state.area, children: state.streets, hoveredId: null, metric: 'partyCoverage' },
    { pickable: false, fill: false, labelSize: Math.round(17 * scale) },
  )
  return [
    ...areas.filter((l) => !isLabel(l)),
    ...caseHeatLayers({ cases: state.heatCases, mode: state.heatMode }, { scale }),
    ...stationLayers(
      { stations: state.stations, hiddenKinds: NO_KINDS, hiddenStatuses: NO_STATUSES, hoveredId: null },
      { pickable: false, scale },
    ),
    ...areas.filter(isLabel),
    // The one pickable layer: a click on a new case's dot opens it.
    ...casePulseLayers({ pulses: state.pulses, now: state.now }, { pulseMs, scale, pickable: true }),
  ]
}
