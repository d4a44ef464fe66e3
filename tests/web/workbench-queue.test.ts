/**
 * The workbench queue: filters become the list query and the export filter, tabs read their counts,
 * a live case-event refetches the page and counts once per burst (fake timers) and marks the rows it
 * touched, and the keyboard rules as a pure function.
 */
import { effectScope, nextTick, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseList, CaseQueueCounts, CaseQueueQuery } from '../../web/src/api/case-types.ts'
import { keepSelection, queueKeyAction } from '../../web/src/composables/queue-keys.ts'
import { useCaseQueue } from '../../web/src/composables/useCaseQueue.ts'
import {
  defaultFilters, PAGE_SIZE, pageCount, queueExportFilter, queueQuery, tabCount, tabLabel, toggleSort, withFilter,
} from '../../web/src/composables/workbench-query.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { caseEvent, caseView, fakeIo } from './fake-socket.ts'

const COUNTS: CaseQueueCounts = { received: 4, dispatched: 3, handling: 2, resolved: 1, overdue: 5, whistled: 6, open: 9 }

describe('workbench filters → query', () => {
  it('turns each tab into its status selection, overdue into open and late, whistle into pending', () => {
    const f = defaultFilters()
    expect(queueQuery({ ...f, tab: 'received' })).toMatchObject({ status: 'received' })
    expect(queueQuery({ ...f, tab: 'handling' })).toMatchObject({ status: 'handling' })
    const late = queueQuery({ ...f, tab: 'overdue' })
    expect(late.status).toBe('received,dispatched,handling')
    expect(late.overdue).toBe(true)
    const whistle = queueQuery({ ...f, tab: 'whistle' })
    expect(whistle.whistle).toBe('pending')
    expect(whistle.status).toBeUndefined()
  })

  it('sends only the filters that are set, trims the words, and pages by PAGE_SIZE', () => {
    const q = queueQuery({ ...defaultFilters(), category: 'elevator', class721: 'service', source: 'wechat', priority: 'urgent', window: '24h', q: '  3号楼 ', page: 2 }, 'S1')
    expect(q).toEqual({
      status: 'received', sort: 'created', order: 'desc', limit: PAGE_SIZE, offset: 2 * PAGE_SIZE, area: 'S1',
      category: 'elevator', class721: 'service', source: 'wechat', priority: 'urgent', window: '24h', q: '3号楼',
    })
    const bare = queueQuery(defaultFilters())
    expect(Object.keys(bare).sort()).toEqual(['limit', 'offset', 'order', 'sort', 'status'])
    expect(queueQuery({ ...defaultFilters(), q: '   ' }).q).toBeUndefined()
  })

  it('a chosen child area replaces the scope area', () => {
    expect(queueQuery({ ...defaultFilters(), area: 'C7' }, 'S1').area).toBe('C7')
    expect(queueQuery(defaultFilters(), 'S1').area).toBe('S1')
  })

  it('exports the same selection without paging or order, with status and category as lists', () => {
    const f = { ...defaultFilters(), tab: 'overdue' as const, category: 'drainage', q: '漏水', page: 3 }
    expect(queueExportFilter(f, 'S1')).toEqual({
      status: ['received', 'dispatched', 'handling'], overdue: true, category: ['drainage'], q: '漏水', area: 'S1',
    })
    expect(queueExportFilter({ ...defaultFilters(), tab: 'whistle' })).toEqual({ whistle: 'pending' })
  })

  it('sorting: the same column flips, a new column starts descending (deadline ascending)', () => {
    expect(toggleSort({ sort: 'created', order: 'desc' }, 'created')).toEqual({ sort: 'created', order: 'asc' })
    expect(toggleSort({ sort: 'created', order: 'asc' }, 'created')).toEqual({ sort: 'created', order: 'desc' })
    expect(toggleSort({ sort: 'created', order: 'asc' }, 'priority')).toEqual({ sort: 'priority', order: 'desc' })
    expect(toggleSort({ sort: 'created', order: 'desc' }, 'deadline')).toEqual({ sort: 'deadline', order: 'asc' })
  })

  it('a filter change returns to the first page; paging keeps the filters', () => {
    const f = { ...defaultFilters(), page: 4, category: 'noise' }
    expect(withFilter(f, { source: 'app' }).page).toBe(0)
    expect(withFilter(f, { page: 5 })).toMatchObject({ page: 5, category: 'noise' })
    expect(pageCount(0)).toBe(1)
    expect(pageCount(PAGE_SIZE + 1)).toBe(2)
  })

  it('tab labels and counts: the whistle tab is 吹哨给我 for a department and reads `whistled`', () => {
    expect(tabLabel('whistle', true)).toBe('吹哨给我')
    expect(tabLabel('whistle', false)).not.toBe('吹哨给我')
    expect(tabLabel('received', false)).toBe('待派单')
    expect(tabLabel('dispatched', false)).toBe('待受理')
    expect(tabCount('whistle', COUNTS)).toBe(6)
    expect(tabCount('overdue', COUNTS)).toBe(5)
    expect(tabCount('received', null)).toBeNull()
  })
})

