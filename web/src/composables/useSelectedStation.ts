/**
 * The station whose card the planner shows, and what the what-if has done to it (nothing, taken out,
 * moved), with the card's actions.
 */
import { computed, shallowRef, type ComputedRef, type ShallowRef, type Ref } from 'vue'
import type { LngLat, StationFeature } from '../api/types.ts'
import type { UseWhatIfReturn } from './useWhatIf.ts'

export type SelectedStationState = 'as-is' | 'removed' | 'moved'

export interface UseSelectedStationReturn {
  id: ShallowRef<string | null>
  station: ComputedRef<StationFeature | null>
  state: ComputedRef<SelectedStationState>
  remove: () => void
  /** Start moving it: a draggable marker appears at its place. */
  move: () => void
  restore: () => void
}

export function useSelectedStation(whatIf: UseWhatIfReturn, byId: Ref<ReadonlyMap<string, StationFeature>>): UseSelectedStationReturn {
  const id = shallowRef<string | null>(null)
  const station = computed(() => (id.value ? (byId.value.get(id.value) ?? null) : null))
  const state = computed<SelectedStationState>(() => {
    const s = id.value
    if (!s) return 'as-is'
    return whatIf.removed.value.has(s) ? 'removed' : whatIf.moved.value.has(s) ? 'moved' : 'as-is'
  })
  return {
    id,
    station,
    state,
    remove: () => void (station.value && whatIf.removeStation(station.value.properties.id)),
    move() {
      const f = station.value
      if (f) whatIf.moveStation(f.properties.id, f.geometry.coordinates as LngLat)
    },
    restore: () => void (station.value && whatIf.restoreStation(station.value.properties.id)),
  }
}
