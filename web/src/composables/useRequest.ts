/**
 * The one way a composable makes a request: `execute(arg)` aborts the request in flight and starts a
 * new one; `loading`, `error` and `data` follow the latest request only, so a slow answer to an old
 * question can never overwrite a newer one (checked by identity, not by trusting the fetcher to honour
 * the signal). Aborted requests end silently. The request in flight is aborted when the scope ends.
 */
import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue'
import { isAbort, toApiError, type ApiError } from '../api/request.ts'

export interface UseRequestOptions {
  /**
   * Clear `error` when a request starts. False keeps the last failure shown until a request succeeds
   * (for sources that retry on their own and should not make the banner blink).
   * @default true
   */
  clearErrorOnStart?: boolean
}

export interface UseRequestReturn<A, T> {
  /** The last good answer; kept while the next request runs so maps do not blink. */
  data: ShallowRef<T | null>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  /** Aborts the request in flight and makes a new one; resolves with the answer, or undefined when it failed or was superseded. */
  execute: (arg: A) => Promise<T | undefined>
  /** Aborts the request in flight; data and error stay. */
  abort: () => void
  /** Aborts and forgets data and error. */
  reset: () => void
}

export function useRequest<A, T>(
  request: (arg: A, signal: AbortSignal) => Promise<T>,
  options: UseRequestOptions = {},
): UseRequestReturn<A, T> {
  const clearErrorOnStart = options.clearErrorOnStart ?? true
  const data = shallowRef<T | null>(null) as ShallowRef<T | null>
  const loading = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  let current: AbortController | null = null

  async function execute(arg: A): Promise<T | undefined> {
    current?.abort()
    const ctl = (current = new AbortController())
    loading.value = true
    if (clearErrorOnStart) error.value = null
    try {
      const res = await request(arg, ctl.signal)
      if (current !== ctl) return undefined
      data.value = res
      error.value = null
      return res
    } catch (err) {
      if (current === ctl && !isAbort(err)) error.value = toApiError(err)
      return undefined
    } finally {
      if (current === ctl) {
        current = null
        loading.value = false
      }
    }
  }

  function abort() {
    current?.abort()
    current = null
    loading.value = false
  }

  function reset() {
    abort()
    data.value = null
    error.value = null
  }

  if (getCurrentScope()) onScopeDispose(abort)

  return { data, loading, error, execute, abort, reset }
}
