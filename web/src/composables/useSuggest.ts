/**
 * "建议新增 N 个站点": the server's greedy siting for the chosen scenario and minutes, on the plan in hand
 * (the what-if's changes) and no nearer than the minimum distance to any of its stations. The answer is
 * dropped when the scenario or minutes change, since its gains were computed for the old ones; a change
 * to the plan keeps it, and `askedPlan` says which plan it was computed on.
 */
import { shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { Scenario, SuggestBody, SuggestResponse } from '../api/types.ts'
import { clampMinDistance, DEFAULT_MIN_DISTANCE_M, DEFAULT_SITE_OPTIONS, EMPTY_PLAN, suggestBody, type SiteOptions, type SuggestPlan } from '../model/suggest-plan.ts'
import { useRequest } from './useRequest.ts'

export interface UseSuggestOptions {
  scenario: Ref<Scenario>
  minutes: Ref<number>
  /** The plan in hand when "开始计算" is pressed. @default no changes */
  plan?: () => SuggestPlan
  fetcher?: Pick<typeof api, 'suggest'>
}

export interface UseSuggestReturn {
  /** How many sites to ask for. @default 3 */
  k: Ref<number>
  /** No site within this many metres (straight line) of a station, existing or hypothetical. @default 300 */
  minDistanceM: Ref<number>
  /** Kinds of place, outline, budget and weights (DEFAULT_SITE_OPTIONS). */
  options: Ref<SiteOptions>
  result: ShallowRef<SuggestResponse | null>
  /** The plan the shown answer was computed on; null without an answer. */
  askedPlan: ShallowRef<SuggestPlan | null>
  loading: Ref<boolean>
  error: ShallowRef<ApiError | null>
  run: () => void
  clear: () => void
}

/** The server accepts 1..50. */
export const SUGGEST_MAX_K = 50

export function useSuggest(options: UseSuggestOptions): UseSuggestReturn {
  const fetcher = options.fetcher ?? api
  const k = shallowRef(3)
  const minDistanceM = shallowRef(DEFAULT_MIN_DISTANCE_M)
  const siteOptions = shallowRef<SiteOptions>(DEFAULT_SITE_OPTIONS)
  const askedPlan = shallowRef<SuggestPlan | null>(null)
  const { data: result, loading, error, execute, reset } = useRequest((body: SuggestBody, signal) => fetcher.suggest(body, signal))
  // A newer run aborts the older one, so the answer shown is always the latest run's.
  let latest: SuggestPlan = EMPTY_PLAN

  function run() {
    const want = Math.min(SUGGEST_MAX_K, Math.max(1, Math.round(Number(k.value) || 1)))
    k.value = want
    minDistanceM.value = clampMinDistance(minDistanceM.value)
    latest = options.plan?.() ?? EMPTY_PLAN
    void execute({ ...suggestBody(want, siteOptions.value), minutes: options.minutes.value, scenario: options.scenario.value, ...latest, minDistanceM: minDistanceM.value })
  }

  watch(result, (r) => (askedPlan.value = r ? latest : null), { flush: 'sync' })
  // The gains were computed for the old scenario and minutes.
  watch([options.scenario, options.minutes], reset)

  return { k, minDistanceM, options: siteOptions, result, askedPlan, loading, error, run, clear: reset }
}
