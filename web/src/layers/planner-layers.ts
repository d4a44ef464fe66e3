/**
 * Everything the planner map draws, bottom to top: the coverage choropleth, the scenario's walking
 * circles, a what-if's circles (emphasised), the gap buildings, the stations, and what the what-if
 * takes out, moves or suggests, with the siting outline under the suggestions. A null collection leaves
 * its layers out.
 */
import type { AreaCollection, ChangedBuilding, GapCollection, IsochroneCollection, StationCollection, StationKind, StationStatus } from '../api/types.ts'
import type { AreaShare } from '../model/coverage.ts'
import { choroplethLayers, isochroneLayers } from './coverage-layers.ts'
import { gapLayers } from './gap-layers.ts'
import { outlineLayers, type OutlineLayerState } from './outline-layers.ts'
import { stationLayers } from './station-layers.ts'
import { whatIfLayers, type WhatIfLayerState } from './what-if-layers.ts'

export interface PlannerHovered {
  area: string | null
  gap: string | null
  station: string | null
  site: number | null
}

export interface PlannerLayerState extends Omit<WhatIfLayerState, 'hoveredSite'> {
  /** The areas coloured by coverage share; null for no choropleth. */
  areas: AreaCollection | null
  shares: ReadonlyMap<string, AreaShare>
  isochrones: IsochroneCollection | null
  whatIfIsochrones: IsochroneCollection | null
  minutes: number
  gaps: GapCollection | null
  /** Gap buildings a what-if station now covers. */
  closedGaps: ReadonlySet<string>
  /** Buildings a what-if leaves uncovered. */
  openedGaps?: readonly ChangedBuilding[]
  stations: StationCollection
  hovered: PlannerHovered
  /** The siting outline, and its corners while it is drawn. */
  outline?: OutlineLayerState
}

export interface PlannerLayerOptions {
  /** Off while a click places a station: the areas would take the click. @default true */
  pickableAreas?: boolean
}

const NO_KINDS: ReadonlySet<StationKind> = new Set()
const NO_STATUSES: ReadonlySet<StationStatus> = new Set()

export function plannerLayers(state: PlannerLayerState, options: PlannerLayerOptions = {}) {
  const { hovered, minutes } = state
  return [
    ...choroplethLayers({ areas: state.areas, shares: state.shares, hoveredId: hovered.area }, { pickable: options.pickableAreas ?? true }),
    ...isochroneLayers({ isochrones: state.isochrones, minutes }),
    ...isochroneLayers({ isochrones: state.whatIfIsochrones, minutes }, { id: 'whatif-isochrones', lineWidth: 2, emphasis: true }),
    ...gapLayers({ gaps: state.gaps, hoveredId: hovered.gap, closedIds: state.closedGaps, opened: state.openedGaps }),
    ...stationLayers({ stations: state.stations, hiddenKinds: NO_KINDS, hiddenStatuses: NO_STATUSES, hoveredId: hovered.station }),
    ...(state.outline ? outlineLayers(state.outline) : []),
    ...whatIfLayers({ removed: state.removed, moved: state.moved, suggested: state.suggested, hoveredSite: hovered.site }),
  ]
}
