/**
 * How the what-if looks: which stations are drawn as usual, which are crossed out or moved, the
 * draggable markers of hypothetical and moved stations, the list rows, and suggested sites adopted as
 * hypothetical stations. Derived from the scenario's stations and useWhatIf; actions go back to it.
 */
import { computed, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import type { LngLat, StationCollection, StationFeature, SuggestResponse } from '../api/types.ts'
import type { MapMarker } from '../model/map-view.ts'
import type { RankedSite, WhatIfItem } from '../model/planner.ts'
import type { UseWhatIfReturn } from './useWhatIf.ts'

export interface UseWhatIfSceneOptions {
  whatIf: UseWhatIfReturn
  /** Stations of the chosen scenario. */
  inScenario: Ref<StationFeature[]>
  /** Every station by id (a removed or moved one is looked up here). */
  byId: Ref<ReadonlyMap<string, StationFeature>>
  suggestion: Ref<SuggestResponse | null>
  /** A point's name as people say it, null while unknown (usePlaceNames). @default none: coordinates */
  placeOf?: (lngLat: LngLat) => string | null
}

export interface UseWhatIfSceneReturn {
  drawn: ComputedRef<StationCollection>
  removed: ComputedRef<StationFeature[]>
  moved: ComputedRef<{ station: StationFeature; to: LngLat }[]>
  markers: ComputedRef<MapMarker[]>
  items: ComputedRef<WhatIfItem[]>
  suggested: ComputedRef<RankedSite[]>
  /** Ranks of suggested sites adopted and still on the map. */
  adopted: ComputedRef<ReadonlySet<number>>
  /** Hypothetical stations that are adopted sites still where the suggestion put them. */
  adoptedInPlace: ComputedRef<ReadonlySet<string>>
  /** A marker was dragged (or dropped) to `lngLat`. */
  moveMarker: (markerId: string, lngLat: LngLat) => void
  undo: (item: WhatIfItem) => void
  adopt: (site: RankedSite) => void
}

const MOVE_PREFIX = 'move:'

export function useWhatIfScene(options: UseWhatIfSceneOptions): UseWhatIfSceneReturn {
  const { whatIf, inScenario, byId, suggestion } = options
  const placeOf = options.placeOf ?? (() => null)
  const placeText = (p: LngLat) => placeOf(p) ?? `${p[0].toFixed(5)}, ${p[1].toFixed(5)}`

  const removed = computed(() =>
    [...whatIf.removed.value].map((id) => byId.value.get(id)).filter((f): f is StationFeature => !!f),
  )
  const moved = computed(() =>
    [...whatIf.moved.value].flatMap(([id, to]) => {
      const station = byId.value.get(id)
      return station ? [{ station, to }] : []
    }),
  )
  const drawn = computed<StationCollection>(() => ({
    type: 'FeatureCollection',
    features: inScenario.value.filter((f) => !whatIf.removed.value.has(f.properties.id) && !whatIf.moved.value.has(f.properties.id)),
  }))

  const markers = computed<MapMarker[]>(() => [
    ...whatIf.added.value.map((h, i) => ({
      id: h.key,
      lngLat: h.lngLat,
      label: String(i + 1),
      variant: 'new' as const,
      draggable: true,
      title: `假设站点 ${i + 1}（${placeText(h.lngLat)}）：拖动调整位置`,
    })),
    ...moved.value.map(({ station, to }) => ({
      id: MOVE_PREFIX + station.properties.id,
      lngLat: to,
      label: '移',
      variant: 'moved' as const,
      draggable: true,
      title: `${station.properties.name} → ${placeText(to)}：拖动到新位置`,
    })),
  ])

  const items = computed<WhatIfItem[]>(() => [
    ...whatIf.added.value.map((h, i) => ({
      id: h.key,
      kind: 'added' as const,
      label: `假设站点 ${i + 1}`,
      place: placeText(h.lngLat),
      lngLat: h.lngLat,
    })),
    ...moved.value.map(({ station, to }) => ({
      id: station.properties.id,
      kind: 'moved' as const,
      label: station.properties.name,
      place: `移至 ${placeText(to)}`,
      lngLat: to,
    })),
    ...removed.value.map((f) => ({
      id: f.properties.id,
      kind: 'removed' as const,
      label: f.properties.name,
      lngLat: f.geometry.coordinates as LngLat,
    })),
  ])

  const suggested = computed<RankedSite[]>(
    () => suggestion.value?.sites.map((s, i) => ({ ...s, rank: i + 1, place: placeOf([s.lng, s.lat]) })) ?? [],
  )
  /** Suggested rank → the hypothetical station it became; forgotten with the suggestion. */
  const adoptedKeys = shallowRef<ReadonlyMap<number, string>>(new Map())
  watch(suggestion, () => (adoptedKeys.value = new Map()))
  const adopted = computed<ReadonlySet<number>>(() => {
    const live = new Set(whatIf.added.value.map((h) => h.key))
    return new Set([...adoptedKeys.value].filter(([, key]) => live.has(key)).map(([rank]) => rank))
  })

  const adoptedInPlace = computed<ReadonlySet<string>>(() => {
    const sites = new Map(suggested.value.map((s) => [s.rank, s]))
    const at = new Map(whatIf.added.value.map((h) => [h.key, h.lngLat]))
    const out = new Set<string>()
    for (const [rank, key] of adoptedKeys.value) {
      const site = sites.get(rank)
      const p = at.get(key)
      if (site && p && p[0] === site.lng && p[1] === site.lat) out.add(key)
    }
    return out
  })

  return {
    drawn,
    removed,
    moved,
    markers,
    items,
    suggested,
    adopted,
    adoptedInPlace,
    moveMarker(markerId, lngLat) {
      if (markerId.startsWith(MOVE_PREFIX)) whatIf.moveStation(markerId.slice(MOVE_PREFIX.length), lngLat)
      else whatIf.place(markerId, lngLat)
    },
    undo(item) {
      if (item.kind === 'added') whatIf.discard(item.id)
      else whatIf.restoreStation(item.id)
    },
    adopt(site) {
      const key = whatIf.add([site.lng, site.lat], site.kind ?? undefined)
      adoptedKeys.value = new Map(adoptedKeys.value).set(site.rank, key)
    },
  }
}
