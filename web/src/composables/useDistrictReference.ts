/**
 * The slow-changing picture of the district the wall display draws on: its outline and streets, the
 * stations (where to draw them; their counts come with the wall's snapshot, like the coverage), the
 * communities (for names) and the case taxonomy. All of it is reloaded every `refreshMs`, so a display left running all day catches up
 * with new boundaries or stations by itself.
 */
import { shallowRef, type Ref, type ShallowRef } from 'vue'
import type { CaseTaxonomy } from '../api/case-types.ts'
import { casesApi } from '../api/cases.ts'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaCollection, AreaDetail } from '../api/types.ts'
import { useArea } from './useArea.ts'
import { useEvery } from './useClock.ts'
import { useFetched, type UseFetchedReturn } from './useFetched.ts'
import { useStations, type UseStationsReturn } from './useStations.ts'

export interface UseDistrictReferenceOptions {
  districtId: Ref<string | null>
  /** False until the app config is in; nothing is asked before. */
  ready: Ref<boolean>
  /** @default 30 min */
  refreshMs?: number
}

export interface UseDistrictReferenceReturn {
  area: ShallowRef<AreaDetail | null>
  /** The district's streets. */
  streets: ShallowRef<AreaCollection | null>
  areaError: ShallowRef<ApiError | null>
  stations: UseStationsReturn
  communities: UseFetchedReturn<AreaCollection>
  taxonomy: UseFetchedReturn<CaseTaxonomy>
  /** Reload everything now. */
  refresh: () => void
}

export function useDistrictReference(options: UseDistrictReferenceOptions): UseDistrictReferenceReturn {
  const { districtId, ready } = options
  const { area, children, error: areaError, retry: retryArea } = useArea({ areaId: districtId })
  const stations = useStations({ areaId: shallowRef(null) })
  const communities = useFetched(
    () => (ready.value ? ('community' as const) : null),
    (level, signal) => api.areas({ level }, signal),
  )
  const taxonomy = useFetched(
    () => 'taxonomy',
    (_, signal) => casesApi.categories(signal),
  )

  function refresh() {
    retryArea()
    stations.retry()
    communities.retry()
    if (!taxonomy.data.value) taxonomy.retry()
  }
  useEvery(options.refreshMs ?? 30 * 60_000, refresh)

  return {
    area,
    streets: children,
    areaError,
    stations,
    communities,
    taxonomy,
    refresh,
  }
}
