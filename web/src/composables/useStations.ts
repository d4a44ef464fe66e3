/**
 * Service stations: the whole network for the map (one request; a district has tens to hundreds),
 * the ones inside the current area for the side panel, and the legend's kind/status toggles.
 */
import { computed, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { StationCollection, StationKind, StationStatus } from '../api/types.ts'
import { useFetched } from './useFetched.ts'
import { useRequest } from './useRequest.ts'

export interface StationCounts {
  byKind: Map<StationKind, number>
  byStatus: Map<StationStatus, number>
  total: number
}

export interface UseStationsOptions {
  /** Area whose stations the panel lists; null for none. */
  areaId: Ref<string | null>
  fetcher?: Pick<typeof api, 'stations'>
}

export interface UseStationsReturn {
  all: ShallowRef<StationCollection | null>
  inArea: ShallowRef<StationCollection | null>
  /** Counts over the whole network, for the legend. */
  counts: ComputedRef<StationCounts>
  /** Counts inside the current area, for the panel. */
  areaCounts: ComputedRef<StationCounts>
  hiddenKinds: ShallowRef<ReadonlySet<StationKind>>
  hiddenStatuses: ShallowRef<ReadonlySet<StationStatus>>
  visible: Ref<boolean>
  toggleKind: (kind: StationKind) => void
  toggleStatus: (status: StationStatus) => void
  error: ComputedRef<ApiError | null>
  retry: () => void
}

export function countStations(fc: StationCollection | null): StationCounts {
  const byKind = new Map<StationKind, number>()
  const byStatus = new Map<StationStatus, number>()
  for (const f of fc?.features ?? []) {
    byKind.set(f.properties.kind, (byKind.get(f.properties.kind) ?? 0) + 1)
    byStatus.set(f.properties.status, (byStatus.get(f.properties.status) ?? 0) + 1)
  }
  return { byKind, byStatus, total: fc?.features.length ?? 0 }
}

function toggled<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
  const next = new Set(set)
  if (!next.delete(item)) next.add(item)
  return next
}

export function useStations(options: UseStationsOptions): UseStationsReturn {
  const fetcher = options.fetcher ?? api
  const hiddenKinds = shallowRef<ReadonlySet<StationKind>>(new Set())
  const hiddenStatuses = shallowRef<ReadonlySet<StationStatus>>(new Set())
  const visible = shallowRef(true)

  const network = useRequest((_: void, signal) => fetcher.stations({}, signal))
  void network.execute()
  const local = useFetched(
    () => options.areaId.value || null,
    (id: string, signal) => fetcher.stations({ area: id }, signal),
    { clearOnNull: true },
  )
  const all = network.data
  const inArea = local.data

  return {
    all,
    inArea,
    counts: computed(() => countStations(all.value)),
    areaCounts: computed(() => countStations(inArea.value)),
    hiddenKinds,
    hiddenStatuses,
    visible,
    toggleKind: (k) => void (hiddenKinds.value = toggled(hiddenKinds.value, k)),
    toggleStatus: (s) => void (hiddenStatuses.value = toggled(hiddenStatuses.value, s)),
    error: computed(() => network.error.value ?? local.error.value),
    retry: () => {
      void network.execute()
      local.retry()
    },
  }
}
