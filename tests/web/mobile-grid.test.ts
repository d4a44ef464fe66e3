/**
 * 我的网格 on the phone (my-grid.ts, useMyGridCases over fake routes): the button each case gets for
 * the account's actions, the transitions a button sends (接单 = dispatch to my own area, then start),
 * the resolve level defaulting to the building or compound, the list read open-first, and a refused
 * action shown on its case with the list read again.
 */
import { caseEvent, fakeIo } from './fake-socket.ts'
import { effectScope, type EffectScope } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CaseDetail, CaseList, CaseQueueQuery, CaseView, TransitionRequest } from '../../web/src/api/case-types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { defaultResolveLevel, gridActionFor, gridTransitions } from '../../web/src/composables/my-grid.ts'
import { useMyGridCases } from '../../web/src/composables/useMyGridCases.ts'
import { fakeRoute, settle } from './fake-api.ts'

const WORKER = ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate']
const kase = (id: number, o: Partial<CaseView> = {}) =>
  ({ id, status: 'received', overdue: false, buildingId: null, createdAt: new Date(Date.UTC(2024, 6, 1, 8, id)).toISOString(), ...o }) as CaseView

describe('grid actions', () => {
  it('offers the step each status calls for, only when the account may take it', () => {
    expect(gridActionFor({ status: 'received' }, WORKER)).toBe('take')
    expect(gridActionFor({ status: 'dispatched' }, WORKER)).toBe('start')
    expect(gridActionFor({ status: 'handling' }, WORKER)).toBe('resolve')
    expect(gridActionFor({ status: 'resolved' }, WORKER)).toBeNull()
    expect(gridActionFor({ status: 'received' }, ['report', 'start', 'resolve'])).toBeNull()
    expect(gridActionFor({ status: 'handling' }, [])).toBeNull()
  })

  it('takes a case by dispatching it to the worker\'s own area and starting it; resolves with level, note and photos', () => {
    expect(gridTransitions('take', { areaId: 'G7', areaLevel: 'grid' })).toEqual([
      { action: 'dispatch', level: 'grid', to: 'G7', note: '网格员接单' },
      { action: 'start' },
    ])
    expect(gridTransitions('resolve', { areaId: 'G7', areaLevel: 'grid', level: 'building', note: ' 已清运 ', photos: ['p1'] })).toEqual([
      { action: 'resolve', level: 'building', note: '已清运', photos: ['p1'] },
    ])
    expect(gridTransitions('resolve', { areaId: 'G7', areaLevel: 'grid', level: 'compound', note: '  ' })).toEqual([{ action: 'resolve', level: 'compound' }])
    expect(defaultResolveLevel({ buildingId: 'B1' })).toBe('building')
    expect(defaultResolveLevel({ buildingId: null })).toBe('compound')
  })
})

describe('useMyGridCases', () => {
  let scope: EffectScope | null = null
  afterEach(() => scope?.stop())

  function start() {
    const list = fakeRoute<CaseQueueQuery, CaseList>()
    const transitions: { id: number; body: TransitionRequest }[] = []
    let refuse: ApiError | null = null
    const transition = async (id: number, body: TransitionRequest) => {
      transitions.push({ id, body })
      if (refuse) throw refuse
      return { id } as CaseDetail
    }
    scope = effectScope()
    const sock = fakeIo()
    const g = scope.run(() => useMyGridCases({ area: { id: 'G7', level: 'grid' }, fetcher: { list: list.fn, transition }, io: sock.io, reloadDelayMs: 20 }))!
    return { g, list, transitions, sock, refuse: (e: ApiError) => (refuse = e) }
  }

  it('lists the open cases of my area first (overdue on top), then those resolved in the last 7 days', async () => {
    const { g, list } = start()
    expect(list.calls.map((c) => c.arg)).toEqual([
      { area: 'G7', status: 'received,dispatched,handling', limit: 200 },
      { area: 'G7', status: 'resolved,evaluated,closed', window: '7d', limit: 20 },
    ])
    list.calls[0]!.resolve({ total: 3, limit: 200, offset: 0, items: [kase(3), kase(2, { overdue: true, status: 'handling' }), kase(1)] })
    list.calls[1]!.resolve({ total: 1, limit: 20, offset: 0, items: [kase(9, { status: 'resolved' })] })
    await settle()
    expect(g.items.value.map((c) => c.id)).toEqual([2, 3, 1, 9])
    expect(g.openCount.value).toBe(3)
  })

  it('sends the steps of a button in order and reads the list again', async () => {
    const { g, list, transitions } = start()
    const done = g.act(kase(5), 'take')
    expect(g.busyId.value).toBe(5)
    expect(await done).toBe(true)
    expect(transitions.map((t) => [t.id, t.body.action])).toEqual([[5, 'dispatch'], [5, 'start']])
    expect(g.busyId.value).toBeNull()
    expect(list.calls).toHaveLength(4)
  })

  it('shows a refused action on its case and reloads (someone else may have moved it)', async () => {
    const { g, list, refuse } = start()
    refuse(new ApiError('http', '诉求状态已变化，请刷新后重试', 409))
    expect(await g.act(kase(6, { status: 'handling' }), 'resolve', { level: 'building' })).toBe(false)
    expect(g.actionError.value).toEqual({ id: 6, message: '诉求状态已变化，请刷新后重试' })
    expect(list.calls).toHaveLength(4)
    await settle()
  })

  it("reads the list again once when someone else acts on a case in my area, not for another area's", async () => {
    vi.useFakeTimers()
    try {
      const { list, sock } = start()
      const s = sock.last()
      const before = list.calls.length
      s.emit('case-event', caseEvent(1, 41, 'dispatched', { gridId: 'G9', communityId: 'C9', streetId: 'S9' }))
      await vi.advanceTimersByTimeAsync(100)
      expect(list.calls.length).toBe(before)
      s.emit('case-event', caseEvent(2, 42, 'dispatched', { gridId: 'G7' }))
      s.emit('case-event', caseEvent(3, 42, 'started', { gridId: 'G7' }))
      await vi.advanceTimersByTimeAsync(100)
      expect(list.calls.slice(before).map((c) => c.arg.status)).toEqual(['received,dispatched,handling', 'resolved,evaluated,closed'])
    } finally {
      vi.useRealTimers()
    }
  })
})
