/**
 * The planner's composables: the what-if scene (markers, list rows, adopted suggestions), where the
 * map looks, and usePlanner wired to a fake API end to end (headline, closing gaps, busy, errors).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import { httpError } from '../../web/src/api/request.ts'
import type {
  AreaCoverage,
  CoverageResponse,
  Scenario,
  StationFeature,
  SuggestResponse,
  WhatIfBody,
  WhatIfResponse,
} from '../../web/src/api/types.ts'
import { usePlanner, type PlannerApi } from '../../web/src/composables/usePlanner.ts'
import { usePlannerFocus } from '../../web/src/composables/usePlannerFocus.ts'
import { useWhatIf } from '../../web/src/composables/useWhatIf.ts'
import { useWhatIfScene } from '../../web/src/composables/useWhatIfScene.ts'
import type { RankedSite } from '../../web/src/model/planner.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { bands, gaps, grids, stations } from './fixtures/map-features.ts'

let scope: EffectScope
afterEach(() => {
  scope?.stop()
  vi.restoreAllMocks()
})

describe('useWhatIfScene', () => {
  function setup() {
    const route = fakeRoute<WhatIfBody, WhatIfResponse>()
    const all = stations().features
    const byId = shallowRef<ReadonlyMap<string, StationFeature>>(new Map(all.map((f) => [f.properties.id, f])))
    const inScenario = shallowRef(all)
    const suggestion = shallowRef<SuggestResponse | null>(null)
    scope = effectScope()
    return scope.run(() => {
      const whatIf = useWhatIf({ scenario: shallowRef<Scenario>('planned'), stationIds: shallowRef(new Set(byId.value.keys())), fetcher: { whatIf: route.fn } })
      const scene = useWhatIfScene({ whatIf, inScenario, byId, suggestion })
      return { whatIf, scene, suggestion }
    })!
  }

  it('draws stations as they are except those taken out or moved, which get a cross or a marker', () => {
    const { whatIf, scene } = setup()
    whatIf.add([0.1, 0.2])
    whatIf.removeStation('s2')
    whatIf.moveStation('s3', [1.3, 0.9])
    expect(scene.drawn.value.features.map((f) => f.properties.id)).toEqual(['s1'])
    expect(scene.removed.value.map((f) => f.properties.id)).toEqual(['s2'])
    expect(scene.markers.value.map((m) => [m.id, m.variant, m.lngLat])).toEqual([
      ['h1', 'new', [0.1, 0.2]],
      ['move:s3', 'moved', [1.3, 0.9]],
    ])
    expect(scene.items.value.map((i) => [i.id, i.kind])).toEqual([
      ['h1', 'added'],
      ['s3', 'moved'],
      ['s2', 'removed'],
    ])
  })

  it('routes a dragged marker to the hypothetical or the moved station, and undoes a row', () => {
    const { whatIf, scene } = setup()
    whatIf.add([0.1, 0.2])
    whatIf.moveStation('s3', [1.3, 0.9])
    scene.moveMarker('h1', [0.15, 0.25])
    scene.moveMarker('move:s3', [1.4, 0.95])
    expect(whatIf.added.value[0]!.lngLat).toEqual([0.15, 0.25])
    expect(whatIf.moved.value.get('s3')).toEqual([1.4, 0.95])
    scene.undo({ id: 's3', kind: 'moved', label: '' })
    scene.undo({ id: 'h1', kind: 'added', label: '' })
    expect(whatIf.active.value).toBe(false)
  })

  it('ranks suggested sites, remembers which were adopted while they stay, and forgets with a new suggestion', async () => {
    const { whatIf, scene, suggestion } = setup()
    suggestion.value = { sites: [{ lng: 1, lat: 1, gain: 90 }, { lng: 2, lat: 2, gain: 40 }] }
    expect(scene.suggested.value.map((s) => s.rank)).toEqual([1, 2])
    scene.adopt(scene.suggested.value[1]!)
    expect(whatIf.added.value.map((h) => h.lngLat)).toEqual([[2, 2]])
    expect([...scene.adopted.value]).toEqual([2])
    whatIf.discard(whatIf.added.value[0]!.key)
    expect([...scene.adopted.value]).toEqual([])
    scene.adopt(scene.suggested.value[0]!)
    suggestion.value = { sites: [] }
    await nextTick()
    expect([...scene.adopted.value]).toEqual([])
  })
})

describe('usePlannerFocus', () => {
  it('shows the district, then flies to a grid or a site with a new key each time', () => {
    const gridsRef = shallowRef(grids())
    const f = usePlannerFocus({ district: () => [0, 0, 2, 1], grids: gridsRef })
    expect(f.focus.value).toMatchObject({ bbox: [0, 0, 2, 1], key: 'district' })
    expect(f.flyToGrid('nowhere')).toBe(false)
    expect(f.focus.value?.key).toBe('district')
    expect(f.flyToGrid('g2')).toBe(true)
    expect(f.focus.value).toMatchObject({ bbox: [1, 0, 2, 1], maxZoom: 16 })
    const first = f.focus.value!.key
    f.flyToGrid('g2')
    expect(f.focus.value!.key).not.toBe(first)
    f.flyToSite({ rank: 3, lng: 1.5, lat: 0.5, gain: 10 } as RankedSite)
    expect(f.focus.value!.bbox.map((n) => +n.toFixed(3))).toEqual([1.49, 0.49, 1.51, 0.51])
  })
})

describe('usePlanner', () => {
  function row(id: string, level: AreaCoverage['level'], covered15: number): AreaCoverage {
    const c = (residents: number) => ({ residents, households: 0, buildings: 0, partyMemberHouseholds: 0, share: residents / 1000 })
    return {
      id, level, name: id, parentId: null, residents: 1000, households: 400, buildings: 10, partyMemberHouseholds: 0,
      covered: { '5': c(covered15 / 2), '15': c(covered15) },
    } as AreaCoverage
  }
  const coverageFor = (scenario: Scenario, covered: number): CoverageResponse => ({
    minutes: [5, 15], scenario, speedKmh: 4.5, stations: 3,
    areas: [row('d1', 'district', covered), row('g1', 'grid', 300), row('g2', 'grid', 900)],
  })

  function fakeApi() {
    const whatIf = fakeRoute<WhatIfBody, WhatIfResponse>()
    const coverage = vi.fn(async (q: { scenario: Scenario; level?: string }) => coverageFor(q.scenario, q.scenario === 'current' ? 600 : 800))
    const api: PlannerApi = {
      stations: vi.fn(async () => stations()),
      coverage,
      isochrones: vi.fn(async () => bands()),
      gaps: vi.fn(async () => gaps()),
      areas: vi.fn(async () => grids()),
      whatIf: whatIf.fn,
      suggest: vi.fn(async () => ({ sites: [] })),
    }
    return { api, whatIf, coverage }
  }

  it('loads the scenario and shows its figures; a what-if with circles over a gap marks it closing', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { api, whatIf } = fakeApi()
    scope = effectScope()
    const p = scope.run(() => usePlanner({ fetcher: api }))!
    await settle()
    expect(p.busy.value).toBe(false)
    expect(p.headline.value).toEqual([
      { minutes: 5, covered: 300, share: 0.3, delta: null },
      { minutes: 15, covered: 600, share: 0.6, delta: null },
    ])
    expect(p.worst.value.map((g) => g.id)).toEqual(['g1', 'g2'])
    expect(p.coverage.byScenario.value.get('planned')?.covered['15']!.residents).toBe(800)
    expect(p.closedGaps.value.size).toBe(0)

    // A hypothetical station whose 5-minute circle reaches gap b1 and 15-minute circle b2 too; the
    // engine's answer names the buildings it covers (and one covered today that a move would lose).
    p.whatIf.add([0.5, 0.5])
    expect(p.busy.value).toBe(true)
    const covered = (ids: string[]) => ids.map((id) => ({ id, lng: 0.25, lat: 0.25, residents: 10 }))
    whatIf.last().resolve({
      ...coverageFor('current', 700),
      delta: { '15': { residents: 100, households: 0, buildings: 0 } },
      isochrones: bands('h1'),
      changed: { '5': { covered: covered(['b1']), uncovered: [] }, '15': { covered: covered(['b1', 'b2']), uncovered: covered(['x9']) } },
    })
    await settle()
    expect(p.busy.value).toBe(false)
    expect(p.headline.value[1]).toEqual({ minutes: 15, covered: 700, share: 0.7, delta: 100 })
    expect([...p.closedGaps.value]).toEqual(['b1', 'b2'])
    expect(p.openedGaps.value.map((b) => b.id)).toEqual(['x9'])
    p.minutes.value = 5
    await settle()
    expect([...p.closedGaps.value]).toEqual(['b1'])
    expect(p.openedGaps.value).toEqual([])
  })

  it('lists a failing source with its Chinese message and retries only that source', async () => {
    const { api, coverage } = fakeApi()
    coverage.mockImplementation(async () => {
      throw httpError(400, { code: 'BAD_MINUTES', message: 'minutes must be positive numbers up to 120' })
    })
    scope = effectScope()
    const p = scope.run(() => usePlanner({ fetcher: api }))!
    await settle()
    expect(p.errors.messages.value).toEqual(['覆盖统计：服务圈分钟数有误（400）'])
    const before = coverage.mock.calls.length
    const isochroneCalls = vi.mocked(api.isochrones).mock.calls.length
    coverage.mockImplementation(async (q) => coverageFor(q.scenario, 600))
    p.errors.retryFailed()
    await settle()
    expect(coverage.mock.calls.length).toBeGreaterThan(before)
    expect(vi.mocked(api.isochrones).mock.calls.length).toBe(isochroneCalls)
    expect(p.errors.messages.value).toEqual([])
  })
})
