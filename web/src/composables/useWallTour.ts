/**
 * The wall's unattended tour (`/screen?tour=60`): which street the wall is focused on now, or null for
 * the whole district. Moves on every `seconds`; the streets may load or change meanwhile (the tour
 * starts over at the district when they do).
 */
import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import type { BBox } from '../api/types.ts'
import { nextStop } from './wall-tour.ts'

export interface TourStreet {
  id: string
  name: string
  bbox: BBox
}

export interface UseWallTourOptions {
  /** Seconds per stop; null = no tour. */
  seconds: number | null
  streets: Ref<readonly TourStreet[]>
  setInterval?: (f: () => void, ms: number) => unknown
  clearInterval?: (id: unknown) => void
}

export interface UseWallTourReturn {
  /** The street in focus, or null for the district. */
  street: ComputedRef<TourStreet | null>
  /** Where the tour is: 0..streets-1 a street, streets = the district. */
  stop: Ref<number>
}

export function useWallTour(options: UseWallTourOptions): UseWallTourReturn {
  const set = options.setInterval ?? ((f, ms) => setInterval(f, ms))
  const clear = options.clearInterval ?? ((id) => clearInterval(id as ReturnType<typeof setInterval>))
  const { streets } = options
  // Start on the district: the whole picture first, then street by street.
  const stop = shallowRef(streets.value.length)
  let timer: unknown = null

  if (options.seconds !== null) {
    const ms = options.seconds * 1000
    timer = set(() => {
      stop.value = nextStop(stop.value, streets.value.length)
    }, ms)
    watch(
      () => streets.value.map((s) => s.id).join(','),
      () => (stop.value = streets.value.length),
    )
    onScopeDispose(() => clear(timer))
  }

  return {
    stop,
    street: computed(() => (options.seconds === null ? null : (streets.value[stop.value] ?? null))),
  }
}
