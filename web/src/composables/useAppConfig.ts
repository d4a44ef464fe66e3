/**
 * The district settings from GET /api/config, fetched once per page and shared by every view:
 * the root area id, the initial bounds and the basemap style all come from here.
 */
import { shallowRef, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import { toApiError, type ApiError } from '../api/request.ts'
import type { AppConfig } from '../api/types.ts'

export interface UseAppConfigReturn {
  config: ShallowRef<AppConfig | null>
  error: ShallowRef<ApiError | null>
  /** Try again after a failure; a no-op while a request is in flight or after success. */
  retry: () => void
}

const config = shallowRef<AppConfig | null>(null)
const error = shallowRef<ApiError | null>(null)
let pending: Promise<void> | null = null

function load(fetchConfig: typeof api.config): void {
  if (pending || config.value) return
  error.value = null
  pending = fetchConfig()
    .then((c) => {
      config.value = c
    })
    .catch((err: unknown) => {
      error.value = toApiError(err)
    })
    .finally(() => {
      pending = null
    })
}

export function useAppConfig(options: { fetchConfig?: typeof api.config } = {}): UseAppConfigReturn {
  const fetchConfig = options.fetchConfig ?? api.config
  load(fetchConfig)
  return { config, error, retry: () => load(fetchConfig) }
}
