/**
 * 服务圈内外诉求对比 of one area (GET /api/circles), for the wall, the planner and the drill-down: loads
 * when the area or the window changes, refreshes every few minutes (rates over days move slowly, so
 * live events do not trigger it), and keeps the last good answer on screen through errors.
 */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { circlesApi, type CircleWindow, type CirclesAnswer, type CirclesApi } from '../api/circles.ts'
import type { ApiError } from '../api/request.ts'
import { circlesView, type CirclesView } from './circles-view.ts'
import { useRequest } from './useRequest.ts'

export interface UseCirclesOptions {
  /** The area; null: the whole district (or a scoped account's own area). */
  areaId: MaybeRefOrGetter<string | null>
  /** Nothing loads while false (e.g. an area outside the account's own). @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /** @default '30d' */
  window?: CircleWindow
  fetcher?: Pick<CirclesApi, 'get'>
  /** @default 300000 (5 minutes) */
  refreshMs?: number
  /** How many categories the view lists. @default 4 */
  topCategories?: number
}

export interface UseCirclesReturn {
  data: ShallowRef<CirclesAnswer | null>
  view: ComputedRef<CirclesView | null>
  error: ShallowRef<ApiError | null>
  loading: ShallowRef<boolean>
  window: ShallowRef<CircleWindow>
  refresh: () => Promise<void>
}

export function useCircles(options: UseCirclesOptions): UseCirclesReturn {
  const fetcher = options.fetcher ?? circlesApi
  const refreshMs = options.refreshMs ?? 300_000
  const window = shallowRef<CircleWindow>(options.window ?? '30d')
  const { data, error, loading, execute, abort, reset } = useRequest(
    (q: { area: string | null; window: CircleWindow }, signal) => fetcher.get({ window: q.window, ...(q.area ? { area: q.area } : {}) }, signal),
    { clearErrorOnStart: false },
  )
  let key: { area: string | null; window: CircleWindow } | null = null
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh() {
    if (key) await execute(key)
  }

  watch(
    () => (toValue(options.enabled ?? true) ? `${toValue(options.areaId) ?? ''}|${window.value}` : null),
    (k, old) => {
      if (timer) clearInterval(timer)
      timer = null
      if (k === null) {
        key = null
        abort()
        return
      }
      const [area, w] = k.split('|') as [string, CircleWindow]
      // Another area: its figures must not show under the old one's; another window keeps the old until the new arrives.
      if (old && old.split('|')[0] !== area) reset()
      key = { area: area || null, window: w }
      void refresh()
      timer = setInterval(() => void refresh(), refreshMs)
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    if (timer) clearInterval(timer)
  })

  const view = computed(() => (data.value ? circlesView(data.value, { topCategories: options.topCategories }) : null))
  return { data, view, error, loading, window, refresh }
}
