/**
 * The case view's logic: useCaseDetail against a fake API and a fake socket (load, act, a 409 that
 * reloads, a live event that reloads, an id change that drops the old answers), and the Chinese
 * wording of the timeline and of the time left.
 */
import { effectScope, shallowRef, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseDetail, CaseEventEntry, TransitionRequest } from '../../web/src/api/case-types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import {
  actorLabel, defaultResolvedLevel, describeEvent, formatCstDateTime, placeNames,
} from '../../web/src/components/case/case-wording.ts'
import { formatSpan, timeLeft } from '../../web/src/composables/time-left.ts'
import { CHANGED_NOTICE, CONFLICT_NOTICE, useCaseDetail, type UseCaseDetailReturn } from '../../web/src/composables/useCaseDetail.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { caseEvent, caseView, fakeIo } from './fake-socket.ts'

function detail(id: number, over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    ...caseView(id),
    allowedActions: ['dispatch'],
    events: [{ id: 1, type: 'created', at: '2024-07-01T06:05:00Z', actor: 'grid1', actorName: '王网格', payload: {} }],
    place: { buildingName: '3号楼', compoundName: '东湖小区', gridName: '第3网格', communityName: '东湖社区', streetName: '湖滨街道' },
    holder: null,
    duplicates: [],
    ...over,
  }
}

const conflict = () => new ApiError('ILLEGAL_TRANSITION', '诉求当前状态不允许此操作', 409)

