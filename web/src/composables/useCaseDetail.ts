/**
 * One case with its history, for the case view: loads it by id, takes a loop action on it, and keeps
 * it current while it is shown.
 *
 * - The id may change (the overlay opens another case): the request in flight and any action's answer
 *   for the old id are dropped.
 * - act() shows the CaseDetail the server answers with. A 409 means the case moved on meanwhile
 *   (someone else acted, or acted at the same moment): the case is reloaded and the user is told so.
 * - Live: while an id is shown, a socket on the live namespace (the session's own scope) reports events;
 *   one about this case that is newer than what is shown reloads it. A reconnection carries the last
 *   event id so nothing missed in between is lost, and a truncated replay reloads anyway.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseDetail, CaseEventMessage, TransitionRequest } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import { connectLive, type IoFactory, type LiveConnection } from '../api/live.ts'
import { isAbort, toApiError, type ApiError } from '../api/request.ts'
import { useRequest } from './useRequest.ts'

export interface UseCaseDetailOptions {
  id: MaybeRefOrGetter<number | null>
  fetcher?: Pick<CasesApi, 'get' | 'transition'>
  /** Makes the live socket; socket.io-client by default, a fake in tests. */
  io?: IoFactory
  /** Follow live events. @default true */
  live?: boolean
  /** Live events arrive in bursts (an action writes one, replays several): reload once per this many ms. @default 300 */
  reloadDelayMs?: number
}

export interface UseCaseDetailReturn {
  detail: ShallowRef<CaseDetail | null>
  loading: ShallowRef<boolean>
  /** Loading the case failed (kept until a load succeeds). */
  error: ShallowRef<ApiError | null>
  /** An action is on its way. */
  acting: ShallowRef<boolean>
  /** The last action failed for a reason other than a conflict (bad input, no permission…). */
  actionError: ShallowRef<ApiError | null>
  /** A line for the user about what just happened (conflict, someone else's change). */
  notice: ShallowRef<string | null>
  reload: () => Promise<void>
  /** Takes an action; true when the server accepted it (the form may close). */
  act: (body: TransitionRequest) => Promise<boolean>
  dismissNotice: () => void
}

export const CONFLICT_NOTICE = '该诉求刚被他人处理，已刷新为最新状态，请确认后再操作'
export const CHANGED_NOTICE = '该诉求已有新进展，已自动刷新'

export function useCaseDetail(options: UseCaseDetailOptions): UseCaseDetailReturn {
  const fetcher = options.fetcher ?? casesApi
  const reloadDelayMs = options.reloadDelayMs ?? 300
  const request = useRequest((id: number, signal) => fetcher.get(id, signal), { clearErrorOnStart: false })
  const detail = shallowRef<CaseDetail | null>(null)
  const acting = shallowRef(false)
  const actionError = shallowRef<ApiError | null>(null)
  const notice = shallowRef<string | null>(null)

  let currentId: number | null = null
  let actCtl: AbortController | null = null
  let conn: LiveConnection | null = null
  let lastEventId: number | null = null
  let reloadTimer: ReturnType<typeof setTimeout> | null = null

  async function load(id: number): Promise<void> {
    const got = await request.execute(id)
    if (got && id === currentId) detail.value = got
  }

  async function reload(): Promise<void> {
    if (currentId !== null) await load(currentId)
  }

  function cancelAction() {
    actCtl?.abort()
    actCtl = null
    acting.value = false
  }

  async function act(body: TransitionRequest): Promise<boolean> {
    const id = currentId
    if (id === null || acting.value) return false
    const ctl = (actCtl = new AbortController())
    acting.value = true
    actionError.value = null
    notice.value = null
    try {
      const next = await fetcher.transition(id, body, ctl.signal)
      if (actCtl !== ctl || id !== currentId) return false
      detail.value = next
      return true
    } catch (err) {
      if (actCtl !== ctl || isAbort(err)) return false
      const e = toApiError(err)
      if (e.status === 409) {
        notice.value = CONFLICT_NOTICE
        void reload()
      } else actionError.value = e
      return false
    } finally {
      if (actCtl === ctl) {
        actCtl = null
        acting.value = false
      }
    }
  }

  /** The newest version of the shown case that live events announced; null: reload whatever it is. */
  let announced: number | null = null

  function scheduleReload(version: number | null = null) {
    announced = version === null || announced === null ? version : Math.max(announced, version)
    reloadTimer ??= setTimeout(() => {
      reloadTimer = null
      const before = detail.value?.version ?? null
      // Our own action's answer may have arrived meanwhile and already be that version.
      if (announced !== null && before !== null && before >= announced) return
      void reload().then(() => {
        const after = detail.value?.version ?? null
        if (before !== null && after !== null && after > before) notice.value = CHANGED_NOTICE
      })
    }, reloadDelayMs)
  }

  function onEvent(m: CaseEventMessage) {
    if (lastEventId === null || m.id > lastEventId) lastEventId = m.id
    if (m.caseId !== currentId) return
    const shown = detail.value
    if (shown && shown.id === m.caseId && m.case.version <= shown.version) return
    scheduleReload(m.case.version)
  }

  function openLive() {
    if (conn || options.live === false) return
    conn = connectLive({
      io: options.io,
      // No area: the server gives the session's own scope, which includes every case it may open.
      auth: () => (lastEventId !== null ? { lastEventId } : {}),
      handlers: {
        caseEvent: onEvent,
        caughtUp(position) {
          if (position !== null && (lastEventId === null || position > lastEventId)) lastEventId = position
        },
        replayTruncated: () => scheduleReload(),
        connected() {},
        disconnected() {},
        connectError() {},
      },
    })
  }

  function closeLive() {
    conn?.close()
    conn = null
    lastEventId = null
  }

  function clearTimer() {
    if (reloadTimer) clearTimeout(reloadTimer)
    reloadTimer = null
    announced = null
  }

  watch(
    () => toValue(options.id),
    (id) => {
      if (id === currentId) return
      cancelAction()
      clearTimer()
      currentId = id
      detail.value = null
      actionError.value = null
      notice.value = null
      request.reset()
      if (id === null) return closeLive()
      openLive()
      void load(id)
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    cancelAction()
    clearTimer()
    closeLive()
  })

  return {
    detail,
    loading: request.loading,
    error: request.error,
    acting,
    actionError,
    notice,
    reload,
    act,
    dismissNotice: () => (notice.value = null),
  }
}
