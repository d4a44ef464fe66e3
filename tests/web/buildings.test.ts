/**
 * useBuildings with fake timers: a burst of view changes makes one request once the map settles, a
 * view inside the box already loaded makes none, and nothing loads below the minimum zoom or while
 * disabled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import type { BBox, BuildingCollection } from '../../web/src/api/types.ts'
import { useBuildings } from '../../web/src/composables/useBuildings.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { buildings } from './fixtures/map-features.ts'

let scope: EffectScope
beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  scope?.stop()
  vi.useRealTimers()
})

function setup(enabled = true) {
  const route = fakeRoute<BBox, BuildingCollection>()
  const view = shallowRef<{ bbox: BBox; zoom: number } | null>(null)
  const on = shallowRef(enabled)
  scope = effectScope()
  const b = scope.run(() => useBuildings({ view, enabled: on, debounceMs: 250, minZoom: 14, fetcher: { buildingsInBox: route.fn } }))!
  return { route, view, on, b }
}

const at = (w: number, s: number, side = 0.01): { bbox: BBox; zoom: number } => ({ bbox: [w, s, w + side, s + side], zoom: 16 })

describe('useBuildings', () => {
  it('waits for the map to settle and asks once for a padded box around the last view', async () => {
    const { route, view, b } = setup()
    view.value = at(0.1, 0.1)
    await nextTick()
    view.value = at(0.11, 0.1)
    await nextTick()
    vi.advanceTimersByTime(249)
    expect(route.calls).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(route.calls).toHaveLength(1)
    const [w, s, e, n] = route.calls[0]!.arg
    expect([w, s, e, n].map((x) => +x.toFixed(4))).toEqual([0.1075, 0.0975, 0.1225, 0.1125])
    expect(b.loading.value).toBe(true)
    const fc = buildings()
    route.calls[0]!.resolve(fc)
    await settle()
    expect(b.buildings.value).toBe(fc)
    expect(b.loading.value).toBe(false)

    // A small pan stays inside the padded box: no request.
    view.value = at(0.111, 0.1005)
    await nextTick()
    vi.advanceTimersByTime(250)
    expect(route.calls).toHaveLength(1)
    b.refresh()
    expect(route.calls).toHaveLength(2)
  })

  it('loads nothing below the minimum zoom or while disabled, and drops a pending load when disabled', async () => {
    const { route, view, on } = setup()
    view.value = { ...at(0.1, 0.1), zoom: 12 }
    await nextTick()
    vi.advanceTimersByTime(250)
    expect(route.calls).toHaveLength(0)
    view.value = at(0.1, 0.1)
    await nextTick()
    on.value = false
    await nextTick()
    vi.advanceTimersByTime(250)
    expect(route.calls).toHaveLength(0)
    on.value = true
    await nextTick()
    expect(route.calls).toHaveLength(1)
  })
})
