/**
 * The planner's choices (scenario, minutes, choropleth level) and everything that follows from them:
 * the scenario's coverage and map data, the what-if being tried out with its suggestions, and the
 * figures the panel and the map show. PlannerView draws it; the toggles of what the map shows stay
 * in the view.
 */
import { computed, shallowRef, watch } from 'vue'
import type { api } from '../api/http.ts'
import type { LngLat, Scenario } from '../api/types.ts'
import type { HeadlineRow } from '../model/planner.ts'
import { planKey, planOf } from '../model/suggest-plan.ts'
import { areaShares, districtOf, gapBuildings, headlineRows, worstGrids } from './coverage-summary.ts'
import { COVERAGE_MINUTES, type CoverageMinutes, useCoverage } from './useCoverage.ts'
import { type ChoroplethLevel, useCoverageMap } from './useCoverageMap.ts'
import { useErrorList } from './useErrorList.ts'
import { usePlaceNames } from './usePlaceNames.ts'
import { useScenarioStations } from './useScenarioStations.ts'
import { useSelectedStation } from './useSelectedStation.ts'
import { useStations } from './useStations.ts'
import { useSuggest } from './useSuggest.ts'
import { useWhatIf } from './useWhatIf.ts'
import { useWhatIfScene } from './useWhatIfScene.ts'

/** The routes the planner calls; tests pass a fake. */
export type PlannerApi = Pick<typeof api, 'stations' | 'coverage' | 'isochrones' | 'gaps' | 'areas' | 'whatIf' | 'suggest'> &
  Partial<Pick<typeof api, 'describePlaces'>>

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
  const suggest = useSuggest({ scenario, minutes, fetcher, plan: () => planOf(whatIf.added.value, whatIf.moved.value, whatIf.removed.value) })
  // A fake API without describePlaces means no names (the coordinates are shown).
  const places = usePlaceNames(fetcher ? (fetcher.describePlaces ? { describePlaces: fetcher.describePlaces } : null) : undefined)
  const scene = useWhatIfScene({
    whatIf,
    inScenario: scenarioStations.inScenario,
    byId: scenarioStations.byId,
    suggestion: suggest.result,
    placeOf: places.labelOf,
  })
  /** Where the plan's stations stand (added, moved) or stood (removed). */
  const planPoints = (): LngLat[] => [
    ...whatIf.added.value.map((h) => h.lngLat),
    ...whatIf.moved.value.values(),
    ...[...whatIf.removed.value].flatMap((id) => {
      const f = scenarioStations.byId.value.get(id)
      return f ? [f.geometry.coordinates as LngLat] : []
    }),
  ]
  // One batch of names per answer: the sites of a suggestion, the added and moved stations of a what-if.
  watch(suggest.result, (r) => {
    if (r?.sites.length) void places.describe(r.sites.map((s) => [s.lng, s.lat]))
  })
  // While a marker is dragged answers come several a second: name where it settles, not every stop on the way.
  watch([whatIf.result, whatIf.pending], ([r, pending]) => {
    if (r && !pending) void places.describe(planPoints())
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

  /**
   * The plan in hand without the sites adopted (and left where suggested) from the suggestion: equal to
   * the plan the suggestion was asked on unless the plan changed otherwise since.
   */
  const planBasis = () => {
    const inPlace = scene.adoptedInPlace.value
    return planKey(planOf(whatIf.added.value.filter((h) => !inPlace.has(h.key)), whatIf.moved.value, whatIf.removed.value))
  }

  /**
   * "全部采纳": from the headline's figure for the suggestion's minutes (the plan in hand, adopted sites
   * included) to that plus the gains of the sites not yet adopted. The server sites on the plan it is
   * sent, so while the plan is the one asked on (adopted sites aside) each adoption raises the headline by
   * exactly its gain; `stale` once the plan changed otherwise since (the gains no longer count it).
   */
  const adoptAll = computed(() => {
    const r = suggest.result.value
    const asked = suggest.askedPlan.value
    if (!r || !asked) return null
    const m = r.minutes ?? minutes.value
    const row = headline.value.find((h) => h.minutes === m)
    if (!row) return null
    const left = scene.suggested.value.filter((s) => !scene.adopted.value.has(s.rank))
    const stale = planBasis() !== planKey(asked)
    return { minutes: m, before: row.covered, after: row.covered + left.reduce((n, s) => n + s.gain, 0), left: left.length, stale }
  })

  /** The coverage curve of the suggestion: residents covered on its plan, then after 1 … k sites. */
  const suggestCurve = computed(() => {
    const r = suggest.result.value
    return r?.curve?.length && r.coveredBefore !== undefined ? { minutes: r.minutes ?? minutes.value, before: r.coveredBefore, curve: r.curve } : null
  })

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
    places,
    /** Waits for the names of the plan's stations and the suggested sites (for a file or the report). */
    namesReady: () => places.describe([...planPoints(), ...scene.suggested.value.map((s): LngLat => [s.lng, s.lat])]),
    shown,
    baseDistrict,
    headline,
    adoptAll,
    suggestCurve,
    shares,
    worst,
    gapCount,
    closedGaps,
    openedGaps,
    busy,
    errors,
  }
}
