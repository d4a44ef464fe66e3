/**
 * The drill-down's cases and coverage (useAreaCases over fake routes): the questions asked per level,
 * the coverage answer of a level reused between siblings, the building's cases, and the answers read
 * into figures (721 split, 楼栋/小区 share, coverage share and gaps).
 */
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaseList, CaseQueueQuery, CaseStats, CaseStatsQuery, CaseView } from '../../web/src/api/case-types.ts'
import type { AreaLevel, CoverageResponse } from '../../web/src/api/types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { areaCaseQueries, areaCoverageFigures, openFirst, type AreaTarget } from '../../web/src/composables/area-cases.ts'
import { useAreaCases } from '../../web/src/composables/useAreaCases.ts'
import { fakeRoute, settle } from './fake-api.ts'

function stats(area: string, o: { today: number; open: number; overdue: number; local: number | null }): CaseStats {
  return {
    area: { id: area, name: area, level: 'grid' },
    window: { from: '', to: '' },
    asOf: '',
    hourly: [],
    counts: { today: o.today, week: o.today + 3, window: o.today + 3, open: o.open, resolved: 2 },
    resolvedRate: null,
    avgHandlingHours: null,
    p90HandlingHours: null,
    overdue: o.overdue,
    overdueRate: null,
    satisfaction: { average: null, count: 0 },
    split721: { service: { count: 5, share: 5 / 7 }, management: { count: 2, share: 2 / 7 }, enforcement: { count: 0, share: 0 } },
    localResolutionShare: o.local,
    trend: { today: { now: 0, before: 0, change: null }, week: { now: 0, before: 0, change: null } },
    departments: [],
    children: [],
  }
}

function kase(id: number, o: Partial<CaseView> = {}): CaseView {
  return {
    id, source: 'patrol', externalId: null, category: 'sanitation', categoryName: '环境卫生', class721: 'service', title: `诉求${id}`,
    description: null, address: null, location: { lng: 120, lat: 30 }, reporter: { name: null, phone: null }, priority: 'normal',
    status: 'received', buildingId: null, compoundId: null, gridId: 'G1', communityId: 'C1', streetId: 'S1', districtId: 'D1',
    outsideGrid: false, possibleDuplicateOf: null, dispatchedTo: null, resolvedLevel: null, resolution: null, satisfaction: null,
    escalation: null, reopenCount: 0, createdAt: new Date(Date.UTC(2024, 6, 1, 8, id)).toISOString(), deadlineAt: '2024-07-02T08:00:00Z',
    dispatchedAt: null, startedAt: null, resolvedAt: null, evaluatedAt: null, closedAt: null, updatedAt: '2024-07-01T08:00:00Z',
    overdue: false, version: 1, ...o,
  }
}

function coverage(level: AreaLevel, rows: { id: string; residents: number; buildings: number; c5: [number, number]; c15: [number, number] }[]): CoverageResponse {
  const counts = (residents: number, buildings: number, total: number) => ({
    residents, households: 0, buildings, partyMemberHouseholds: 0, share: total > 0 ? residents / total : 0,
  })
  return {
    minutes: [5, 15], scenario: 'current', speedKmh: 4, stations: 3,
    areas: rows.map((r) => ({
      id: r.id, level, name: r.id, parentId: null, residents: r.residents, households: 0, buildings: r.buildings, partyMemberHouseholds: 0,
      covered: { '5': counts(r.c5[0], r.c5[1], r.residents), '15': counts(r.c15[0], r.c15[1], r.residents) },
    })),
  }
}

