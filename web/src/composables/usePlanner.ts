/**
 * The planner's choices (scenario, minutes, choropleth level) and everything that follows from them:
 * the scenario's coverage and map data, the what-if being tried out with its suggestions, and the
 * figures the panel and the map show. PlannerView draws it; the toggles of what the map shows stay
 * in the view.
 */
import { computed, shallowRef } from 'vue'
import type { api } from '../api/http.ts'
import type { Scenario } from '../api/types.ts'
import type { HeadlineRow } from '../model/planner.ts'
import { areaShares, districtOf, gapBuildings, headlineRows, worstGrids } from './coverage-summary.ts'
import { COVERAGE_MINUTES, type CoverageMinutes, useCoverage } from './useCoverage.ts'
import { type ChoroplethLevel, useCoverageMap } from './useCoverageMap.ts'
import { useErrorList } from './useErrorList.ts'
import { useScenarioStations } from './useScenarioStations.ts'
import { useSelectedStation } from './useSelectedStation.ts'
import { useStations } from './useStations.ts'
import { useSuggest } from './useSuggest.ts'
import { useWhatIf } from './useWhatIf.ts'
import { useWhatIfScene } from './useWhatIfScene.ts'

/** The routes the planner calls; tests pass a fake. */
export type PlannerApi = Pick<typeof api, 'stations' | 'coverage' | 'isochrones' | 'gaps' | 'areas' | 'whatIf' | 'suggest'>

export interface UsePlannerOptions {
  /** @default the real API (api/http.ts) */
  fetcher?: PlannerApi
}

export function usePlanner(options: UsePlannerOptions = {}) {
  const { fetcher } = options
  const scenario = shallowRef<Scenario>('current')
  const minutes = shallowRef<CoverageMinutes>(15)
  const choropleth = shallowRef<ChoroplethLevel>('grid')

  const stations = useStations({ areaId: shallowRef(null), fetcher })
  const coverage = useCoverage({ scenario, fetcher })
  const overlays = useCoverageMap({ scenario, minutes, choropleth, fetcher })
  const scenarioStations = useScenarioStations(stations.all, scenario)
  const whatIf = useWhatIf({ scenario, stationIds: scenarioStations.ids, fetcher })
  const suggest = useSuggest({ scenario, minutes, fetcher })
  const scene = useWhatIfScene({
    whatIf,
    inScenario: scenarioStations.inScenario,
    byId: scenarioStations.byId,
    suggestion: suggest.result,
  })
  const selected = useSelectedStation(whatIf, scenarioStations.byId)

  /** The answer the numbers and the map show: the what-if's once there is one, else the scenario's. */
  const shown = computed(() => (whatIf.active.value && whatIf.result.value) || coverage.coverage.value)
  const district = computed(() => districtOf(shown.value))
  const baseDistrict = computed(() => districtOf(coverage.coverage.value))

  const headline = computed<HeadlineRow[]>(() =>
    headlineRows(district.value, whatIf.active.value ? (whatIf.result.value?.delta ?? {}) : null, COVERAGE_MINUTES),
  )
  const shares = computed(() => areaShares(shown.value, choropleth.value === 'community' ? 'community' : 'grid', minutes.value))
  const worst = computed(() => worstGrids(shown.value, minutes.value))

  /** Residential buildings outside the circle (the gap layer draws the most populous of them). */
  const gapCount = computed(() => gapBuildings(baseDistrict.value, minutes.value))

  /** The what-if's answer at the chosen minutes: buildings it newly covers and those it leaves uncovered. */
  const changed = computed(() => (whatIf.active.value ? whatIf.result.value?.changed?.[String(minutes.value)] : undefined))
  /** Gap buildings the what-if covers: the map shows them closing while a marker is dragged. */
  const closedGaps = computed<ReadonlySet<string>>(() => new Set(changed.value?.covered.map((b) => b.id)))
  /** Buildings covered today that the what-if (a removal or a move) leaves outside the circle. */
  const openedGaps = computed(() => changed.value?.uncovered ?? [])

  const busy = computed(() => coverage.loading.value || overlays.loading.value || whatIf.pending.value || suggest.loading.value)

  const errors = useErrorList([
    { label: '覆盖统计', error: () => coverage.error.value, retry: coverage.retry },
    { label: '等时圈', error: () => overlays.isochrones.error.value, retry: overlays.isochrones.retry },
    { label: '覆盖缺口', error: () => overlays.gaps.error.value, retry: overlays.gaps.retry },
    {
      label: '区域边界',
      error: () => overlays.grids.error.value ?? overlays.communities.error.value,
      retry() {
        if (overlays.grids.error.value) overlays.grids.retry()
        if (overlays.communities.error.value) overlays.communities.retry()
      },
    },
    { label: '服务阵地', error: () => stations.error.value, retry: stations.retry },
    { label: '假设推演', error: () => whatIf.error.value, retry: whatIf.retry },
    { label: '智能选址', error: () => suggest.error.value, retry: suggest.run },
  ])

  return {
    scenario,
    minutes,
    choropleth,
    coverage,
    overlays,
    scenarioStations,
    whatIf,
    suggest,
    scene,
    selected,
    shown,
    baseDistrict,
    headline,
    shares,
    worst,
    gapCount,
    closedGaps,
    openedGaps,
    busy,
    errors,
  }
}
