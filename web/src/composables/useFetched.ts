/**
 * Data that follows a key: whenever the key changes the request for the old key is aborted and the
 * new one made. The last data stays until the new answer arrives so maps do not blink between states.
 * A null key clears nothing and loads nothing.
 */
import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue'
import { ApiError, isAbort } from '../api/request.ts'

export interface UseFetchedReturn<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: ShallowRef<ApiError | null>
  retry: () => void
}

export function useFetched<K, T>(
  key: WatchSource<K | null>,
  fetch: (key: K, signal: AbortSignal) => Promise<T>,
): UseFetchedReturn<T> {
  const data = shallowRef<T | null>(null)
  const loading = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  let abort: AbortController | null = null
  let lastKey: K | null = null

  async function load(k: K | null) {
    abort?.abort()
    lastKey = k
    if (k === null) {
      loading.value = false
      return
    }
    const ctl = (abort = new AbortController())
    loading.value = true
    error.value = null
    try {
      const res = await fetch(k, ctl.signal)
      if (!ctl.signal.aborted) data.value = res
    } catch (err) {
      if (!isAbort(err)) error.value = err instanceof ApiError ? err : new ApiError('network', String(err))
    } finally {
      if (abort === ctl) loading.value = false
    }
  }

  watch(key, load, { immediate: true })
  onScopeDispose(() => abort?.abort())

  return { data, loading, error: error as ShallowRef<ApiError | null>, retry: () => void load(lastKey) }
}

