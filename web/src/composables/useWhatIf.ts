/**
 * What-if planning: hypothetical new stations, existing stations moved or removed, and the coverage
 * that would follow. Requests are coalesced (one in flight, the latest state sent next) so that a
 * dragged marker gets live numbers without queueing one request per mouse move.
 */
import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { IsochroneCollection, LngLat, Scenario, WhatIfBody, WhatIfResponse } from '../api/types.ts'
import { COVERAGE_MINUTES } from './useCoverage.ts'
import { useRequest } from './useRequest.ts'

export interface HypotheticalStation {
  /** Stable while the station exists ("h1", "h2", …): its marker, and its id in the what-if request and answer. */
  key: string
  lngLat: LngLat
  kind?: string
}

export interface UseWhatIfOptions {
  scenario: Ref<Scenario>
  /** Stations of the scenario: only these can be moved or removed (the server refuses others). */
  stationIds: Ref<ReadonlySet<string>>
  fetcher?: Pick<typeof api, 'whatIf'>
}

export interface UseWhatIfReturn {
  added: ShallowRef<readonly HypotheticalStation[]>
  moved: ShallowRef<ReadonlyMap<string, LngLat>>
  removed: ShallowRef<ReadonlySet<string>>
  /** True when anything differs from the scenario as it is. */
  active: ComputedRef<boolean>
  /** The answer for the latest state that came back; null without changes. */
  result: ComputedRef<WhatIfResponse | null>
  /** Isochrones of added and moved stations; `properties.ref` is the hypothetical key or the station id. */
  isochrones: ComputedRef<IsochroneCollection | null>
  /** A request is in flight or the state changed since the last answer. */
  pending: Ref<boolean>
  error: ShallowRef<ApiError | null>
  add: (lngLat: LngLat, kind?: string) => string
  place: (key: string, lngLat: LngLat) => void
  discard: (key: string) => void
  moveStation: (id: string, lngLat: LngLat) => void
  removeStation: (id: string) => void
  /** Undo a move or a removal. */
  restoreStation: (id: string) => void
  clear: () => void
  /** Replace every change at once (a saved plan opened); the added stations get fresh keys. */
  load: (changes: { add?: readonly { lng: number; lat: number; kind?: string }[]; move?: readonly { id: string; lng: number; lat: number }[]; remove?: readonly string[] }) => void
  retry: () => void
}

export function useWhatIf(options: UseWhatIfOptions): UseWhatIfReturn {
  const fetcher = options.fetcher ?? api
  const added = shallowRef<readonly HypotheticalStation[]>([])
  const moved = shallowRef<ReadonlyMap<string, LngLat>>(new Map())
  const removed = shallowRef<ReadonlySet<string>>(new Set())
  const pending = shallowRef(false)
  // The server echoes each added station's key, so an answer names its own stations; errors are
  // cleared by changes, not by sends.
  const request = useRequest((payload: WhatIfBody, signal) => fetcher.whatIf(payload, signal), { clearErrorOnStart: false })
  const error = request.error
  const result = computed(() => request.data.value)
  const active = computed(() => added.value.length + moved.value.size + removed.value.size > 0)

  let serial = 0
  /** Bumped when answers in flight no longer apply (cleared, scenario changed). */
  let epoch = 0
  let inFlight = false
  let dirty = false

  function body(): WhatIfBody {
    return {
      scenario: options.scenario.value,
      minutes: [...COVERAGE_MINUTES],
      // The server echoes each added station's id (its key) in the answer.
      add: added.value.map((h) => ({ id: h.key, lng: h.lngLat[0], lat: h.lngLat[1], ...(h.kind ? { kind: h.kind } : {}) })),
      move: [...moved.value].map(([id, [lng, lat]]) => ({ id, lng, lat })),
      remove: [...removed.value],
      isochrones: true,
    }
  }

  async function send() {
    const myEpoch = epoch
    inFlight = true
    dirty = false
    await request.execute(body())
    // A newer epoch (cleared, other scenario) manages its own requests.
    if (myEpoch !== epoch) return
    inFlight = false
    if (dirty && active.value && !error.value) void send()
    else pending.value = false
  }

  /** Drops the request in flight: its answer no longer applies. */
  function forget() {
    epoch++
    request.abort()
    inFlight = false
  }

  function changed() {
    if (!active.value) {
      forget()
      dirty = false
      request.reset()
      pending.value = false
      return
    }
    pending.value = true
    dirty = true
    error.value = null
    if (!inFlight) void send()
  }

  function add(lngLat: LngLat, kind?: string): string {
    const key = `h${++serial}`
    added.value = [...added.value, { key, lngLat, kind }]
    changed()
    return key
  }

  function place(key: string, lngLat: LngLat) {
    added.value = added.value.map((h) => (h.key === key ? { ...h, lngLat } : h))
    changed()
  }

  function discard(key: string) {
    added.value = added.value.filter((h) => h.key !== key)
    changed()
  }

  function moveStation(id: string, lngLat: LngLat) {
    removed.value = without(removed.value, id)
    moved.value = new Map(moved.value).set(id, lngLat)
    changed()
  }

  function removeStation(id: string) {
    const next = new Map(moved.value)
    next.delete(id)
    moved.value = next
    removed.value = new Set(removed.value).add(id)
    changed()
  }

  function restoreStation(id: string) {
    const next = new Map(moved.value)
    next.delete(id)
    moved.value = next
    removed.value = without(removed.value, id)
    changed()
  }

  function clear() {
    added.value = []
    moved.value = new Map()
    removed.value = new Set()
    changed()
  }

  function load(changes: Parameters<UseWhatIfReturn['load']>[0]) {
    added.value = (changes.add ?? []).map((a) => ({ key: `h${++serial}`, lngLat: [a.lng, a.lat] as LngLat, ...(a.kind ? { kind: a.kind } : {}) }))
    moved.value = new Map((changes.move ?? []).map((m) => [m.id, [m.lng, m.lat] as LngLat]))
    removed.value = new Set(changes.remove ?? [])
    forget()
    changed()
  }

  // Another scenario has other stations: forget moves and removals of stations it does not have.
  watch(options.scenario, () => {
    const ids = options.stationIds.value
    moved.value = new Map([...moved.value].filter(([id]) => ids.has(id)))
    removed.value = new Set([...removed.value].filter((id) => ids.has(id)))
    forget()
    request.data.value = null
    changed()
  })

  onScopeDispose(forget)

  const isochrones = computed<IsochroneCollection | null>(() => result.value?.isochrones ?? null)

  return {
    added,
    moved,
    removed,
    active,
    result,
    isochrones,
    pending,
    error,
    add,
    place,
    discard,
    moveStation,
    removeStation,
    restoreStation,
    clear,
    load,
    retry: () => {
      error.value = null
      changed()
    },
  }
}

function without<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
  if (!set.has(item)) return set
  const next = new Set(set)
  next.delete(item)
  return next
}
