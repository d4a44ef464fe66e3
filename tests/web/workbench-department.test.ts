/**
 * 吹哨报到 for a department: whistles awaiting report-in come soonest deadline first, the report-in is
 * the `report` transition, the lists and rate are reloaded after it (also after a refusal), and the
 * rate shown is this department's entry of the stats.
 */
import { effectScope, type EffectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaseDetail, CaseList, CaseQueueQuery, CaseStats, CaseStatsQuery, DepartmentStats, TransitionRequest } from '../../web/src/api/case-types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { byReportDeadline, useDepartment } from '../../web/src/composables/useDepartment.ts'
import { formatCountdown } from '../../web/src/composables/time-left.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { caseView } from './fake-socket.ts'

const whistled = (id: number, reportBy: string) =>
  caseView(id, {
    escalation: { department: 'housing', fromLevel: 'street', fromAreaId: 'S1', escalatedAt: '2024-07-01T00:00:00Z', reportBy, reportedAt: null, note: null },
  })
const dept = (over: Partial<DepartmentStats>): DepartmentStats => ({
  department: 'housing', name: '区住房和城乡建设局', escalated: 4, reported: 2, reportRate: 0.5, onTimeRate: 0.5, avgReportHours: 1.5, ...over,
})
const list = (items: ReturnType<typeof caseView>[]): CaseList => ({ total: items.length, limit: 200, offset: 0, items })
const stats = (departments: DepartmentStats[]) => ({ departments }) as unknown as CaseStats

describe('department report-in', () => {
  let scope: EffectScope
  afterEach(() => scope?.stop())

  it('orders pending whistles by their report-in deadline', () => {
    const a = whistled(1, '2024-07-01T05:00:00Z')
    const b = whistled(2, '2024-07-01T02:00:00Z')
    const c = caseView(3)
    expect(byReportDeadline([a, c, b]).map((x) => x.id)).toEqual([2, 1, 3])
  })

  it('counts down to the second and turns late past the deadline', () => {
    const t = Date.parse('2024-07-01T02:00:00Z')
    expect(formatCountdown(t, t - 3_725_000)).toEqual({ text: '01:02:05', late: false })
    expect(formatCountdown(t, t + 65_000)).toEqual({ text: '-00:01:05', late: true })
  })

  it('loads pending and past whistles and the stats; reports in and reloads; shows its own rate only', async () => {
    const lists = fakeRoute<CaseQueueQuery, CaseList>()
    const st = fakeRoute<CaseStatsQuery, CaseStats>()
    const tr = fakeRoute<{ id: number; body: TransitionRequest }, CaseDetail>()
    scope = effectScope()
    const d = scope.run(() =>
      useDepartment({
        department: 'housing',
        refreshMs: 3_600_000,
        fetcher: { list: lists.fn, stats: st.fn, transition: (id, body, signal) => tr.fn({ id, body }, signal) },
      }),
    )!
    expect(lists.calls.map((c) => c.arg.whistle)).toEqual(['pending', 'any'])
    expect(st.last().arg).toEqual({ window: '7d' })
    lists.calls[0]!.resolve(list([whistled(1, '2024-07-01T05:00:00Z'), whistled(2, '2024-07-01T02:00:00Z')]))
    lists.calls[1]!.resolve(list([]))
    st.last().resolve(stats([dept({ department: 'water', reportRate: 1 }), dept({})]))
    await settle()
    expect(d.pending.value.map((c) => c.id)).toEqual([2, 1])
    expect(d.mine.value?.department).toBe('housing')
    expect(d.mine.value?.reportRate).toBe(0.5)

    const done = d.report(2)
    await settle()
    expect(tr.last().arg).toEqual({ id: 2, body: { action: 'report' } })
    tr.last().resolve({} as CaseDetail)
    await settle()
    expect(lists.calls).toHaveLength(4) // reloaded after the report-in
    lists.calls[2]!.resolve(list([whistled(1, '2024-07-01T05:00:00Z')]))
    lists.calls[3]!.resolve(list([]))
    st.last().resolve(stats([dept({ reported: 3, reportRate: 0.75 })]))
    expect(await done).toBe(true)
    expect(d.pending.value.map((c) => c.id)).toEqual([1])
    expect(d.mine.value?.reportRate).toBe(0.75)

    const refused = d.report(1)
    await settle()
    tr.last().reject(new ApiError('CONFLICT', '诉求状态已变化', 409, '/api/cases/1/transitions'))
    await settle()
    expect(lists.calls).toHaveLength(6)
    lists.calls[4]!.resolve(list([]))
    lists.calls[5]!.resolve(list([]))
    st.last().resolve(stats([]))
    expect(await refused).toBe(false)
    expect(d.reportError.value?.status).toBe(409)
    expect(d.mine.value).toBeNull()
  })
})
