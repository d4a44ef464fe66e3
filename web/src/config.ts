/**
 * Build-time settings. The only module that reads import.meta.env; everything district-specific
 * (bbox, centre, basemap style) comes from GET /api/config at run time instead.
 */
const env = import.meta.env

function origin(): string {
  const base = env.VITE_API_BASE?.replace(/\/+$/, '')
  if (base) return base
  return typeof window === 'undefined' ? '' : window.location.origin
}

export const config = {
  /** Absolute origin of the API; maplibre's workers need absolute tile URLs. */
  apiOrigin: origin(),
  /** Expose window.__map and window.__explore for end-to-end tests. @default true */
  testHooks: env.VITE_TEST_HOOKS !== 'false',
  /** Wait after the map stops moving before asking for buildings in view. @default 250 */
  buildingsDebounceMs: 250,
  /** Below this zoom a viewport holds too many buildings to send (the server rejects huge boxes). @default 14 */
  buildingsMinZoom: 14,
  isDev: env.DEV,
} as const
