/** The stations a coverage scenario counts (cumulative by status), from the whole network. */
import { computed, type ComputedRef, type Ref } from 'vue'
import type { Scenario, StationCollection, StationFeature } from '../api/types.ts'
import { SCENARIO_STATUSES } from './useCoverage.ts'

export interface UseScenarioStationsReturn {
  inScenario: ComputedRef<StationFeature[]>
  ids: ComputedRef<ReadonlySet<string>>
  /** Every station by id, whatever its status. */
  byId: ComputedRef<ReadonlyMap<string, StationFeature>>
  /** Stations per scenario; null before the network has loaded. */
  counts: ComputedRef<ReadonlyMap<Scenario, number> | null>
}

export function useScenarioStations(all: Ref<StationCollection | null>, scenario: Ref<Scenario>): UseScenarioStationsReturn {
  const inScenario = computed(() => {
    const statuses = SCENARIO_STATUSES[scenario.value]
    return (all.value?.features ?? []).filter((f) => statuses.has(f.properties.status))
  })
  const counts = computed(() => {
    const fc = all.value
    if (!fc) return null
    const out = new Map<Scenario, number>()
    for (const [s, statuses] of Object.entries(SCENARIO_STATUSES) as [Scenario, ReadonlySet<string>][]) {
      out.set(s, fc.features.filter((f) => statuses.has(f.properties.status)).length)
    }
    return out
  })
  return {
    inScenario,
    ids: computed(() => new Set(inScenario.value.map((f) => f.properties.id))),
    byId: computed(() => new Map((all.value?.features ?? []).map((f) => [f.properties.id, f]))),
    counts,
  }
}
