/**
 * Service stations: the whole network for the map (one request; a district has tens to hundreds),
 * the ones inside the current area for the side panel, and the legend's kind/status toggles.
 */
import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import { ApiError, isAbort } from '../api/request.ts'
import type { StationCollection, StationKind, StationStatus } from '../api/types.ts'

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
  error: ShallowRef<ApiError | null>
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
  const all = shallowRef<StationCollection | null>(null)
  const inArea = shallowRef<StationCollection | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const hiddenKinds = shallowRef<ReadonlySet<StationKind>>(new Set())
  const hiddenStatuses = shallowRef<ReadonlySet<StationStatus>>(new Set())
  const visible = shallowRef(true)
  let allAbort: AbortController | null = null
  let areaAbort: AbortController | null = null

  function fail(err: unknown) {
    if (!isAbort(err)) error.value = err instanceof ApiError ? err : new ApiError('network', String(err))
  }

  async function loadAll() {
    allAbort?.abort()
    const ctl = (allAbort = new AbortController())
    try {
      all.value = await fetcher.stations({}, ctl.signal)
    } catch (err) {
      fail(err)
    }
  }

  async function loadArea(id: string | null) {
    areaAbort?.abort()
    if (!id) return void (inArea.value = null)
    const ctl = (areaAbort = new AbortController())
    try {
      const fc = await fetcher.stations({ area: id }, ctl.signal)
      if (!ctl.signal.aborted) inArea.value = fc
    } catch (err) {
      fail(err)
    }
  }

  void loadAll()
  watch(options.areaId, loadArea, { immediate: true })
  onScopeDispose(() => {
    allAbort?.abort()
    areaAbort?.abort()
  })

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
    error,
    retry: () => {
      error.value = null
      void loadAll()
      void loadArea(options.areaId.value)
    },
  }
}