describe('useCaseDetail', () => {
  let scope: EffectScope
  const RELOAD_MS = 50

  function start(initial: number | null = 7, live = true) {
    const get = fakeRoute<number, CaseDetail>()
    const transition = fakeRoute<{ id: number; body: TransitionRequest }, CaseDetail>()
    const sock = fakeIo()
    const id = shallowRef<number | null>(initial)
    scope = effectScope()
    const cd = scope.run(() =>
      useCaseDetail({
        id,
        fetcher: { get: get.fn, transition: (caseId, body, signal) => transition.fn({ id: caseId, body }, signal) },
        io: sock.io,
        live,
        reloadDelayMs: RELOAD_MS,
      }),
    ) as UseCaseDetailReturn
    return { cd, get, transition, sock, id }
  }

  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  it('loads the case by id and shows it', async () => {
    const { cd, get } = start(7)
    expect(get.calls.map((c) => c.arg)).toEqual([7])
    expect(cd.loading.value).toBe(true)
    get.last().resolve(detail(7))
    await settle()
    expect(cd.detail.value?.id).toBe(7)
    expect(cd.loading.value).toBe(false)
    expect(cd.error.value).toBeNull()
  })

  it('keeps a load failure as the error, and a reload that succeeds clears it', async () => {
    const { cd, get } = start(7)
    get.last().reject(new ApiError('NOT_FOUND', '请求的数据不存在或已被删除', 404))
    await settle()
    expect(cd.error.value?.code).toBe('NOT_FOUND')
    expect(cd.detail.value).toBeNull()
    void cd.reload()
    get.last().resolve(detail(7))
    await settle()
    expect(cd.error.value).toBeNull()
    expect(cd.detail.value?.id).toBe(7)
  })

  it('an action shows the CaseDetail the server answers with', async () => {
    const { cd, get, transition } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const done = cd.act({ action: 'dispatch', level: 'grid', to: 'G1', note: '请尽快处理' })
    expect(cd.acting.value).toBe(true)
    expect(transition.last().arg).toEqual({ id: 7, body: { action: 'dispatch', level: 'grid', to: 'G1', note: '请尽快处理' } })
    // A second click while the first is on its way sends nothing.
    expect(await cd.act({ action: 'start' })).toBe(false)
    expect(transition.calls).toHaveLength(1)
    transition.last().resolve(detail(7, { status: 'dispatched', version: 2, allowedActions: ['dispatch', 'start', 'escalate'] }))
    expect(await done).toBe(true)
    expect(cd.acting.value).toBe(false)
    expect(cd.detail.value?.status).toBe('dispatched')
    expect(cd.detail.value?.allowedActions).toEqual(['dispatch', 'start', 'escalate'])
    expect(get.calls).toHaveLength(1) // no reload needed
  })

  it('a 409 reloads the case and says someone else acted; the form stays open (act answers false)', async () => {
    const { cd, get, transition } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const done = cd.act({ action: 'dispatch', level: 'grid', to: 'G1' })
    transition.last().reject(conflict())
    expect(await done).toBe(false)
    expect(cd.notice.value).toBe(CONFLICT_NOTICE)
    expect(cd.actionError.value).toBeNull()
    expect(get.calls).toHaveLength(2)
    get.last().resolve(detail(7, { status: 'dispatched', version: 2, allowedActions: ['start'] }))
    await settle()
    expect(cd.detail.value?.status).toBe('dispatched')
    expect(cd.detail.value?.allowedActions).toEqual(['start'])
  })

  it('another failure is kept as actionError without reloading', async () => {
    const { cd, get, transition } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const done = cd.act({ action: 'reopen', reason: '' })
    transition.last().reject(new ApiError('VALIDATION', '请求参数不符合要求', 400))
    expect(await done).toBe(false)
    expect(cd.actionError.value?.code).toBe('VALIDATION')
    expect(cd.notice.value).toBeNull()
    expect(get.calls).toHaveLength(1)
    expect(cd.detail.value?.status).toBe('received')
  })

  it('a live event about this case reloads it (once per burst); events about other cases do not', async () => {
    const { cd, get, sock } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const s = sock.last()
    expect(s.auths).toEqual([{}]) // the session's own scope, no area
    s.emit('caught-up', { lastEventId: 100 })
    s.emit('case-event', caseEvent(101, 8, 'dispatched', { version: 2 }))
    await vi.advanceTimersByTimeAsync(RELOAD_MS * 2)
    expect(get.calls).toHaveLength(1)

    s.emit('case-event', caseEvent(102, 7, 'dispatched', { version: 2, status: 'dispatched' }))
    s.emit('case-event', caseEvent(103, 7, 'started', { version: 3, status: 'handling' }))
    await vi.advanceTimersByTimeAsync(RELOAD_MS)
    expect(get.calls).toHaveLength(2)
    get.last().resolve(detail(7, { status: 'handling', version: 3 }))
    await settle()
    expect(cd.detail.value?.status).toBe('handling')
    expect(cd.notice.value).toBe(CHANGED_NOTICE)

    // A reconnection asks for what it missed after the last event seen.
    s.transportClose()
    s.connect()
    expect(s.auths.at(-1)).toEqual({ lastEventId: 103 })
  })

  it('the event of our own action (a version already shown) does not reload', async () => {
    const { cd, get, transition, sock } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const done = cd.act({ action: 'start' })
    transition.last().resolve(detail(7, { status: 'handling', version: 2 }))
    await done
    sock.last().emit('case-event', caseEvent(5, 7, 'started', { version: 2 }))
    await vi.advanceTimersByTimeAsync(RELOAD_MS * 2)
    expect(get.calls).toHaveLength(1)
    expect(cd.notice.value).toBeNull()
  })

  it('a new id aborts the old load and drops an action answer for the old case', async () => {
    const { cd, get, transition, id } = start(7)
    get.last().resolve(detail(7))
    await settle()
    const done = cd.act({ action: 'start' })
    id.value = 9
    await settle()
    expect(transition.last().signal.aborted).toBe(true)
    expect(get.last().arg).toBe(9)
    const firstLoadOf9 = get.last()
    id.value = 10
    await settle()
    expect(firstLoadOf9.signal.aborted).toBe(true)
    transition.last().resolve(detail(7, { status: 'handling', version: 2 }))
    firstLoadOf9.resolve(detail(9))
    expect(await done).toBe(false)
    await settle()
    expect(cd.detail.value).toBeNull()
    get.last().resolve(detail(10))
    await settle()
    expect(cd.detail.value?.id).toBe(10)
  })

  it('opens the socket only while a case is shown, and closes it when the scope ends', async () => {
    const { sock, id } = start(null)
    expect(sock.sockets).toHaveLength(0)
    id.value = 7
    await settle()
    expect(sock.sockets).toHaveLength(1)
    expect(sock.last().connected).toBe(true)
    id.value = 8
    await settle()
    expect(sock.sockets).toHaveLength(1) // one socket for whatever case is shown
    id.value = null
    await settle()
    expect(sock.last().connected).toBe(false)
    id.value = 9
    await settle()
    expect(sock.sockets).toHaveLength(2)
    scope.stop()
    expect(sock.last().connected).toBe(false)
    expect(sock.last().listenerCount()).toBe(0)
  })
})