describe('queue keys', () => {
  it('j/k and the arrows move within the page, clamped; the first press selects the top row', () => {
    expect(queueKeyAction({ key: 'j' }, null, 3)).toEqual({ type: 'select', index: 0 })
    expect(queueKeyAction({ key: 'ArrowDown' }, 1, 3)).toEqual({ type: 'select', index: 2 })
    expect(queueKeyAction({ key: 'j' }, 2, 3)).toEqual({ type: 'select', index: 2 })
    expect(queueKeyAction({ key: 'k' }, 0, 3)).toEqual({ type: 'select', index: 0 })
    expect(queueKeyAction({ key: 'ArrowUp' }, 2, 3)).toEqual({ type: 'select', index: 1 })
    expect(queueKeyAction({ key: 'j' }, null, 0)).toBeNull()
  })

  it('Enter opens only a selected row; / searches; 1–6 switch tabs; 7 and other keys are left alone', () => {
    expect(queueKeyAction({ key: 'Enter' }, 1, 3)).toEqual({ type: 'open', index: 1 })
    expect(queueKeyAction({ key: 'Enter' }, null, 3)).toBeNull()
    expect(queueKeyAction({ key: '/' }, null, 0)).toEqual({ type: 'search' })
    expect(queueKeyAction({ key: '1' }, null, 0)).toEqual({ type: 'tab', tab: 'received' })
    expect(queueKeyAction({ key: '6' }, null, 0)).toEqual({ type: 'tab', tab: 'whistle' })
    expect(queueKeyAction({ key: '7' }, null, 0)).toBeNull()
    expect(queueKeyAction({ key: 'x' }, null, 0)).toBeNull()
    expect(queueKeyAction({ key: 'PageDown' }, null, 0)).toEqual({ type: 'page', delta: 1 })
  })

  it('leaves typing alone (only Escape leaves the field) and ignores modified keys', () => {
    expect(queueKeyAction({ key: 'j', targetTag: 'input' }, 0, 3)).toBeNull()
    expect(queueKeyAction({ key: '1', targetTag: 'SELECT' }, 0, 3)).toBeNull()
    expect(queueKeyAction({ key: '/', targetEditable: true }, 0, 3)).toBeNull()
    expect(queueKeyAction({ key: 'Escape', targetTag: 'INPUT' }, 0, 3)).toEqual({ type: 'blur' })
    expect(queueKeyAction({ key: 'j', ctrlKey: true }, 0, 3)).toBeNull()
  })

  it('keeps the selection on the same case after a reload, else at the same place', () => {
    expect(keepSelection(12, 0, [10, 11, 12])).toBe(2)
    expect(keepSelection(99, 2, [10, 11])).toBe(1)
    expect(keepSelection(null, null, [10])).toBeNull()
    expect(keepSelection(10, 0, [])).toBeNull()
  })
})

