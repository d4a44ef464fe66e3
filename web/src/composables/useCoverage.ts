/**
 * Service-circle coverage of the chosen scenario for every area (district, streets, communities,
 * grids), and the district's figures under every scenario so the selector can compare them. Both
 * minute values are always asked for: switching 5 ↔ 15 is instant and needs no request.
 */
import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import { ApiError, isAbort } from '../api/request.ts'
import type { AreaCoverage, CoverageResponse, Scenario, StationStatus } from '../api/types.ts'
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
  loading: Ref<boolean>
  error: ShallowRef<ApiError | null>
  retry: () => void
}

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('network', String(err)))

export function useCoverage(options: UseCoverageOptions): UseCoverageReturn {
  const fetcher = options.fetcher ?? api
  const coverage = shallowRef<CoverageResponse | null>(null)
  const byScenario = shallowRef<ReadonlyMap<Scenario, AreaCoverage>>(new Map())
  const loading = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  const minutes = [...COVERAGE_MINUTES]
  let abort: AbortController | null = null
  let summaryAbort: AbortController | null = null

  async function load(scenario: Scenario) {
    abort?.abort()
    const ctl = (abort = new AbortController())
    loading.value = true
    error.value = null
    try {
      const res = await fetcher.coverage({ minutes, scenario }, ctl.signal)
      if (ctl.signal.aborted) return
      coverage.value = res
      const district = res.areas.find((a) => a.level === 'district')
      if (district) byScenario.value = new Map(byScenario.value).set(scenario, district)
    } catch (err) {
      if (!isAbort(err)) error.value = asApiError(err)
    } finally {
      if (abort === ctl) loading.value = false
    }
  }

  async function loadSummary() {
    summaryAbort?.abort()
    const ctl = (summaryAbort = new AbortController())
    try {
      const answers = await Promise.all(
        SCENARIOS.map((scenario) => fetcher.coverage({ minutes, scenario, level: 'district' }, ctl.signal)),
      )
      if (ctl.signal.aborted) return
      const next = new Map<Scenario, AreaCoverage>()
      answers.forEach((res, i) => {
        const district = res.areas.find((a) => a.level === 'district')
        if (district) next.set(SCENARIOS[i]!, district)
      })
      byScenario.value = next
    } catch (err) {
      if (!isAbort(err)) error.value = asApiError(err)
    }
  }

  watch(options.scenario, load, { immediate: true })
  void loadSummary()
  onScopeDispose(() => {
    abort?.abort()
    summaryAbort?.abort()
  })

  return {
    coverage,
    byScenario,
    loading,
    error,
    retry: () => {
      void load(options.scenario.value)
      if (byScenario.value.size < SCENARIOS.length) void loadSummary()
    },
  }
}