describe('area case queries', () => {
  it('asks each level about its own subtree, with the coverage of its level', () => {
    for (const level of ['street', 'community', 'grid'] as const) {
      const q = areaCaseQueries({ id: `X-${level}`, level })
      expect(q.stats).toEqual({ area: `X-${level}`, window: '7d' })
      expect(q.latest).toEqual({ area: `X-${level}`, limit: 8 })
      expect(q.open).toEqual({ area: `X-${level}`, status: 'received,dispatched,handling', limit: 500 })
      expect(q.coverage).toEqual({ minutes: [5, 15], scenario: 'current', level })
    }
  })

  it('reads an area out of a level answer, with gaps as residential buildings outside the circle', () => {
    const res = coverage('grid', [
      { id: 'G1', residents: 1000, buildings: 20, c5: [400, 8], c15: [900, 18] },
      { id: 'G2', residents: 0, buildings: 0, c5: [0, 0], c15: [0, 0] },
    ])
    expect(areaCoverageFigures(res, 'G1')).toEqual([
      { minutes: 5, residents: 1000, covered: 400, share: 0.4, gapBuildings: 12 },
      { minutes: 15, residents: 1000, covered: 900, share: 0.9, gapBuildings: 2 },
    ])
    expect(areaCoverageFigures(res, 'G2')?.[0]?.share).toBeNull()
    expect(areaCoverageFigures(res, 'G3')).toBeNull()
    expect(areaCoverageFigures(null, 'G1')).toBeNull()
  })

  it('puts open cases first, overdue ones at the top', () => {
    const list = [kase(1, { status: 'closed' }), kase(2), kase(3, { overdue: true, status: 'handling' }), kase(4, { status: 'resolved' }), kase(5)]
    expect(openFirst(list).map((c) => c.id)).toEqual([3, 5, 2, 4, 1])
  })
})