describe('useCaseQueue', () => {
  let scope: EffectScope

  function start(debounceMs = 500) {
    const list = fakeRoute<CaseQueueQuery, CaseList>()
    const queue = fakeRoute<{ area?: string } | undefined, CaseQueueCounts>()
    const sock = fakeIo()
    scope = effectScope()
    const q = scope.run(() =>
      useCaseQueue({ scopeArea: 'S1', fetcher: { list: list.fn, queue: queue.fn }, io: sock.io, debounceMs, markMs: 2000 }),
    )!
    return { q, list, queue, sock }
  }
  const page = (ids: number[]): CaseList => ({ total: ids.length, limit: PAGE_SIZE, offset: 0, items: ids.map((id) => caseView(id)) })

  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  it('loads the first page and the counts in the scope, and connects live to the same area', async () => {
    const { q, list, queue, sock } = start()
    expect(list.calls).toHaveLength(1)
    expect(list.last().arg).toMatchObject({ area: 'S1', status: 'received', offset: 0 })
    expect(queue.calls).toHaveLength(1)
    expect(queue.last().arg).toEqual({ area: 'S1' })
    expect(sock.last().auths).toEqual([{ areaId: 'S1' }])
    expect(q.live.value).toBe(true)
    list.last().resolve(page([1, 2, 3]))
    queue.last().resolve(COUNTS)
    await settle()
    expect(q.items.value.map((c) => c.id)).toEqual([1, 2, 3])
    expect(q.counts.value).toEqual(COUNTS)
  })

  it('a filter change refetches the page (not the counts) and a child area refetches both', async () => {
    const { q, list, queue } = start()
    q.setFilter({ tab: 'overdue' })
    await nextTick()
    expect(list.calls).toHaveLength(2)
    expect(list.last().arg).toMatchObject({ overdue: true, status: 'received,dispatched,handling' })
    expect(list.calls[0]!.signal.aborted).toBe(true)
    expect(queue.calls).toHaveLength(1)
    q.setFilter({ area: 'C3' })
    await nextTick()
    expect(list.last().arg.area).toBe('C3')
    expect(queue.calls).toHaveLength(2)
    expect(queue.last().arg).toEqual({ area: 'C3' })
  })

  it('a burst of case events refetches page and counts once, after the debounce, and marks the touched rows', async () => {
    const { q, list, queue, sock } = start(500)
    list.last().resolve(page([1001, 1002, 1003]))
    queue.last().resolve(COUNTS)
    await settle()
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 10 })
    s.emit('case-event', caseEvent(11, 1002, 'dispatched'))
    await vi.advanceTimersByTimeAsync(200)
    s.emit('case-event', caseEvent(12, 1003, 'started'))
    await vi.advanceTimersByTimeAsync(200)
    expect(list.calls).toHaveLength(1) // still waiting
    await vi.advanceTimersByTimeAsync(100)
    expect(list.calls).toHaveLength(2)
    expect(queue.calls).toHaveLength(2)
    expect(list.last().arg).toEqual(list.calls[0]!.arg) // the same page, again
    expect(q.changed.value.size).toBe(0) // marked only once the new page is in
    list.last().resolve(page([1001, 1002, 1003]))
    queue.last().resolve({ ...COUNTS, received: 3 })
    await settle()
    expect([...q.changed.value].sort()).toEqual([1002, 1003])
    expect(q.counts.value?.received).toBe(3)
    await vi.advanceTimersByTimeAsync(2000)
    expect(q.changed.value.size).toBe(0)
  })

  it('refetches after a reconnection (events may have been missed), not on the first caught-up', async () => {
    const { list, sock } = start(500)
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 1 })
    await vi.advanceTimersByTimeAsync(600)
    expect(list.calls).toHaveLength(1)
    s.transportClose()
    s.connect()
    s.emit('caught-up', { lastEventId: 5 })
    await vi.advanceTimersByTimeAsync(600)
    expect(list.calls).toHaveLength(2)
  })

  it('keeps the selected case selected when the page reloads with it moved', async () => {
    const { q, list, queue, sock } = start(100)
    list.last().resolve(page([1, 2, 3]))
    queue.last().resolve(COUNTS)
    await settle()
    q.selectedIndex.value = 1
    expect(q.selected.value?.id).toBe(2)
    sock.last().emit('case-event', caseEvent(20, 9, 'created'))
    await vi.advanceTimersByTimeAsync(100)
    list.last().resolve(page([9, 1, 2, 3]))
    await settle()
    expect(q.selected.value?.id).toBe(2)
    expect(q.selectedIndex.value).toBe(2)
  })

  it('switching tabs clears the selection; closing the scope closes the socket and the timers', async () => {
    const { q, list, sock } = start(500)
    list.last().resolve(page([1, 2]))
    await settle()
    q.selectedIndex.value = 1
    q.setFilter({ tab: 'handling' })
    expect(q.selectedIndex.value).toBeNull()
    sock.last().emit('case-event', caseEvent(30, 1, 'started'))
    const calls = list.calls.length
    scope.stop()
    expect(sock.last().connected).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(list.calls).toHaveLength(calls)
  })
})
