/** The planner's siting helpers: the plan as the suggest route takes it, its key, the distance input and the curve's outline. */
import { describe, expect, it } from 'vitest'
import { clampMinDistance, curvePoints, DEFAULT_MIN_DISTANCE_M, DEFAULT_SITE_OPTIONS, MAX_MIN_DISTANCE_M, planKey, planOf, budgetTotal, siteAimText, suggestBody } from '../../web/src/model/suggest-plan.ts'
import { useOutlineDraw } from '../../web/src/composables/useOutlineDraw.ts'
import type { LngLat } from '../../web/src/api/types.ts'

describe('suggest plan helpers', () => {
  it('turns the what-if state into the route body, and keys it by places, not by the added stations’ ids', () => {
    const plan = planOf([{ key: 'h1', lngLat: [1, 2], kind: '社区' }], new Map([['s1', [3, 4]]]), new Set(['s9', 's2']))
    expect(plan).toEqual({ add: [{ id: 'h1', lng: 1, lat: 2, kind: '社区' }], move: [{ id: 's1', lng: 3, lat: 4 }], remove: ['s9', 's2'] })
    const renamed = planOf([{ key: 'h7', lngLat: [1, 2] }], new Map([['s1', [3, 4]]]), new Set(['s2', 's9']))
    expect(planKey(renamed)).toBe(planKey(plan))
    expect(planKey(planOf([{ key: 'h1', lngLat: [1, 2.0001] }], new Map([['s1', [3, 4]]]), new Set(['s2', 's9'])))).not.toBe(planKey(plan))
    expect(planKey(planOf([], new Map(), new Set()))).not.toBe(planKey(plan))
  })

  it('clamps the typed distance to whole metres the server accepts', () => {
    expect(clampMinDistance(249.6)).toBe(250)
    expect(clampMinDistance(-3)).toBe(0)
    expect(clampMinDistance(1e9)).toBe(MAX_MIN_DISTANCE_M)
    expect(clampMinDistance('abc')).toBe(DEFAULT_MIN_DISTANCE_M)
  })

  it('draws the curve left to right, highest figure at the top', () => {
    const pts = curvePoints(100, [150, 180, 200], 300, 50)
    expect(pts.map((p) => p.x)).toEqual([0, 100, 200, 300])
    expect(pts.map((p) => p.y)).toEqual([50, 25, 10, 0])
    expect(pts.map((p) => p.value)).toEqual([100, 150, 180, 200])
    expect(curvePoints(7, [7], 10, 40).map((p) => p.y)).toEqual([20, 20])
  })

  it('asks the siting question the options describe: k, or a budget that sets it; weights only without a budget', () => {
    expect(suggestBody(3, DEFAULT_SITE_OPTIONS)).toEqual({ k: 3 })
    const ring: LngLat[] = [[1, 1], [2, 1], [2, 2], [1, 1]]
    expect(suggestBody(3, { sources: ['public_building', 'land'], outline: ring, budget: null, weights: { w5: 2, w15: 1 } })).toEqual({
      k: 3, sources: ['public_building', 'land'], within: { type: 'Polygon', coordinates: [ring] }, weight5: 2, weight15: 1,
    })
    // A budget row of 0 is dropped; with rows left the budget replaces k and the weights.
    expect(suggestBody(3, { ...DEFAULT_SITE_OPTIONS, budget: [{ kind: 'community_center', count: 2 }, { kind: 'red_post', count: 0 }], weights: { w5: 1, w15: 1 } }))
      .toEqual({ budget: [{ kind: 'community_center', count: 2 }] })
    expect(suggestBody(4, { ...DEFAULT_SITE_OPTIONS, budget: [{ kind: 'red_post', count: 0 }] })).toEqual({ k: 4 })
    expect(budgetTotal(DEFAULT_SITE_OPTIONS)).toBeNull()
    expect(budgetTotal({ ...DEFAULT_SITE_OPTIONS, budget: [{ kind: 'community_center', count: 2 }, { kind: 'red_post', count: 0 }, { kind: 'compound_station', count: 3 }] })).toBe(5)
    // The panel says what the sites maximise, as the question asks it.
    expect(siteAimText(DEFAULT_SITE_OPTIONS, 15)).toBe('按 15 分钟步行圈')
    expect(siteAimText({ ...DEFAULT_SITE_OPTIONS, weights: { w5: 2, w15: 1 } }, 15)).toBe('按 5 分钟圈 ×2 + 15 分钟圈 ×1 加权')
    expect(siteAimText({ ...DEFAULT_SITE_OPTIONS, weights: { w5: 2, w15: 1 }, budget: [{ kind: 'red_post', count: 1 }] }, 5)).toMatch(/^各类站点按其服务圈/)
  })
})

describe('drawing a siting outline', () => {
  it('closes the ring from three corners on, and cancelling keeps nothing', () => {
    const done: LngLat[][] = []
    const draw = useOutlineDraw((ring) => done.push(ring))
    draw.addCorner([0, 0])
    expect(draw.corners.value).toEqual([])
    draw.start()
    draw.addCorner([0, 0])
    draw.addCorner([1, 0])
    expect(draw.finish()).toBe(false)
    expect(draw.drawing.value).toBe(true)
    draw.addCorner([1, 1])
    expect(draw.finish()).toBe(true)
    expect(done).toEqual([[[0, 0], [1, 0], [1, 1], [0, 0]]])
    expect(draw.drawing.value).toBe(false)
    draw.start()
    draw.addCorner([5, 5])
    draw.cancel()
    expect(draw.corners.value).toEqual([])
    expect(done).toHaveLength(1)
  })
})
