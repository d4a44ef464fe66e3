/** The planner's siting helpers: the plan as the suggest route takes it, its key, the distance input and the curve's outline. */
import { describe, expect, it } from 'vitest'
import { clampMinDistance, curvePoints, DEFAULT_MIN_DISTANCE_M, MAX_MIN_DISTANCE_M, planKey, planOf } from '../../web/src/model/suggest-plan.ts'

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
})