describe('case wording', () => {
  const d = detail(7, { holder: { level: 'community', id: 'C9', name: '西湖社区' } })
  const names = placeNames(d)
  const ev = (type: CaseEventEntry['type'], payload: CaseEventEntry['payload'], over: Partial<CaseEventEntry> = {}): CaseEventEntry => ({
    id: 1, type, at: '2024-07-01T06:05:00Z', actor: 'street1', actorName: null, payload, ...over,
  })

  it('names a dispatch by its level and target, areas by name and departments by their Chinese name', () => {
    expect(describeEvent(ev('dispatched', { level: 'grid', to: 'G1', note: '请核实' }), names)).toMatchObject({
      what: '派单至网格：第3网格',
      details: [{ label: '说明', text: '请核实' }],
    })
    expect(describeEvent(ev('dispatched', { level: 'community', to: 'C9' }), names).what).toBe('派单至社区：西湖社区')
    expect(describeEvent(ev('dispatched', { level: 'department', to: 'housing' }), names).what).toBe('派单至职能部门：区住房和城乡建设局')
    // An area the view has no name for is shown by its id rather than hidden.
    expect(describeEvent(ev('dispatched', { level: 'grid', to: 'G77' }), names).what).toBe('派单至网格：G77')
  })

  it('words resolve levels as 楼栋/小区, whistles with department and report-by, evaluations with stars', () => {
    expect(describeEvent(ev('resolved', { level: 'building' })).what).toBe('办结（楼栋层面解决）')
    expect(describeEvent(ev('resolved', { level: 'compound' })).what).toBe('办结（小区层面解决）')
    const whistle = describeEvent(ev('escalated', { department: 'water', fromLevel: 'street', reportBy: '2024-07-02T06:05:00Z', note: '管网破裂' }))
    expect(whistle.what).toBe('街道吹哨：区水务局')
    expect(whistle.details).toEqual([
      { label: '报到时限', text: '2024-07-02 14:05' },
      { label: '说明', text: '管网破裂' },
    ])
    expect(describeEvent(ev('reported', { department: 'water' })).what).toBe('区水务局报到')
    const evaluation = describeEvent(ev('evaluated', { satisfaction: 4, comment: '处理及时' }))
    expect(evaluation).toMatchObject({ what: '评价：满意度 4 星', satisfaction: 4, details: [{ label: '评价意见', text: '处理及时' }] })
    expect(describeEvent(ev('reopened', { reason: '问题复发' })).details).toEqual([{ label: '原因', text: '问题复发' }])
    expect(describeEvent(ev('started', { photos: ['a'.repeat(64), 3] as unknown as string[] })).photos).toEqual(['a'.repeat(64)])
  })

  it('an event without a payload (a principal without personal data) still says what happened', () => {
    expect(describeEvent(ev('dispatched', {}))).toEqual({ what: '派单', details: [], satisfaction: null, photos: [] })
  })

  it('names the actor: the account name, an external key, the system, else the username', () => {
    expect(actorLabel({ actor: 'grid1', actorName: '王网格' })).toBe('王网格')
    expect(actorLabel({ actor: 'key:12345热线', actorName: null })).toBe('外部系统 12345热线')
    expect(actorLabel({ actor: 'system', actorName: null })).toBe('系统')
    expect(actorLabel({ actor: 'street1', actorName: null })).toBe('street1')
  })

  it('formats times in China time whatever the machine zone', () => {
    expect(formatCstDateTime('2024-06-30T16:00:00Z')).toBe('2024-07-01 00:00')
    expect(formatCstDateTime('not a date')).toBe('—')
  })

  it('counts down to the deadline, red once past it, and says whether finished work was in time', () => {
    const due = Date.parse('2024-07-02T00:00:00Z')
    const H = 3_600_000
    expect(timeLeft('2024-07-02T00:00:00Z', due - (2 * 24 + 3) * H - 5000)).toEqual({ text: '剩余 2 天 3 小时', overdue: false, running: true })
    expect(timeLeft('2024-07-02T00:00:00Z', due - 3 * H - 12 * 60_000)).toMatchObject({ text: '剩余 3 小时 12 分', overdue: false })
    expect(timeLeft('2024-07-02T00:00:00Z', due - 12 * 60_000 - 5000)).toMatchObject({ text: '剩余 12 分 05 秒' })
    expect(timeLeft('2024-07-02T00:00:00Z', due + 90 * 60_000)).toEqual({ text: '已超期 1 小时 30 分', overdue: true, running: true })
    expect(timeLeft('2024-07-02T00:00:00Z', due + 10 * H, '2024-07-01T20:00:00Z')).toEqual({ text: '按期完成', overdue: false, running: false })
    expect(timeLeft('2024-07-02T00:00:00Z', due + 10 * H, '2024-07-02T05:00:00Z')).toEqual({ text: '超期 5 小时 0 分 完成', overdue: true, running: false })
    expect(formatSpan(59_999)).toBe('0 分 59 秒')
    // A list whose clock ticks by the half minute (the workbench) says minutes, not stale seconds.
    expect(timeLeft('2024-07-02T00:00:00Z', due - 12 * 60_000 - 5000, null, { seconds: false }).text).toBe('剩余 12 分钟')
    expect(formatSpan(2 * H + 5 * 60_000, false)).toBe('2 小时 5 分')
  })

  it('suggests the resolved level from who holds the case', () => {
    expect(defaultResolvedLevel(null)).toBe('compound')
    expect(defaultResolvedLevel({ level: 'grid', id: 'G1', name: '第3网格' })).toBe('compound')
    expect(defaultResolvedLevel({ level: 'street', id: 'S1', name: '湖滨街道' })).toBe('street')
    expect(defaultResolvedLevel({ level: 'department', id: 'water', name: '区水务局' })).toBe('department')
  })
})
