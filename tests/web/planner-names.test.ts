/**
 * The planner says where things are the way people do (issue 12): suggested sites and hypothetical or
 * moved stations get their names in one batch per answer, cached by rounded position; and "全部采纳"
 * counts from the figure the headline shows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import type { AreaCoverage, CoverageResponse, PlaceDescription, Scenario, SuggestResponse, WhatIfBody, WhatIfResponse } from '../../web/src/api/types.ts'
import { usePlaceNames, placeKey } from '../../web/src/composables/usePlaceNames.ts'
import { usePlanner, type PlannerApi } from '../../web/src/composables/usePlanner.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { bands, gaps, grids, stations } from './fixtures/map-features.ts'

let scope: EffectScope | undefined
afterEach(() => {
  scope?.stop()
  scope = undefined
  vi.restoreAllMocks()
})

const described = (p: { lng: number; lat: number }): PlaceDescription => ({
  lng: p.lng, lat: p.lat, road: null, building: null, compound: null, landuse: null, street: null, community: null, grid: null,
  label: `路旁 ${p.lng.toFixed(3)}`,
})

describe('usePlaceNames', () => {
  it('asks once per call for the points it does not know, by position rounded to ~1 m', async () => {
    const route = fakeRoute<{ lng: number; lat: number }[], { items: PlaceDescription[] }>()
    scope = effectScope()
    const names = scope.run(() => usePlaceNames({ describePlaces: route.fn }))!
    void names.describe([[117.1, 30.5], [117.2, 30.5], [117.1000001, 30.5000001]])
    expect(route.calls).toHaveLength(1)
    expect(route.last().arg).toEqual([{ lng: 117.1, lat: 30.5 }, { lng: 117.2, lat: 30.5 }])
    // Asked already: no second request while the first is out.
    void names.describe([[117.2, 30.5]])
    expect(route.calls).toHaveLength(1)
    route.last().resolve({ items: route.last().arg.map(described) })
    await settle()
    expect(names.labelOf([117.100004, 30.499996])).toBe('路旁 117.100')
    expect(names.labelOf([117.3, 30.5])).toBeNull()
    expect(placeKey([117.100004, 30.499996])).toBe(placeKey([117.1, 30.5]))
    void names.describe([[117.1, 30.5], [117.3, 30.5]])
    expect(route.last().arg).toEqual([{ lng: 117.3, lat: 30.5 }])
  })

  it('keeps the coordinates when the names cannot be had, and asks again next time', async () => {
    const route = fakeRoute<{ lng: number; lat: number }[], { items: PlaceDescription[] }>()
    scope = effectScope()
    const names = scope.run(() => usePlaceNames({ describePlaces: route.fn }))!
    void names.describe([[117.1, 30.5]])
    route.last().reject(new Error('offline'))
    await settle()
    expect(names.labelOf([117.1, 30.5])).toBeNull()
    void names.describe([[117.1, 30.5]])
    expect(route.calls).toHaveLength(2)
  })
})

describe('usePlanner with names and "全部采纳"', () => {
  function row(id: string, level: AreaCoverage['level'], covered15: number): AreaCoverage {
    const c = (residents: number) => ({ residents, households: 0, buildings: 0, partyMemberHouseholds: 0, share: residents / 1000 })
    return {
      id, level, name: id, parentId: null, residents: 1000, households: 400, buildings: 10, partyMemberHouseholds: 0,
      covered: { '5': c(covered15 / 2), '15': c(covered15) },
    } as AreaCoverage
  }
  const coverageFor = (scenario: Scenario, covered: number): CoverageResponse => ({
    minutes: [5, 15], scenario, speedKmh: 4, stations: 3, areas: [row('d1', 'district', covered), row('g1', 'grid', covered)],
  })
  const whatIfAnswer = (covered: number, delta: number): WhatIfResponse =>
    ({ ...coverageFor('current', covered), delta: { '15': { residents: delta, households: 0, buildings: 0 } }, changed: {}, placed: [], elapsedMs: 1 }) as WhatIfResponse

  function setup() {
    const whatIf = fakeRoute<WhatIfBody, WhatIfResponse>()
    const suggest = fakeRoute<unknown, SuggestResponse>()
    const describe = fakeRoute<{ lng: number; lat: number }[], { items: PlaceDescription[] }>()
    const api: PlannerApi = {
      stations: vi.fn(async () => stations()),
      coverage: vi.fn(async (q: { scenario: Scenario }) => coverageFor(q.scenario, 600)),
      isochrones: vi.fn(async () => bands()),
      gaps: vi.fn(async () => gaps()),
      areas: vi.fn(async () => grids()),
      whatIf: whatIf.fn,
      suggest: suggest.fn as PlannerApi['suggest'],
      describePlaces: describe.fn,
    }
    scope = effectScope()
    const p = scope.run(() => usePlanner({ fetcher: api }))!
    return { p, whatIf, suggest, describe }
  }

  it('names the sites of a suggestion in one request, and the stations of a what-if answer in one more', async () => {
    const { p, whatIf, suggest, describe } = setup()
    await settle()
    p.suggest.run()
    suggest.last().resolve({ minutes: 15, sites: [{ lng: 1, lat: 1, gain: 50 }, { lng: 2, lat: 2, gain: 30 }], coveredBefore: 600, coveredAfter: 680 })
    await settle()
    expect(describe.calls).toHaveLength(1)
    expect(p.scene.suggested.value.map((s) => s.place)).toEqual([null, null])
    describe.last().resolve({ items: describe.last().arg.map(described) })
    await settle()
    expect(p.scene.suggested.value.map((s) => s.place)).toEqual(['路旁 1.000', '路旁 2.000'])

    // An adopted site is known already; a station moved to a new spot is asked for with the answer.
    p.scene.adopt(p.scene.suggested.value[0]!)
    p.whatIf.moveStation('s1', [1.5, 0.5])
    // The answer to the adoption alone: another is on its way, so no names are asked for yet.
    whatIf.last().resolve(whatIfAnswer(650, 50))
    await settle()
    expect(whatIf.calls).toHaveLength(2)
    expect(describe.calls).toHaveLength(1)
    whatIf.last().resolve(whatIfAnswer(660, 60))
    await settle()
    expect(describe.calls).toHaveLength(2)
    expect(describe.last().arg).toEqual([{ lng: 1.5, lat: 0.5 }])
    describe.last().resolve({ items: describe.last().arg.map(described) })
    await settle()
    expect(p.scene.items.value.map((i) => [i.kind, i.place])).toEqual([
      ['added', '路旁 1.000'],
      ['moved', '移至 路旁 1.500'],
    ])
  })

  it('counts "全部采纳" from the headline, adopted sites included, and says when the plan changed otherwise', async () => {
    const { p, whatIf, suggest } = setup()
    await settle()
    p.suggest.run()
    suggest.last().resolve({ minutes: 15, sites: [{ lng: 1, lat: 1, gain: 50 }, { lng: 2, lat: 2, gain: 30 }], coveredBefore: 600, coveredAfter: 680 })
    await settle()
    expect(p.adoptAll.value).toEqual({ minutes: 15, before: 600, after: 680, left: 2, stale: false })

    p.scene.adopt(p.scene.suggested.value[0]!)
    whatIf.last().resolve(whatIfAnswer(650, 50))
    await settle()
    // The headline says 650 now; the one site left adds its 30.
    expect(p.headline.value[1]!.covered).toBe(650)
    expect(p.adoptAll.value).toEqual({ minutes: 15, before: 650, after: 680, left: 1, stale: false })

    // Dragging the adopted station off its site, or any other change, makes the gains no longer add up.
    p.scene.moveMarker(p.whatIf.added.value[0]!.key, [1.01, 1])
    expect(p.adoptAll.value?.stale).toBe(true)
    p.scene.moveMarker(p.whatIf.added.value[0]!.key, [1, 1])
    expect(p.adoptAll.value?.stale).toBe(false)
    p.whatIf.removeStation('s2')
    expect(p.adoptAll.value?.stale).toBe(true)
  })

  it('sites on the plan in hand: sends its changes and the minimum distance, and is not stale until the plan changes', async () => {
    const { p, whatIf, suggest } = setup()
    await settle()
    p.whatIf.add([0.5, 0.5])
    p.whatIf.removeStation('s2')
    whatIf.last().resolve(whatIfAnswer(640, 40))
    await settle()
    p.suggest.minDistanceM.value = 250.4
    p.suggest.run()
    const key = p.whatIf.added.value[0]!.key
    expect(suggest.last().arg).toMatchObject({ k: 3, minutes: 15, scenario: 'current', add: [{ id: key, lng: 0.5, lat: 0.5 }], move: [], remove: ['s2'], minDistanceM: 250 })
    suggest.last().resolve({ minutes: 15, sites: [{ lng: 1, lat: 1, gain: 50 }], coveredBefore: 640, coveredAfter: 690, curve: [690] })
    await settle()
    expect(p.adoptAll.value).toEqual({ minutes: 15, before: 640, after: 690, left: 1, stale: false })
    expect(p.suggestCurve.value).toEqual({ minutes: 15, before: 640, curve: [690] })
    // Adopting keeps it current; restoring the removed station is a change the gains did not count.
    p.scene.adopt(p.scene.suggested.value[0]!)
    expect(p.adoptAll.value?.stale).toBe(false)
    p.whatIf.restoreStation('s2')
    expect(p.adoptAll.value?.stale).toBe(true)
  })
})
