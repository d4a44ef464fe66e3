/**
 * 我的网格 on the phone: the cases in the worker's area, open ones first (overdue at the top), then those
 * resolved in the last 7 days; and the one-tap actions on them. After an action (or a 409, when someone
 * else moved the case first) the list is read again, and so it is when anyone else acts on a case in the
 * area (the live push, in the session's own scope).
 */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseList, CaseView } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import { connectLive, type IoFactory, type LiveConnection } from '../api/live.ts'
import { toApiError, type ApiError } from '../api/request.ts'
import type { ResolvedLevel } from '../../../server/domain/vocabulary/index.ts'
import { OPEN_STATUSES } from '../vocab.ts'
import { openFirst } from './area-cases.ts'
import { gridTransitions, type GridAction } from './my-grid.ts'
import { useRequest } from './useRequest.ts'

export interface UseMyGridCasesOptions {
  area: MaybeRefOrGetter<{ id: string; level: 'grid' | 'community' | 'street' } | null>
  fetcher?: Pick<CasesApi, 'list' | 'transition'>
  /** Makes the live socket; socket.io-client by default, a fake in tests; null: no live reloads. */
  io?: IoFactory | null
  /** Events come in bursts (one button sends two steps): read the list once per this many ms. @default 400 */
  reloadDelayMs?: number
}

export interface UseMyGridCasesReturn {
  items: ComputedRef<CaseView[]>
  openCount: ComputedRef<number>
  loading: ComputedRef<boolean>
  error: ComputedRef<ApiError | null>
  /** The case an action is running on. */
  busyId: ShallowRef<number | null>
  /** The last action's failure, with its case. */
  actionError: ShallowRef<{ id: number; message: string } | null>
  reload: () => void
  act: (c: CaseView, action: GridAction, extra?: { level?: ResolvedLevel; note?: string; photos?: readonly string[] }) => Promise<boolean>
}

const DONE = 'resolved,evaluated,closed'

export function useMyGridCases(options: UseMyGridCasesOptions): UseMyGridCasesReturn {
  const fetcher = options.fetcher ?? casesApi
  const open = useRequest((area: string, signal) => fetcher.list({ area, status: OPEN_STATUSES.join(','), limit: 200 }, signal))
  const done = useRequest((area: string, signal) => fetcher.list({ area, status: DONE, window: '7d', limit: 20 }, signal))
  const busyId = shallowRef<number | null>(null)
  const actionError = shallowRef<{ id: number; message: string } | null>(null)

  const area = computed(() => toValue(options.area))
  function reload() {
    const a = area.value
    if (!a) return
    void open.execute(a.id)
    void done.execute(a.id)
  }
  watch(() => area.value?.id, reload, { immediate: true })

  // Someone else's step on a case in my area (a dispatch from the street, a reopen) shows without a pull.
  let reloadTimer: ReturnType<typeof setTimeout> | null = null
  const inArea = (c: CaseView, id: string) => c.gridId === id || c.communityId === id || c.streetId === id
  let conn: LiveConnection | null = null
  if (options.io !== null) {
    conn = connectLive({
      io: options.io,
      auth: () => ({}),
      handlers: {
        caseEvent(e) {
          const a = area.value
          if (!a || !inArea(e.case, a.id) || reloadTimer) return
          reloadTimer = setTimeout(() => {
            reloadTimer = null
            reload()
          }, options.reloadDelayMs ?? 400)
        },
        caughtUp() {},
        replayTruncated: () => reload(),
        connected() {},
        disconnected() {},
        connectError() {},
      },
    })
  }
  onScopeDispose(() => {
    conn?.close()
    if (reloadTimer) clearTimeout(reloadTimer)
  })

  async function act(c: CaseView, action: GridAction, extra: { level?: ResolvedLevel; note?: string; photos?: readonly string[] } = {}) {
    const a = area.value
    if (!a || busyId.value !== null) return false
    busyId.value = c.id
    actionError.value = null
    try {
      for (const step of gridTransitions(action, { areaId: a.id, areaLevel: a.level, ...extra })) await fetcher.transition(c.id, step)
      return true
    } catch (err) {
      actionError.value = { id: c.id, message: toApiError(err).message }
      return false
    } finally {
      busyId.value = null
      reload()
    }
  }

  const list = (l: CaseList | null) => l?.items ?? []
  return {
    items: computed(() => [...openFirst(list(open.data.value)), ...list(done.data.value)]),
    openCount: computed(() => open.data.value?.total ?? 0),
    loading: computed(() => open.loading.value || done.loading.value),
    error: computed(() => open.error.value ?? done.error.value),
    busyId,
    actionError,
    reload,
    act,
  }
}
