/**
 * Data that follows a key: whenever the key changes the request for the old key is aborted and the
 * new one made. The last data stays until the new answer arrives so maps do not blink between states.
 * A null key loads nothing and, unless `clearOnNull`, keeps the last data.
 */
import { watch, type ShallowRef, type WatchSource } from 'vue'
import type { ApiError } from '../api/request.ts'
import { useRequest } from './useRequest.ts'

export interface UseFetchedOptions {
  /** Forget the data (and error) when the key becomes null. @default false */
  clearOnNull?: boolean
}

export interface UseFetchedReturn<T> {
  data: ShallowRef<T | null>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  retry: () => void
}

export function useFetched<K, T>(
  key: WatchSource<K | null>,
  fetch: (key: K, signal: AbortSignal) => Promise<T>,
  options: UseFetchedOptions = {},
): UseFetchedReturn<T> {
  const { data, loading, error, execute, abort, reset } = useRequest(fetch)
  let lastKey: K | null = null

  function load(k: K | null) {
    lastKey = k
    if (k !== null) return void execute(k)
    if (options.clearOnNull) reset()
    else abort()
  }

  watch(key, load, { immediate: true })

  return { data, loading, error, retry: () => load(lastKey) }
}
