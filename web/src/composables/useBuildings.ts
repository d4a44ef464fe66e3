/**
 * Buildings in the map viewport. The view changes often while a user pans, so requests wait for the
 * map to settle (debounced) and a newer view aborts the request of an older one. Below a zoom the view
 * holds too many buildings to send as GeoJSON and nothing is loaded.
 */
import { onScopeDispose, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { BBox, BuildingCollection } from '../api/types.ts'
import { config } from '../config.ts'
import { useRequest } from './useRequest.ts'

/** The server refuses boxes wider or taller than this (server/plugins/buildings/bbox.ts). */
const MAX_BBOX_SIDE_DEG = 0.25

export interface UseBuildingsOptions {
  /** The map's current view; null before the map has one. */
  view: Ref<{ bbox: BBox; zoom: number } | null>
  /** Load only while true (e.g. at grid level). */
  enabled: Ref<boolean>
  /** @default config.buildingsDebounceMs */
  debounceMs?: number
  /** @default config.buildingsMinZoom */
  minZoom?: number
  fetcher?: Pick<typeof api, 'buildingsInBox'>
  setTimeout?: typeof globalThis.setTimeout
  clearTimeout?: typeof globalThis.clearTimeout
}

export interface UseBuildingsReturn {
  buildings: ShallowRef<BuildingCollection | null>
  loading: Ref<boolean>
  error: ShallowRef<ApiError | null>
  /** Reload the current view now. */
  refresh: () => void
}

/** Grows the view by a margin so that small pans do not need a new request. */
function padded([w, s, e, n]: BBox, share = 0.25): BBox {
  const dx = (e - w) * share
  const dy = (n - s) * share
  return [w - dx, s - dy, e + dx, n + dy]
}

function contains(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

export function useBuildings(options: UseBuildingsOptions): UseBuildingsReturn {
  const fetcher = options.fetcher ?? api
  const debounceMs = options.debounceMs ?? config.buildingsDebounceMs
  const minZoom = options.minZoom ?? config.buildingsMinZoom
  const setTimer = options.setTimeout ?? globalThis.setTimeout.bind(globalThis)
  const clearTimer = options.clearTimeout ?? globalThis.clearTimeout.bind(globalThis)

  // A failure stays shown until a view loads: panning is not a retry the user asked for.
  const { data: buildings, loading, error, execute, abort } = useRequest(
    (box: BBox, signal) => fetcher.buildingsInBox(box, signal),
    { clearErrorOnStart: false },
  )
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The box the current data covers; a view inside it needs no request. */
  let loadedBox: BBox | null = null

  async function load(force = false) {
    const view = options.view.value
    if (!options.enabled.value || !view || view.zoom < minZoom) return
    if (!force && loadedBox && contains(loadedBox, view.bbox)) return
    let box = padded(view.bbox)
    if (box[2] - box[0] > MAX_BBOX_SIDE_DEG || box[3] - box[1] > MAX_BBOX_SIDE_DEG) box = view.bbox
    if (box[2] - box[0] > MAX_BBOX_SIDE_DEG || box[3] - box[1] > MAX_BBOX_SIDE_DEG) return
    const fc = await execute(box)
    if (fc) loadedBox = fc.truncated ? null : box
  }

  function schedule() {
    if (timer) clearTimer(timer)
    timer = setTimer(() => {
      timer = null
      void load()
    }, debounceMs)
  }

  watch(options.view, schedule)
  watch(
    options.enabled,
    (on) => {
      if (on) return void load()
      abort()
      if (timer) clearTimer(timer)
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    if (timer) clearTimer(timer)
  })

  return { buildings, loading, error, refresh: () => void load(true) }
}
