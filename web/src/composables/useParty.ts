/**
 * 组织进楼 in the drill-down: the org tree of the area shown, the 党员中心户 buildings for the map layer
 * (only when the layer is on and the area is a community or a grid), the cases near 中心户 in the area,
 * and those near the selected building. Each source follows its inputs and keeps its last good answer
 * while the next loads; answers to an older area never land (useRequest).
 */
import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { partyApi, type CasesNearBuilding, type CasesNearHouseholds, type HouseholdBuildingCollection, type PartyApi, type PartyOrgTree } from '../api/party.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaLevel } from '../api/types.ts'
import { useRequest } from './useRequest.ts'

/** Levels at which the 中心户 layer is drawn: from a community down, where single buildings read. */
export const HOUSEHOLD_LAYER_LEVELS: readonly AreaLevel[] = ['community', 'grid']

export interface UsePartyOptions {
  area: MaybeRefOrGetter<{ id: string; level: AreaLevel } | null>
  /** False outside the user's scope: nothing is asked (the server would refuse). @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /** The building whose nearby cases are wanted, or null. */
  buildingId?: MaybeRefOrGetter<string | null>
  fetcher?: Pick<PartyApi, 'orgs' | 'households' | 'casesNear' | 'buildingCasesNear'>
}

export interface UsePartyReturn {
  tree: ShallowRef<PartyOrgTree | null>
  treeError: ShallowRef<ApiError | null>
  treeLoading: ShallowRef<boolean>
  /** The layer's switch, on by default. */
  layerOn: ShallowRef<boolean>
  /** Whether the current level draws the layer at all. */
  layerLevel: ComputedRef<boolean>
  /** The layer's data for the area shown, null while off, at another level, or loading another area. */
  households: ComputedRef<HouseholdBuildingCollection | null>
  householdsError: ShallowRef<ApiError | null>
  near: ShallowRef<CasesNearHouseholds | null>
  nearError: ShallowRef<ApiError | null>
  nearLoading: ShallowRef<boolean>
  buildingNear: ShallowRef<CasesNearBuilding | null>
  buildingNearError: ShallowRef<ApiError | null>
  refresh: () => void
}

export function useParty(options: UsePartyOptions): UsePartyReturn {
  const fetcher = options.fetcher ?? partyApi
  const area = () => toValue(options.area)
  const enabled = () => toValue(options.enabled) ?? true
  const buildingId = () => toValue(options.buildingId) ?? null

  const treeReq = useRequest((id: string, signal) => fetcher.orgs({ area: id }, signal))
  const householdsReq = useRequest((id: string, signal) => fetcher.households({ area: id }, signal))
  const nearReq = useRequest((id: string, signal) => fetcher.casesNear({ area: id }, signal))
  const buildingReq = useRequest((id: string, signal) => fetcher.buildingCasesNear(id, {}, signal))

  const layerOn = shallowRef(true)
  const layerLevel = computed(() => {
    const a = area()
    return a !== null && HOUSEHOLD_LAYER_LEVELS.includes(a.level)
  })

  const areaKey = () => (enabled() ? (area()?.id ?? null) : null)
  function loadArea(id: string | null) {
    if (id === null) {
      treeReq.reset()
      nearReq.reset()
      return
    }
    void treeReq.execute(id)
    void nearReq.execute(id)
  }
  watch(areaKey, loadArea, { immediate: true })

  const layerKey = () => (areaKey() !== null && layerOn.value && layerLevel.value ? areaKey() : null)
  watch(
    layerKey,
    (id) => {
      if (id === null) householdsReq.abort()
      else if (householdsReq.data.value?.area.id !== id) void householdsReq.execute(id)
    },
    { immediate: true },
  )
  // The layer of another area must not stay on the map while this one loads.
  const households = computed(() => {
    const d = householdsReq.data.value
    return d && layerKey() !== null && d.area.id === layerKey() ? d : null
  })

  const buildingKey = () => (enabled() ? buildingId() : null)
  watch(
    buildingKey,
    (id) => {
      if (id === null) buildingReq.reset()
      else void buildingReq.execute(id)
    },
    { immediate: true },
  )

  function refresh() {
    loadArea(areaKey())
    const id = layerKey()
    if (id !== null) void householdsReq.execute(id)
    const b = buildingKey()
    if (b !== null) void buildingReq.execute(b)
  }

  return {
    tree: treeReq.data,
    treeError: treeReq.error,
    treeLoading: treeReq.loading,
    layerOn,
    layerLevel,
    households,
    householdsError: householdsReq.error,
    near: nearReq.data,
    nearError: nearReq.error,
    nearLoading: nearReq.loading,
    buildingNear: buildingReq.data,
    buildingNearError: buildingReq.error,
    refresh,
  }
}
