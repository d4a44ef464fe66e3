/**
 * Cases and service-circle coverage of the area the drill-down shows: the KPIs, the latest cases and the
 * 5/15-minute coverage; and the cases of the selected building. Follows the area (a newer area aborts
 * the older requests); the coverage answer of a level is kept, so moving between siblings asks again
 * only about cases. `refresh()` reloads the cases (after the case view closes, something may have moved).
 */
import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { CaseList, CaseStats, CaseView } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaLevel, CoverageResponse } from '../api/types.ts'
import {
  areaCaseQueries, areaCoverageFigures, buildingCaseQuery, caseFigures, type AreaTarget, type CaseFigures, type CoverageFigure,
} from './area-cases.ts'
import { useRequest } from './useRequest.ts'

export interface UseAreaCasesOptions {
  area: MaybeRefOrGetter<AreaTarget | null>
  /** The selected building, if any. */
  buildingId?: MaybeRefOrGetter<string | null>
  /** False where the area's cases are not the user's to see (outside their area): coverage only. @default true */
  withCases?: MaybeRefOrGetter<boolean>
  fetcher?: Pick<CasesApi, 'stats' | 'list'>
  coverageFetcher?: Pick<typeof api, 'coverage'>
}

export interface UseAreaCasesReturn {
  figures: ComputedRef<CaseFigures | null>
  stats: ShallowRef<CaseStats | null>
  latest: ComputedRef<CaseView[]>
  /** The area's open cases, for the map. */
  open: ComputedRef<CaseView[]>
  coverage: ComputedRef<CoverageFigure[] | null>
  buildingCases: ComputedRef<CaseView[]>
  loading: ComputedRef<boolean>
  error: ComputedRef<ApiError | null>
  /** The building's list failed (kept apart: the area's figures may still be right). */
  buildingError: ShallowRef<ApiError | null>
  coverageError: ShallowRef<ApiError | null>
  refresh: () => void
}

export function useAreaCases(options: UseAreaCasesOptions): UseAreaCasesReturn {
  const fetcher = options.fetcher ?? casesApi
  const coverageFetcher = options.coverageFetcher ?? api

  const stats = useRequest((t: AreaTarget, signal) => fetcher.stats(areaCaseQueries(t).stats, signal))
  const latest = useRequest((t: AreaTarget, signal) => fetcher.list(areaCaseQueries(t).latest, signal))
  const open = useRequest((t: AreaTarget, signal) => fetcher.list(areaCaseQueries(t).open, signal))
  const building = useRequest((id: string, signal) => fetcher.list(buildingCaseQuery(id), signal))

  // One coverage answer per level holds every area of that level.
  const byLevel = shallowRef<ReadonlyMap<AreaLevel, CoverageResponse>>(new Map())
  const coverageReq = useRequest(async (t: AreaTarget, signal) => {
    const res = await coverageFetcher.coverage(areaCaseQueries(t).coverage, signal)
    byLevel.value = new Map(byLevel.value).set(t.level, res)
    return res
  })

  const target = computed(() => toValue(options.area))
  const withCases = computed(() => toValue(options.withCases ?? true))
  const key = computed(() => (target.value ? `${target.value.level}:${target.value.id}:${withCases.value}` : null))

  function loadArea() {
    const t = target.value
    if (!t) return
    if (withCases.value) {
      void stats.execute(t)
      void latest.execute(t)
      void open.execute(t)
    }
    if (!byLevel.value.has(t.level)) void coverageReq.execute(t)
  }

  watch(key, (k, old) => {
    if (k === old) return
    stats.data.value = null
    latest.data.value = null
    open.data.value = null
    loadArea()
  }, { immediate: true })

  const buildingId = computed(() => toValue(options.buildingId ?? null))
  watch(buildingId, (id) => {
    building.data.value = null
    if (id) void building.execute(id)
    else building.abort()
  }, { immediate: true })

  const items = (l: CaseList | null) => l?.items ?? []

  return {
    figures: computed(() => caseFigures(stats.data.value)),
    stats: stats.data,
    latest: computed(() => items(latest.data.value)),
    open: computed(() => items(open.data.value)),
    coverage: computed(() => {
      const t = target.value
      return t ? areaCoverageFigures(byLevel.value.get(t.level) ?? null, t.id) : null
    }),
    buildingCases: computed(() => items(building.data.value)),
    loading: computed(() => stats.loading.value || latest.loading.value || building.loading.value),
    error: computed(() => stats.error.value ?? latest.error.value ?? open.error.value),
    buildingError: building.error,
    coverageError: coverageReq.error,
    refresh: () => {
      loadArea()
      if (buildingId.value) void building.execute(buildingId.value)
    },
  }
}
