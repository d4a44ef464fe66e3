/**
 * Drill-down state for the explore view. The route is the source of truth (/explore/:areaId and
 * /explore/:areaId/building/:buildingId) so that links reopen the same view and browser back works;
 * actions only navigate, and the loads follow the route.
 */
import { computed, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { useRoute, useRouter, type RouteLocationNormalizedLoaded, type Router } from 'vue-router'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaCollection, AreaDetail, AreaLevel, AreaRef, BuildingDetail } from '../api/types.ts'
import { useArea } from './useArea.ts'
import { useFetched } from './useFetched.ts'

export interface Crumb {
  id: string
  name: string
  level: AreaLevel | 'building'
  /** Where clicking the crumb goes; the last crumb (where we are) has none. */
  to: string | null
}

export interface UseDrillDownOptions {
  /** The area shown when the URL names none (the district, from /api/config). */
  rootId: Ref<string | null>
  route?: RouteLocationNormalizedLoaded
  router?: Router
  fetcher?: Pick<typeof api, 'area' | 'areas' | 'building'>
}

export interface UseDrillDownReturn {
  areaId: ComputedRef<string | null>
  buildingId: ComputedRef<string | null>
  area: ComputedRef<AreaDetail | null>
  children: ComputedRef<AreaCollection | null>
  building: ShallowRef<BuildingDetail | null>
  /** The level being looked at: the area's, or 'building' once a building is selected. */
  level: ComputedRef<AreaLevel | 'building' | null>
  crumbs: ComputedRef<Crumb[]>
  loading: ComputedRef<boolean>
  error: ComputedRef<ApiError | null>
  drillTo: (areaId: string) => void
  up: () => void
  selectBuilding: (buildingId: string, gridId?: string | null) => void
  retry: () => void
}

export function areaPath(areaId: string): string {
  return `/explore/${encodeURIComponent(areaId)}`
}

export function buildingPath(areaId: string, buildingId: string): string {
  return `${areaPath(areaId)}/building/${encodeURIComponent(buildingId)}`
}

function param(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v !== '' ? v : null
}

export function useDrillDown(options: UseDrillDownOptions): UseDrillDownReturn {
  const route = options.route ?? useRoute()
  const router = options.router ?? useRouter()
  const fetcher = options.fetcher ?? api

  const areaId = computed(() => param(route.params.areaId) ?? options.rootId.value)
  const buildingId = computed(() => param(route.params.buildingId))

  const { area, children, loading: areaLoading, error: areaError, retry: retryArea } = useArea({
    areaId,
    fetcher,
  })
  const {
    data: building,
    loading: buildingLoading,
    error: buildingError,
    retry: retryBuilding,
  } = useFetched(buildingId, (id: string, signal) => fetcher.building(id, signal), { clearOnNull: true })

  const level = computed(() => (buildingId.value && building.value ? 'building' : (area.value?.properties.level ?? null)))

  const crumbs = computed<Crumb[]>(() => {
    const a = area.value
    if (!a) return []
    const trail: AreaRef[] = [...(a.properties.ancestors ?? []), a.properties]
    const list: Crumb[] = trail.map((r) => ({ id: r.id, name: r.name, level: r.level, to: areaPath(r.id) }))
    const b = building.value
    if (buildingId.value && b) list.push({ id: b.properties.id, name: b.properties.name, level: 'building', to: null })
    const last = list[list.length - 1]
    if (last) last.to = null
    return list
  })

  function drillTo(id: string) {
    if (id === areaId.value && !buildingId.value) return
    void router.push(areaPath(id))
  }

  function up() {
    if (buildingId.value && areaId.value) return void router.push(areaPath(areaId.value))
    const parent = area.value?.properties.parentId
    if (parent) void router.push(areaPath(parent))
  }

  function selectBuilding(id: string, gridId?: string | null) {
    const host = gridId ?? areaId.value
    if (host && id !== buildingId.value) void router.push(buildingPath(host, id))
  }

  function retry() {
    if (areaError.value) retryArea()
    if (buildingError.value) retryBuilding()
  }

  return {
    areaId,
    buildingId,
    area,
    children,
    building,
    level,
    crumbs,
    loading: computed(() => areaLoading.value || buildingLoading.value),
    error: computed(() => areaError.value ?? buildingError.value),
    drillTo,
    up,
    selectBuilding,
    retry,
  }
}
