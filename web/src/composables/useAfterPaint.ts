/**
 * A ref that follows another one frame late: it takes the source's value only after the browser has
 * painted. For heavy map data next to light DOM — on the wall, a new case's ticker row is painted first
 * and the heat is re-aggregated after (without a GPU that takes up to a second, and would otherwise hold
 * the row back with it). Several changes within a frame are applied once.
 */
import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

export function useAfterPaint<T>(source: Readonly<Ref<T>>): Readonly<ShallowRef<T>> {
  const out = shallowRef(source.value) as ShallowRef<T>
  let frame: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const apply = () => {
    timer = null
    out.value = source.value
  }
  // rAF runs before the frame's paint; the timeout after it runs once that paint is done.
  const schedule = () => {
    if (frame !== null || timer !== null) return
    if (typeof requestAnimationFrame !== 'function') {
      timer = setTimeout(apply, 0)
      return
    }
    frame = requestAnimationFrame(() => {
      frame = null
      timer = setTimeout(apply, 0)
    })
  }
  watch(source, schedule)
  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (frame !== null) cancelAnimationFrame(frame)
      if (timer !== null) clearTimeout(timer)
    })
  }
  return out
}
