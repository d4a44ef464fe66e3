/**
 * The workbench's queue: the page of cases the filters select, the tab counts, the selected row, and
 * live updates. Anyone's action on a case in the user's scope arrives as a `case-event` on the socket;
 * events are coalesced (the first one starts a short timer, later ones join it, so a busy district
 * cannot starve the refresh) and then the page and the counts are fetched again, with the cases those
 * events touched marked for a few seconds.
 */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseList, CaseQueueCounts, CaseView } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import { connectLive, type IoFactory, type LiveConnection } from '../api/live.ts'
import type { ApiError } from '../api/request.ts'
import { keepSelection } from './queue-keys.ts'
import { useRequest } from './useRequest.ts'
import { defaultFilters, queueQuery, withFilter, type QueueFilters } from './workbench-query.ts'

export interface UseCaseQueueOptions {
  /** The user's own area (null: the whole district, or a department's cases); the live feed and counts follow it. */
  scopeArea: MaybeRefOrGetter<string | null>
  /** Nothing loads or connects while false (e.g. until the session is known). @default true */
  enabled?: MaybeRefOrGetter<boolean>
  fetcher?: Pick<CasesApi, 'list' | 'queue'>
  /** Makes the socket; socket.io-client by default, a fake in tests. */
  io?: IoFactory
  /** Events within this long of the first one share one refresh. @default 500 */
  debounceMs?: number
  /** How long a changed row stays marked. @default 8000 */
  markMs?: number
  initial?: Partial<QueueFilters>
}

export interface UseCaseQueueReturn {
  filters: ShallowRef<QueueFilters>
  /** Change filters; anything but `page` returns to the first page. */
  setFilter: (change: Partial<QueueFilters>) => void
  items: ComputedRef<readonly CaseView[]>
  total: ComputedRef<number>
  counts: ShallowRef<CaseQueueCounts | null>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  countsError: ShallowRef<ApiError | null>
  selectedIndex: ShallowRef<number | null>
  selected: ComputedRef<CaseView | null>
  /** Cases changed by someone else since the last refresh, for a short while. */
  changed: ShallowRef<ReadonlySet<number>>
  /** True while the socket is connected. */
  live: ShallowRef<boolean>
  /** Fetch the page and the counts again now. */
  refresh: () => Promise<void>
}

export function useCaseQueue(options: UseCaseQueueOptions): UseCaseQueueReturn {
  const fetcher = options.fetcher ?? casesApi
  const debounceMs = options.debounceMs ?? 500
  const markMs = options.markMs ?? 8000
  const enabled = () => toValue(options.enabled ?? true)
  const scopeArea = () => toValue(options.scopeArea)

  const filters = shallowRef<QueueFilters>({ ...defaultFilters(), ...options.initial })
  const page = useRequest((q: ReturnType<typeof queueQuery>, signal) => fetcher.list(q, signal) as Promise<CaseList>)
  const queue = useRequest((area: string | null, signal) => fetcher.queue(area ? { area } : {}, signal), { clearErrorOnStart: false })
  const selectedIndex = shallowRef<number | null>(null)
  const changed = shallowRef<ReadonlySet<number>>(new Set())
  const live = shallowRef(false)

  const items = computed<readonly CaseView[]>(() => page.data.value?.items ?? [])
  const total = computed(() => page.data.value?.total ?? 0)
  const selected = computed(() => (selectedIndex.value === null ? null : (items.value[selectedIndex.value] ?? null)))

  async function loadPage() {
    const before = selected.value?.id ?? null
    const res = await page.execute(queueQuery(filters.value, scopeArea()))
    if (res) selectedIndex.value = keepSelection(before, selectedIndex.value, res.items.map((c) => c.id))
  }
  const countsArea = () => filters.value.area || scopeArea()
  const loadCounts = () => queue.execute(countsArea()).then(() => undefined)

  async function refresh() {
    if (!enabled()) return
    await Promise.all([loadPage(), loadCounts()])
  }

  function setFilter(change: Partial<QueueFilters>) {
    // Another tab is another list: the selection starts again at its top.
    if (change.tab !== undefined && change.tab !== filters.value.tab) selectedIndex.value = null
    filters.value = withFilter(filters.value, change)
  }

  // Keyed by the request itself: a change that leaves the query as it was fetches nothing.
  watch(
    () => (enabled() ? JSON.stringify(queueQuery(filters.value, scopeArea())) : null),
    (key) => {
      if (key !== null) void loadPage()
    },
    { immediate: true },
  )
  watch(
    () => (enabled() ? `area:${countsArea() ?? ''}` : null),
    (key) => {
      if (key !== null) void loadCounts()
    },
    { immediate: true },
  )

  // ---- live ----
  let conn: LiveConnection | null = null
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let markTimer: ReturnType<typeof setTimeout> | null = null
  let touched = new Set<number>()
  let caughtUpOnce = false

  function scheduleRefresh() {
    refreshTimer ??= setTimeout(async () => {
      refreshTimer = null
      const ids = touched
      touched = new Set()
      await refresh()
      if (!ids.size) return
      changed.value = new Set([...changed.value, ...ids])
      if (markTimer) clearTimeout(markTimer)
      markTimer = setTimeout(() => {
        markTimer = null
        changed.value = new Set()
      }, markMs)
    }, debounceMs)
  }

  function connect() {
    conn?.close()
    caughtUpOnce = false
    const area = scopeArea()
    conn = connectLive({
      io: options.io,
      auth: () => (area ? { areaId: area } : {}),
      handlers: {
        connected: () => void (live.value = true),
        caseEvent(m) {
          touched.add(m.caseId)
          scheduleRefresh()
        },
        // After a reconnection, whatever happened while we were away is only in a fresh page.
        caughtUp() {
          if (caughtUpOnce) scheduleRefresh()
          caughtUpOnce = true
        },
        disconnected: () => void (live.value = false),
        connectError: () => void (live.value = false),
      },
    })
  }

  watch(
    () => (enabled() ? `area:${scopeArea() ?? ''}` : null),
    (key) => {
      if (key !== null) connect()
      else {
        conn?.close()
        conn = null
        live.value = false
      }
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    conn?.close()
    conn = null
    if (refreshTimer) clearTimeout(refreshTimer)
    if (markTimer) clearTimeout(markTimer)
  })

  return {
    filters,
    setFilter,
    items,
    total,
    counts: queue.data,
    loading: page.loading,
    error: page.error,
    countsError: queue.error,
    selectedIndex,
    selected,
    changed,
    live,
    refresh,
  }
}
