/**
 * 热点预警 for the wall (and any screen): the alerts in the user's scope, loaded once and then followed
 * through the `hotspot` pushes on /live; loaded again after every (re)connection, since pushes are not
 * replayed, and every few minutes so that long-closed alerts leave the list. `acknowledge` is 确认.
 */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { hotspotsApi, type HotspotAlert, type HotspotMessage, type HotspotsApi } from '../api/hotspots.ts'
import { connectLive, type IoFactory, type LiveConnection } from '../api/live.ts'
import { toApiError, type ApiError } from '../api/request.ts'
import { applyHotspotMessage, sortAlerts } from './hotspot-list.ts'
import { useRequest } from './useRequest.ts'

export interface UseHotspotsOptions {
  enabled: MaybeRefOrGetter<boolean>
  fetcher?: Pick<HotspotsApi, 'list' | 'acknowledge'>
  /**
   * Makes the live socket; socket.io-client by default, a fake in tests; null: no socket of its own
   * (a screen that already listens on /live passes the pushes to `apply` and calls `reload` on reconnection).
   */
  io?: IoFactory | null
  /** @default 300000 */
  reloadEveryMs?: number
}

export interface UseHotspotsReturn {
  alerts: ShallowRef<HotspotAlert[]>
  live: ComputedRef<HotspotAlert[]>
  canAcknowledge: ShallowRef<boolean>
  error: ComputedRef<ApiError | null>
  busyId: ShallowRef<number | null>
  actionError: ShallowRef<string | null>
  reload: () => void
  /** One `hotspot` push, from whichever socket received it. */
  apply: (message: HotspotMessage) => void
  /**
   * New cases arrived: read the list again every 5 s for 25 s, as the detector runs on them. Its
   * push can come from another server instance whose pushes do not reach this socket (no shared
   * adapter on the embedded database); at most one such series is pending at a time.
   */
  afterCases: () => void
  acknowledge: (id: number) => Promise<void>
}

/** When the list is read again after new cases: past the detector's 3 s debounce and a slow run. */
const AFTER_CASES_MS = [5_000, 10_000, 15_000, 20_000, 25_000]

export function useHotspots(options: UseHotspotsOptions): UseHotspotsReturn {
  const fetcher = options.fetcher ?? hotspotsApi
  const req = useRequest((_: null, signal) => fetcher.list({}, signal), { clearErrorOnStart: false })
  const alerts = shallowRef<HotspotAlert[]>([])
  const canAcknowledge = shallowRef(false)
  const busyId = shallowRef<number | null>(null)
  const actionError = shallowRef<string | null>(null)
  const enabled = computed(() => toValue(options.enabled))

  const reload = () => {
    if (enabled.value) void req.execute(null)
  }
  watch(req.data, (d) => {
    if (!d) return
    alerts.value = sortAlerts(d.items)
    canAcknowledge.value = d.canAcknowledge
  })

  let conn: LiveConnection | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  let connections = 0
  const apply = (m: HotspotMessage) => (alerts.value = applyHotspotMessage(alerts.value, m))
  let soon: ReturnType<typeof setTimeout>[] = []
  function afterCases() {
    if (soon.length || !enabled.value) return
    soon = AFTER_CASES_MS.map((ms, i) =>
      setTimeout(() => {
        reload()
        if (i === AFTER_CASES_MS.length - 1) soon = []
      }, ms),
    )
  }
  function start() {
    if (timer === null) timer = setInterval(reload, options.reloadEveryMs ?? 300_000)
    if (conn || options.io === null) return
    conn = connectLive({
      io: options.io,
      auth: () => ({}),
      handlers: {
        hotspot: apply,
        caseEvent() {},
        caughtUp() {},
        // Pushes missed while away are not replayed: read the list anew on every reconnection.
        connected: () => {
          if (connections++ > 0) reload()
        },
        disconnected() {},
        connectError() {},
      },
    })
  }
  watch(
    enabled,
    (on) => {
      if (!on) return
      reload()
      start()
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    for (const t of soon) clearTimeout(t)
    conn?.close()
    if (timer) clearInterval(timer)
  })

  async function acknowledge(id: number) {
    if (busyId.value !== null) return
    busyId.value = id
    actionError.value = null
    try {
      const a = await fetcher.acknowledge(id)
      alerts.value = sortAlerts([...alerts.value.filter((x) => x.id !== id), a])
    } catch (err) {
      actionError.value = toApiError(err).message
      reload()
    } finally {
      busyId.value = null
    }
  }

  return {
    alerts,
    live: computed(() => alerts.value.filter((a) => a.status !== 'closed')),
    canAcknowledge,
    error: computed(() => req.error.value),
    busyId,
    actionError,
    reload,
    apply,
    afterCases,
    acknowledge,
  }
}
