/**
 * "建议新增 N 个站点": the server's greedy siting for the chosen scenario and minutes. The answer is
 * dropped when either changes, since its gains were computed for the old ones.
 */
import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import { ApiError, isAbort } from '../api/request.ts'
import type { Scenario, SuggestResponse } from '../api/types.ts'

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
  const result = shallowRef<SuggestResponse | null>(null)
  const loading = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  let abort: AbortController | null = null

  async function run() {
    abort?.abort()
    const ctl = (abort = new AbortController())
    const want = Math.min(SUGGEST_MAX_K, Math.max(1, Math.round(Number(k.value) || 1)))
    k.value = want
    loading.value = true
    error.value = null
    try {
      const res = await fetcher.suggest({ k: want, minutes: options.minutes.value, scenario: options.scenario.value }, ctl.signal)
      if (!ctl.signal.aborted) result.value = res
    } catch (err) {
      if (!isAbort(err)) error.value = err instanceof ApiError ? err : new ApiError('network', String(err))
    } finally {
      if (abort === ctl) loading.value = false
    }
  }

  function clear() {
    abort?.abort()
    loading.value = false
    result.value = null
    error.value = null
  }

  watch([options.scenario, options.minutes], clear)
  onScopeDispose(() => abort?.abort())

  return { k, result, loading, error, run: () => void run(), clear }
}
