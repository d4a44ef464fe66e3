/**
 * The 服务圈内外诉求对比 card's logic: formatting of rates, ratios and shares (circlesView), and
 * useCircles against a fake API (loads per area and window, a new area never shows the old one's
 * figures, the last answer stays through an error, nothing loads while disabled, refresh on a timer).
 */
import { effectScope, nextTick, shallowRef, type EffectScope, type ShallowRef } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CirclesAnswer, CirclesQuery } from '../../web/src/api/circles.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { circlesView, ratioTone } from '../../web/src/composables/circles-view.ts'
import { useCircles } from '../../web/src/composables/useCircles.ts'
import { compareCircles } from '../../server/domain/circles/index.ts'
import { fakeRoute, settle } from './fake-api.ts'

/*
 * Two buildings: A (2,000 residents, 4 min) and B (8,000 residents, 12 min); 4 cases at A (3 settled at
 * 楼栋, 1 at 街道), 24 at B (all settled, 6 at 小区), 2 on the street.
 * 5 min:  inside A 4/2000 = 2.00 per 1,000; outside B 24/8000 = 3.00; ratio 0.67 (fewer: 33 % less inside)
 *         楼栋/小区 share inside 3/4 = 75 %, outside 6/24 = 25 %
 * 15 min: inside A+B 28/10000 = 2.80; outside nobody: no rate, no ratio
 */
function answer(asOf = '2024-07-02T04:05:06.000Z'): CirclesAnswer {
  const window = { from: '2024-06-02T04:05:06.000Z', to: asOf }
  const at = '2024-07-01T02:00:00.000Z'
  const cases = [
    ...Array.from({ length: 3 }, () => ({ buildingId: 'A', category: 'noise', createdAt: at, resolvedLevel: 'building', resolvedAt: at })),
    { buildingId: 'A', category: 'noise', createdAt: at, resolvedLevel: 'street', resolvedAt: at },
    ...Array.from({ length: 24 }, (_, i) => ({ buildingId: 'B', category: i < 20 ? 'water_supply' : 'noise', createdAt: at, resolvedLevel: i < 6 ? 'compound' : 'community', resolvedAt: at })),
    ...Array.from({ length: 2 }, () => ({ buildingId: null, category: 'parking', createdAt: at, resolvedLevel: null, resolvedAt: null })),
  ]
  const r = compareCircles(
    [
      { id: 'A', residents: 2000, households: 800, minutes: 4, streetId: 'S1' },
      { id: 'B', residents: 8000, households: 3000, minutes: 12, streetId: 'S1' },
    ],
    cases,
    { window },
  )
  return {
    asOf,
    window: { name: '30d', label: '近30天', ...window },
    area: null,
    scenario: 'current',
    speedKmh: 4,
    thresholds: r.thresholds,
    byCategory: r.byCategory.map((c) => ({ ...c, name: c.category === 'noise' ? '噪音扰民' : '供水漏水' })),
    byStreet: r.byStreet.map((s) => ({ id: s.streetId, name: '街道', thresholds: s.thresholds })),
    daily: r.daily,
    unplaced: { ...r.unplaced, note: '' },
  }
}

describe('circlesView (the card’s figures)', () => {
  const v = circlesView(answer())

  it('shows rates per 1,000 with two decimals, the ratio and how to read it', () => {
    expect(v.rows.map((r) => [r.minutes, r.inside, r.outside, r.ratio, r.tone])).toEqual([
      [5, '2.00', '3.00', '0.67×', 'fewer'],
      [15, '2.80', '—', '—', null],
    ])
    expect(v.rows[0].reading).toBe('5 分钟圈内每千人诉求比圈外少 33%')
    expect(v.rows[1].reading).toBe('圈外无常住人口')
    expect(v.rows[0].residentsInside).toBe('2,000')
    expect(v.rows[1].residentsInside).toBe('1.0万')
  })

  it('shows the 楼栋/小区 shares inside and outside', () => {
    expect([v.rows[0].localInside, v.rows[0].localOutside]).toEqual(['75%', '25%'])
  })

  it('lists the top categories at the larger circle and says how many cases were left unplaced', () => {
    expect(v.categoryMinutes).toBe(15)
    expect(v.categories.map((c) => [c.name, c.cases, c.inside])).toEqual([['供水漏水', 20, '2.00'], ['噪音扰民', 8, '0.80']])
    expect(circlesView(answer(), { topCategories: 1 }).categories).toHaveLength(1)
    expect(v.unplaced).toBe('另有 2 件位于街面或非住宅楼栋，未计入圈内外')
    expect(v.empty).toBe(false)
    expect(v.asOf).toBe('12:05:06') // China time
  })

  it('reads ratios near 1 as even', () => {
    expect([ratioTone(0.95), ratioTone(1.05), ratioTone(1.2), ratioTone(0.5), ratioTone(null)]).toEqual(['even', 'even', 'more', 'fewer', null])
  })
})

describe('useCircles', () => {
  let scope: EffectScope
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })
  beforeEach(() => {
    vi.useFakeTimers()
  })

  function start(areaId: ShallowRef<string | null>, enabled = shallowRef(true)) {
    const route = fakeRoute<CirclesQuery, CirclesAnswer>()
    scope = effectScope()
    const c = scope.run(() => useCircles({ areaId, enabled, fetcher: { get: route.fn }, refreshMs: 60_000 }))!
    return { route, c, enabled }
  }

  it('loads the area over the chosen window and refreshes on a timer', async () => {
    const area = shallowRef<string | null>('S1')
    const { route, c } = start(area)
    expect(route.calls.map((x) => x.arg)).toEqual([{ window: '30d', area: 'S1' }])
    route.last().resolve(answer())
    await settle()
    expect(c.view.value?.rows[0].inside).toBe('2.00')

    c.window.value = '7d'
    await nextTick()
    expect(route.last().arg).toEqual({ window: '7d', area: 'S1' })
    // The old window's figures stay until the new answer comes (no blank card).
    expect(c.view.value).not.toBeNull()

    vi.advanceTimersByTime(60_000)
    expect(route.calls).toHaveLength(3)
    expect(route.last().arg).toEqual({ window: '7d', area: 'S1' })
  })

  it("never shows one area's figures under another, and keeps the last answer through an error", async () => {
    const area = shallowRef<string | null>('S1')
    const { route, c } = start(area)
    route.last().resolve(answer())
    await settle()
    area.value = null
    await nextTick()
    expect(c.data.value).toBeNull()
    expect(route.last().arg).toEqual({ window: '30d' })
    route.last().resolve(answer('2024-07-02T05:00:00.000Z'))
    await settle()
    void c.refresh()
    route.last().reject(new ApiError('ENGINE_UNAVAILABLE', '服务圈计算暂不可用', 503))
    await settle()
    expect(c.error.value?.code).toBe('ENGINE_UNAVAILABLE')
    expect(c.view.value?.asOf).toBe('13:00:00')
  })

  it('loads nothing while disabled (an area outside the account’s own)', async () => {
    const { route, enabled } = start(shallowRef<string | null>('S9'), shallowRef(false))
    expect(route.calls).toHaveLength(0)
    vi.advanceTimersByTime(600_000)
    expect(route.calls).toHaveLength(0)
    enabled.value = true
    await nextTick()
    expect(route.calls).toHaveLength(1)
  })
})
