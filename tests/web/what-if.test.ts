/**
 * useWhatIf and useSuggest against a fake API: one what-if request in flight with the latest state
 * sent next, hypothetical stations sent under their own keys (the server echoes them), nothing stale
 * surviving a clear or a scenario change; suggestions clamped, superseded and dropped with the scenario.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import { httpError } from '../../web/src/api/request.ts'
import type { Scenario, SuggestBody, SuggestResponse, WhatIfBody, WhatIfResponse } from '../../web/src/api/types.ts'
import { useSuggest, SUGGEST_MAX_K } from '../../web/src/composables/useSuggest.ts'
import { useWhatIf } from '../../web/src/composables/useWhatIf.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { bands } from './fixtures/map-features.ts'

function answer(residents: number, isochrones?: WhatIfResponse['isochrones']): WhatIfResponse {
  return { minutes: [5, 15], scenario: 'current', speedKmh: 4, stations: 2, areas: [], delta: { '15': { residents, households: 0, buildings: 0 } }, isochrones }
}

let scope: EffectScope
afterEach(() => scope?.stop())

function setup(ids = ['s1', 's2']) {
  const route = fakeRoute<WhatIfBody, WhatIfResponse>()
  const scenario = shallowRef<Scenario>('current')
  const stationIds = shallowRef<ReadonlySet<string>>(new Set(ids))
  scope = effectScope()
  const w = scope.run(() => useWhatIf({ scenario, stationIds, fetcher: { whatIf: route.fn } }))!
  return { route, scenario, stationIds, w }
}

describe('useWhatIf', () => {
  it('sends the first change at once and folds the changes made meanwhile into one request', async () => {
    const { route, w } = setup()
    w.add([0.5, 0.5])
    expect(route.calls).toHaveLength(1)
    expect(route.calls[0]!.arg.add).toEqual([{ id: 'h1', lng: 0.5, lat: 0.5 }])
    expect(w.pending.value).toBe(true)

    w.place('h1', [0.6, 0.6])
    w.place('h1', [0.7, 0.7])
    expect(route.calls).toHaveLength(1)

    route.calls[0]!.resolve(answer(100))
    await settle()
    expect(w.result.value?.delta['15']!.residents).toBe(100)
    expect(route.calls).toHaveLength(2)
    expect(route.calls[1]!.arg.add).toEqual([{ id: 'h1', lng: 0.7, lat: 0.7 }])
    expect(w.pending.value).toBe(true)

    route.calls[1]!.resolve(answer(120))
    await settle()
    expect(route.calls).toHaveLength(2)
    expect(w.pending.value).toBe(false)
    expect(w.result.value?.delta['15']!.residents).toBe(120)
  })

  it('sends added stations under their keys and shows the isochrones as the server names them', async () => {
    const { route, w } = setup()
    w.add([0.1, 0.1])
    w.add([0.2, 0.2])
    w.moveStation('s1', [0.3, 0.3])
    route.calls[0]!.resolve(answer(1))
    await settle()
    const sent = route.calls[1]!.arg
    expect(sent.add?.map((a) => a.id)).toEqual(['h1', 'h2'])
    expect(sent.move).toEqual([{ id: 's1', lng: 0.3, lat: 0.3 }])
    const iso = { type: 'FeatureCollection' as const, features: [...bands('h2').features, ...bands('s1').features] }
    route.calls[1]!.resolve(answer(2, iso))
    await settle()
    expect(w.isochrones.value?.features.map((f) => f.properties.ref)).toEqual(['h2', 'h2', 's1', 's1'])
  })

  it('clearing aborts the request in flight and its late answer is ignored', async () => {
    const { route, w } = setup()
    w.add([0.5, 0.5])
    w.clear()
    expect(route.calls[0]!.signal.aborted).toBe(true)
    expect(w.active.value).toBe(false)
    expect(w.pending.value).toBe(false)
    route.calls[0]!.resolve(answer(999))
    await settle()
    expect(w.result.value).toBeNull()
    expect(route.calls).toHaveLength(1)
  })

  it('stops on a failure, keeps the server code, and sends again on retry', async () => {
    const { route, w } = setup()
    w.add([0.5, 0.5])
    w.place('h1', [0.6, 0.6])
    route.calls[0]!.reject(httpError(400, { code: 'UNKNOWN_STATION', message: 'station s9 is not in service' }))
    await settle()
    expect(route.calls).toHaveLength(1)
    expect(w.pending.value).toBe(false)
    expect(w.error.value?.code).toBe('UNKNOWN_STATION')
    w.retry()
    expect(w.error.value).toBeNull()
    expect(route.calls).toHaveLength(2)
    expect(route.calls[1]!.arg.add).toEqual([{ id: 'h1', lng: 0.6, lat: 0.6 }])
  })

  it('on another scenario forgets moves and removals of stations that scenario does not have', async () => {
    const { route, scenario, stationIds, w } = setup()
    w.moveStation('s1', [0.3, 0.3])
    w.removeStation('s2')
    stationIds.value = new Set(['s1'])
    scenario.value = 'renovated'
    await nextTick()
    expect([...w.moved.value.keys()]).toEqual(['s1'])
    expect([...w.removed.value]).toEqual([])
    expect(route.calls[0]!.signal.aborted).toBe(true)
    expect(route.last().arg).toMatchObject({ scenario: 'renovated', move: [{ id: 's1' }], remove: [] })
  })
})

describe('useSuggest', () => {
  function setupSuggest() {
    const route = fakeRoute<SuggestBody, SuggestResponse>()
    const scenario = shallowRef<Scenario>('current')
    const minutes = shallowRef(15)
    scope = effectScope()
    const s = scope.run(() => useSuggest({ scenario, minutes, fetcher: { suggest: route.fn } }))!
    return { route, scenario, minutes, s }
  }

  it('asks for a whole number of sites the server accepts, with the chosen scenario and minutes', () => {
    const { route, s } = setupSuggest()
    s.k.value = 0
    s.run()
    s.k.value = 999
    s.run()
    s.k.value = 4.6
    s.run()
    expect(route.calls.map((c) => c.arg.k)).toEqual([1, SUGGEST_MAX_K, 5])
    // With no plan in hand the plan parts are empty; the minimum distance is the panel's default.
    expect(route.calls[2]!.arg).toEqual({ k: 5, minutes: 15, scenario: 'current', add: [], move: [], remove: [], minDistanceM: 300 })
    expect(s.k.value).toBe(5)
  })

  it('keeps only the answer of the latest run and drops it when the scenario changes', async () => {
    const { route, scenario, s } = setupSuggest()
    s.run()
    s.run()
    expect(route.calls[0]!.signal.aborted).toBe(true)
    route.calls[1]!.resolve({ sites: [{ lng: 1, lat: 1, gain: 50 }] })
    route.calls[0]!.resolve({ sites: [] })
    await settle()
    expect(s.result.value?.sites).toHaveLength(1)
    expect(s.loading.value).toBe(false)
    scenario.value = 'planned'
    await nextTick()
    expect(s.result.value).toBeNull()
  })
})
