/**
 * useWhatIf sends each hypothetical station under its own key and takes the answer's isochrones and
 * changed buildings as they come: nothing is matched by position or order on the client.
 */
import { effectScope, shallowRef } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import type { WhatIfBody, WhatIfResponse } from '../../web/src/api/types.ts'
import { useWhatIf } from '../../web/src/composables/useWhatIf.ts'

function answer(body: WhatIfBody): WhatIfResponse {
  const ids = [...(body.add ?? []).map((a) => a.id!), ...(body.move ?? []).map((m) => m.id)]
  return {
    minutes: [5, 15],
    scenario: 'current',
    speedKmh: 4,
    stations: 2,
    areas: [],
    delta: {},
    placed: ids.map((id) => ({ id, lng: 0, lat: 0, snapM: 1 })),
    changed: { '15': { covered: [{ id: 'B1', lng: 117.3, lat: 31.8, residents: 40 }], uncovered: [] } },
    isochrones: {
      type: 'FeatureCollection',
      features: ids.map((ref) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { minutes: 15, ref } })),
    },
  }
}

describe('useWhatIf', () => {
  it("sends added stations with their keys as ids and shows the answer's refs unchanged", async () => {
    const sent: WhatIfBody[] = []
    const fetcher = { whatIf: async (body: WhatIfBody) => (sent.push(body), answer(body)) }
    const scope = effectScope()
    const w = scope.run(() => useWhatIf({ scenario: shallowRef('current'), stationIds: shallowRef(new Set(['S1'])), fetcher }))!
    const first = w.add([117.3, 31.8])
    const second = w.add([117.31, 31.81])
    w.discard(first)
    w.moveStation('S1', [117.32, 31.82])
    await vi.waitFor(() => expect(w.pending.value).toBe(false))
    const last = sent[sent.length - 1]!
    // After the first is discarded the second keeps its own key (it would be "new-1" by position).
    expect(last.add).toEqual([{ id: second, lng: 117.31, lat: 31.81 }])
    expect(w.isochrones.value?.features.map((f) => f.properties.ref)).toEqual([second, 'S1'])
    expect(w.result.value?.changed?.['15']?.covered.map((b) => b.id)).toEqual(['B1'])
    scope.stop()
  })
})
