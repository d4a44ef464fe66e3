/**
 * "建议新增 N 个站点": the server's greedy siting for the chosen scenario and minutes. The answer is
 * dropped when either changes, since its gains were computed for the old ones.
 */
import { shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { Scenario, SuggestResponse } from '../api/types.ts'
import { useRequest } from './useRequest.ts'

type SuggestBody = Parameters<typeof api.suggest>[0]

export interface UseSuggestOptions {
  scenario: Ref<Scenario>
  minutes: Ref<number>
  fetcher?: Pick<typeof api, 'suggest'>
}

export interface UseSuggestReturn {
  /** How many sites to ask for. @default 3 */
  k: Ref<number>
  result: ShallowRef<SuggestResponse | null>
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
  const { data: result, loading, error, execute, reset } = useRequest((body: SuggestBody, signal) => fetcher.suggest(body, signal))

  function run() {
    const want = Math.min(SUGGEST_MAX_K, Math.max(1, Math.round(Number(k.value) || 1)))
    k.value = want
    void execute({ k: want, minutes: options.minutes.value, scenario: options.scenario.value })
  }

  // The gains were computed for the old scenario and minutes.
  watch([options.scenario, options.minutes], reset)

  return { k, result, loading, error, run, clear: reset }
}