describe('useAreaCases', () => {
  let scope: EffectScope | null = null
  afterEach(() => scope?.stop())

  function start(initial: AreaTarget | null, building: string | null = null, withCases = shallowRef(true)) {
    const statsRoute = fakeRoute<CaseStatsQuery, CaseStats>()
    const listRoute = fakeRoute<CaseQueueQuery, CaseList>()
    const covRoute = fakeRoute<{ minutes: number[]; scenario: string; level?: AreaLevel }, CoverageResponse>()
    const area = shallowRef(initial)
    const buildingId = shallowRef(building)
    scope = effectScope()
    const r = scope.run(() =>
      useAreaCases({
        area,
        buildingId,
        withCases,
        fetcher: { stats: statsRoute.fn, list: listRoute.fn },
        coverageFetcher: { coverage: covRoute.fn as never },
      }),
    )!
    return { r, area, buildingId, statsRoute, listRoute, covRoute }
  }

  it("asks only for the coverage of an area outside the user's own, and for its cases once it is theirs", async () => {
    const withCases = shallowRef(false)
    const { statsRoute, listRoute, covRoute } = start({ id: 'D1', level: 'district' }, null, withCases)
    expect(covRoute.calls).toHaveLength(1)
    expect(statsRoute.calls).toHaveLength(0)
    expect(listRoute.calls).toHaveLength(0)
    withCases.value = true
    await settle()
    expect(statsRoute.calls.map((c) => c.arg)).toEqual([{ area: 'D1', window: '7d' }])
    expect(listRoute.calls.length).toBeGreaterThan(0)
  })

  it('loads the KPIs, the latest cases and the coverage of a grid and maps the answers', async () => {
    const { r, statsRoute, listRoute, covRoute } = start({ id: 'G1', level: 'grid' })
    expect(statsRoute.last().arg).toEqual({ area: 'G1', window: '7d' })
    const [latestCall, openCall] = listRoute.calls
    expect(latestCall?.arg).toEqual({ area: 'G1', limit: 8 })
    expect(openCall?.arg).toEqual({ area: 'G1', status: 'received,dispatched,handling', limit: 500 })
    expect(covRoute.last().arg).toEqual({ minutes: [5, 15], scenario: 'current', level: 'grid' })

    statsRoute.last().resolve(stats('G1', { today: 2, open: 4, overdue: 1, local: 0.75 }))
    latestCall!.resolve({ total: 2, limit: 8, offset: 0, items: [kase(7, { status: 'closed' }), kase(6)] })
    openCall!.resolve({ total: 1, limit: 500, offset: 0, items: [kase(6)] })
    covRoute.last().resolve(coverage('grid', [{ id: 'G1', residents: 500, buildings: 10, c5: [250, 5], c15: [500, 10] }]))
    await settle()

    expect(r.figures.value).toMatchObject({ today: 2, week: 5, open: 4, overdue: 1, localShare: 0.75 })
    expect(r.figures.value?.split.map((s) => [s.name, s.count])).toEqual([['服务', 5], ['管理', 2], ['执法', 0]])
    expect(r.latest.value.map((c) => c.id)).toEqual([7, 6])
    expect(r.open.value.map((c) => c.id)).toEqual([6])
    expect(r.coverage.value?.map((c) => [c.minutes, c.share, c.gapBuildings])).toEqual([[5, 0.5, 5], [15, 1, 0]])
    expect(r.loading.value).toBe(false)
  })

  it('asks the coverage of a level once: a sibling reuses it, a new level asks again', async () => {
    const { r, area, statsRoute, covRoute } = start({ id: 'C1', level: 'community' })
    covRoute.last().resolve(coverage('community', [
      { id: 'C1', residents: 100, buildings: 4, c5: [10, 1], c15: [50, 2] },
      { id: 'C2', residents: 200, buildings: 6, c5: [200, 6], c15: [200, 6] },
    ]))
    await settle()
    area.value = { id: 'C2', level: 'community' }
    await nextTick()
    expect(covRoute.calls).toHaveLength(1)
    expect(statsRoute.last().arg.area).toBe('C2')
    expect(r.coverage.value?.[0]).toMatchObject({ minutes: 5, share: 1, gapBuildings: 0 })

    area.value = { id: 'S1', level: 'street' }
    await nextTick()
    expect(covRoute.calls).toHaveLength(2)
    expect(covRoute.last().arg.level).toBe('street')
  })

  it('drops the previous area\'s answer when the area changes and ignores its late reply', async () => {
    const { r, area, statsRoute } = start({ id: 'G1', level: 'grid' })
    const first = statsRoute.last()
    area.value = { id: 'G2', level: 'grid' }
    await nextTick()
    expect(first.signal.aborted).toBe(true)
    first.resolve(stats('G1', { today: 9, open: 9, overdue: 9, local: null }))
    await settle()
    expect(r.figures.value).toBeNull()
    statsRoute.last().resolve(stats('G2', { today: 1, open: 0, overdue: 0, local: null }))
    await settle()
    expect(r.figures.value?.today).toBe(1)
  })

  it('lists the cases of the selected building and forgets them when it is closed', async () => {
    const { r, buildingId, listRoute } = start({ id: 'G1', level: 'grid' }, 'B9')
    const call = listRoute.calls.find((c) => c.arg.building === 'B9')
    expect(call?.arg).toEqual({ building: 'B9', limit: 20 })
    call!.resolve({ total: 1, limit: 20, offset: 0, items: [kase(11, { buildingId: 'B9', status: 'evaluated', resolvedLevel: 'building', satisfaction: 5 })] })
    await settle()
    expect(r.buildingCases.value.map((c) => c.id)).toEqual([11])
    buildingId.value = null
    await nextTick()
    expect(r.buildingCases.value).toEqual([])
  })

  it('keeps a failed building list apart from the area\'s figures', async () => {
    const { r, statsRoute, listRoute } = start({ id: 'G1', level: 'grid' }, 'B9')
    listRoute.calls.find((c) => c.arg.building === 'B9')!.reject(new ApiError('http', '请求参数有误', 400))
    statsRoute.last().resolve(stats('G1', { today: 1, open: 1, overdue: 0, local: null }))
    for (const c of listRoute.calls.filter((c) => !c.arg.building)) c.resolve({ total: 0, limit: 8, offset: 0, items: [] })
    await settle()
    expect(r.buildingError.value?.message).toBe('请求参数有误')
    expect(r.error.value).toBeNull()
    expect(r.figures.value?.today).toBe(1)
  })

  it('shows a failure as an error and recovers on refresh', async () => {
    const { r, statsRoute, listRoute } = start({ id: 'G1', level: 'grid' })
    statsRoute.last().reject(new ApiError('http', '服务器错误（500）', 500))
    for (const c of listRoute.calls) c.resolve({ total: 0, limit: 8, offset: 0, items: [] })
    await settle()
    expect(r.error.value?.message).toBe('服务器错误（500）')
    const before = listRoute.calls.length
    r.refresh()
    statsRoute.last().resolve(stats('G1', { today: 3, open: 1, overdue: 0, local: null }))
    for (const c of listRoute.calls.slice(before)) c.resolve({ total: 0, limit: 8, offset: 0, items: [] })
    await settle()
    expect(r.error.value).toBeNull()
    expect(r.figures.value?.today).toBe(3)
  })
})
