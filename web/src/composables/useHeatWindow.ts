/**
 * The case heat on the wall display's map: drawn as a heatmap or as hexagons, over the last 1, 6 or
 * 24 hours before the moment shown. A link can choose both (?heat=hexagon&hours=24), so a display
 * opens the way it was set up.
 */
import { computed, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { LocationQuery } from 'vue-router'
import { HEAT_HOURS } from '../../../server/domain/vocabulary/index.ts'
import type { HeatMode } from '../model/case-heat.ts'
import { casesSince } from './case-aggregates.ts'
import type { CaseLite } from './recent-cases.ts'

const HOUR_MS = 3_600_000
export { HEAT_HOURS }

export interface UseHeatWindowOptions {
  query: LocationQuery
  cases: Ref<readonly CaseLite[]>
  /** The moment shown (epoch ms). */
  at: Ref<number>
}

export interface UseHeatWindowReturn {
  mode: ShallowRef<HeatMode>
  hours: ShallowRef<number>
  /** The cases inside the window. */
  cases: ComputedRef<CaseLite[]>
}

export function useHeatWindow(options: UseHeatWindowOptions): UseHeatWindowReturn {
  const { query } = options
  const mode = shallowRef<HeatMode>(query.heat === 'hexagon' || query.heat === 'hex' ? 'hexagon' : 'heatmap')
  const queryHours = Number(query.hours)
  const hours = shallowRef<number>((HEAT_HOURS as readonly number[]).includes(queryHours) ? queryHours : 6)
  return {
    mode,
    hours,
    cases: computed(() => casesSince(options.cases.value, options.at.value - hours.value * HOUR_MS)),
  }
}
