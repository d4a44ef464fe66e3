/**
 * Service-circle coverage of the chosen scenario for every area (district, streets, communities,
 * grids), and the district's figures under every scenario so the selector can compare them. Both
 * minute values are always asked for: switching 5 ↔ 15 is instant and needs no request.
 */
import { computed, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaCoverage, CoverageResponse, Scenario, StationStatus } from '../api/types.ts'
import { useFetched } from './useFetched.ts'
import { useRequest } from './useRequest.ts'
import { SCENARIO_STATUSES as STATUSES_BY_SCENARIO, SCENARIOS } from '../../../server/domain/vocabulary/index.ts'

export const COVERAGE_MINUTES = [5, 15] as const
export type CoverageMinutes = (typeof COVERAGE_MINUTES)[number]
export { SCENARIOS }

/** Station statuses counted in each scenario (the server's list, as sets for quick lookups). */
export const SCENARIO_STATUSES: Record<Scenario, ReadonlySet<StationStatus>> = Object.assign(
  {} as Record<Scenario, ReadonlySet<StationStatus>>,
  ...SCENARIOS.map((s) => ({ [s]: new Set(STATUSES_BY_SCENARIO[s]) })),
)

export interface UseCoverageOptions {
  scenario: Ref<Scenario>
  fetcher?: Pick<typeof api, 'coverage'>
}

export interface UseCoverageReturn {
  /** Every area of the chosen scenario; kept while the next scenario loads so the map does not blank. */
  coverage: ShallowRef<CoverageResponse | null>
  /** The district row under each scenario. */
  byScenario: ShallowRef<ReadonlyMap<Scenario, AreaCoverage>>
  loading: ShallowRef<boolean>
  error: ComputedRef<ApiError | null>
  retry: () => void
}

const districtOf = (res: CoverageResponse) => res.areas.find((a) => a.level === 'district')

export function useCoverage(options: UseCoverageOptions): UseCoverageReturn {
  const fetcher = options.fetcher ?? api
  const minutes = [...COVERAGE_MINUTES]
  const byScenario = shallowRef<ReadonlyMap<Scenario, AreaCoverage>>(new Map())

  const chosen = useFetched(options.scenario, async (scenario: Scenario, signal) => {
    const res = await fetcher.coverage({ minutes, scenario }, signal)
    const district = districtOf(res)
    if (district && !signal.aborted) byScenario.value = new Map(byScenario.value).set(scenario, district)
    return res
  })

  const summary = useRequest(async (_: void, signal) => {
    const answers = await Promise.all(
      SCENARIOS.map((scenario) => fetcher.coverage({ minutes, scenario, level: 'district' }, signal)),
    )
    const next = new Map<Scenario, AreaCoverage>()
    answers.forEach((res, i) => {
      const district = districtOf(res)
      if (district) next.set(SCENARIOS[i]!, district)
    })
    if (!signal.aborted) byScenario.value = next
    return next
  })
  void summary.execute()

  return {
    coverage: chosen.data,
    byScenario,
    loading: chosen.loading,
    error: computed(() => chosen.error.value ?? summary.error.value),
    retry: () => {
      chosen.retry()
      if (byScenario.value.size < SCENARIOS.length) void summary.execute()
    },
  }
}
