/** The screen's local store of recent cases, its aggregates, and the connection-health wording. */
import { describe, expect, it } from 'vitest'
import { casesSince, categoryCounts, hourlyCounts } from '../../web/src/composables/case-aggregates.ts'
import { hourCst, startOfDayCst } from '../../web/src/composables/cst-time.ts'
import { liveHealth } from '../../web/src/composables/live-health.ts'
import { RecentCases } from '../../web/src/composables/recent-cases.ts'
import { caseView } from './fake-socket.ts'

const at = (iso: string) => ({ createdAt: iso })

describe('RecentCases', () => {
  it('keeps the newer version of a case and orders the ticker newest first', () => {
    const store = new RecentCases({ tickerSize: 3 })
    expect(store.upsert(caseView(1, { ...at('2024-07-01T01:00:00Z'), version: 2, status: 'dispatched' }))).toBe('new')
    expect(store.upsert(caseView(1, { ...at('2024-07-01T01:00:00Z'), version: 1 }))).toBe('stale')
    expect(store.upsert(caseView(2, at('2024-07-01T03:00:00Z')))).toBe('new')
    expect(store.upsert(caseView(3, at('2024-07-01T02:00:00Z')))).toBe('new')
    expect(store.upsert(caseView(4, at('2024-07-01T00:00:00Z')))).toBe('new')
    expect(store.ticker.map((c) => c.id)).toEqual([2, 3, 1])
    expect(store.ticker.find((c) => c.id === 1)?.status).toBe('dispatched')
    expect(store.upsert(caseView(3, { ...at('2024-07-01T02:00:00Z'), version: 2, status: 'resolved' }))).toBe('updated')
    expect(store.ticker.map((c) => [c.id, c.status])).toEqual([[2, 'received'], [3, 'resolved'], [1, 'dispatched']])
    expect(store.size).toBe(4)
  })

  it('prunes old cases, refuses new ones older than the cutoff and caps its size', () => {
    const store = new RecentCases({ maxCases: 100 })
    for (let i = 0; i < 50; i++) store.upsert(caseView(i, at(new Date(Date.UTC(2024, 6, 1, 0, i)).toISOString())))
    expect(store.prune(Date.UTC(2024, 6, 1, 0, 30))).toBe(30)
    expect(store.size).toBe(20)
    expect(store.upsert(caseView(999, at('2024-06-30T00:00:00Z')))).toBe('too-old')
    for (let i = 100; i < 400; i++) store.upsert(caseView(i, at(new Date(Date.UTC(2024, 6, 2, 0, 0, i)).toISOString())))
    expect(store.size).toBeLessThanOrEqual(100)
    expect(store.has(399)).toBe(true)
    expect(store.has(100)).toBe(false)
  })
})

describe('case aggregates', () => {
  const store = new RecentCases()
  // 2024-07-01 00:30 CST is 2024-06-30T16:30Z.
  store.upsert(caseView(1, { ...at('2024-06-30T16:30:00Z'), category: 'noise', categoryName: '噪音扰民', class721: 'enforcement' }))
  store.upsert(caseView(2, at('2024-07-01T01:10:00Z')))
  store.upsert(caseView(3, at('2024-07-01T01:50:00Z')))
  store.upsert(caseView(4, at('2024-06-30T15:00:00Z')))
  const list = store.list()
  const day = startOfDayCst(Date.parse('2024-07-01T02:00:00Z'))

  it('counts today by China-time hour', () => {
    expect(new Date(day).toISOString()).toBe('2024-06-30T16:00:00.000Z')
    const h = hourlyCounts(list, day)
    expect(h).toHaveLength(24)
    expect(h[0]).toBe(1)
    expect(h[9]).toBe(2)
    expect(h.reduce((a, b) => a + b, 0)).toBe(3)
    expect(hourlyCounts(list, day)).toBe(h) // memoised
    expect(hourCst(Date.parse('2024-07-01T01:10:00Z'))).toBe(9)
  })

  it('counts categories and filters the heat window', () => {
    expect(categoryCounts(list, day).map((c) => [c.code, c.count])).toEqual([['water_supply', 2], ['noise', 1]])
    expect(casesSince(list, Date.parse('2024-07-01T01:00:00Z')).map((c) => c.id).sort()).toEqual([2, 3])
  })
})

describe('liveHealth', () => {
  const base = { now: 1_000_000, lastEventAt: 990_000, statsAt: 995_000, syncAt: 900_000 }

  it('reads 在线 / 同步中 / 重连中 / 离线 with the time since the last event', () => {
    expect(liveHealth({ ...base, state: 'live', downSince: null })).toMatchObject({ label: '在线', level: 'ok', lastEvent: '最近事件 10 秒前', stale: null })
    expect(liveHealth({ ...base, state: 'replaying', downSince: null }).label).toBe('同步中')
    expect(liveHealth({ ...base, state: 'down', downSince: 990_000 })).toMatchObject({ label: '重连中', level: 'warn', stale: null })
    const off = liveHealth({ ...base, state: 'down', downSince: 900_000 })
    expect(off).toMatchObject({ label: '离线', level: 'bad' })
    expect(off.stale).toContain('实时连接已中断 1 分钟')
  })

  it('warns when nothing has been refreshed for a while even with the socket up', () => {
    const h = liveHealth({ ...base, now: base.statsAt + 6 * 60_000, state: 'live', downSince: null })
    expect(h.stale).toContain('6 分钟前')
    expect(h.freshAt).toBe(base.statsAt)
  })
})
