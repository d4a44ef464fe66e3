/**
 * What the planner map draws besides coverage numbers: the scenario's walking circles, the gap
 * buildings for the chosen minutes, and the area outlines the choropleth colours (grids always, for
 * the worst-grid list; communities only while that level is chosen).
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import { api } from '../api/http.ts'
import type { AreaCollection, Scenario } from '../api/types.ts'
import { useFetched, type UseFetchedReturn } from './useFetched.ts'
import { COVERAGE_MINUTES, type CoverageMinutes } from './useCoverage.ts'

export type ChoroplethLevel = 'grid' | 'community' | 'none'

export interface UseCoverageMapOptions {
  scenario: Ref<Scenario>
  minutes: Ref<CoverageMinutes>
  choropleth: Ref<ChoroplethLevel>
  fetcher?: Pick<typeof api, 'isochrones' | 'gaps' | 'areas'>
}

export interface UseCoverageMapReturn {
  isochrones: UseFetchedReturn<Awaited<ReturnType<typeof api.isochrones>>>
  gaps: UseFetchedReturn<Awaited<ReturnType<typeof api.gaps>>>
  grids: UseFetchedReturn<AreaCollection>
  communities: UseFetchedReturn<AreaCollection>
  /** The outlines of the chosen choropleth level; null for none (or while they load). */
  shapes: ComputedRef<AreaCollection | null>
  loading: ComputedRef<boolean>
}

export function useCoverageMap(options: UseCoverageMapOptions): UseCoverageMapReturn {
  const { scenario, minutes, choropleth } = options
  const fetcher = options.fetcher ?? api
  const isochrones = useFetched(
    () => scenario.value,
    (s, signal) => fetcher.isochrones({ minutes: [...COVERAGE_MINUTES], scenario: s }, signal),
  )
  const gaps = useFetched(
    () => ({ scenario: scenario.value, minutes: minutes.value }),
    (q, signal) => fetcher.gaps(q, signal),
  )
  const grids = useFetched(
    () => 'grid' as const,
    (level, signal) => fetcher.areas({ level }, signal),
  )
  const communities = useFetched(
    () => (choropleth.value === 'community' ? ('community' as const) : null),
    (level, signal) => fetcher.areas({ level }, signal),
  )
  const shapes = computed(() =>
    choropleth.value === 'community' ? communities.data.value : choropleth.value === 'grid' ? grids.data.value : null,
  )
  const loading = computed(() => isochrones.loading.value || gaps.loading.value || grids.loading.value || communities.loading.value)
  return { isochrones, gaps, grids, communities, shapes, loading }
}
