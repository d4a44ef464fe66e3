/**
 * Drawing an outline on the planner's map (选址范围): each click a corner; clicking the first corner,
 * Enter or 完成 closes it (at least three corners), Esc or 取消 drops the drawing and keeps the outline
 * there was. The closed ring goes to `onDone`, the same outline back to siting as `within`.
 */
import { shallowRef, type Ref } from 'vue'
import type { LngLat } from '../api/types.ts'

export interface UseOutlineDrawReturn {
  drawing: Ref<boolean>
  /** Corners placed so far while drawing. */
  corners: Ref<LngLat[]>
  start: () => void
  /** A click while drawing: a new corner. */
  addCorner: (lngLat: LngLat) => void
  /** Close the ring; false (and still drawing) with fewer than three corners. */
  finish: () => boolean
  cancel: () => void
}

export function useOutlineDraw(onDone: (ring: LngLat[]) => void): UseOutlineDrawReturn {
  const drawing = shallowRef(false)
  const corners = shallowRef<LngLat[]>([])

  return {
    drawing,
    corners,
    start() {
      corners.value = []
      drawing.value = true
    },
    addCorner(lngLat) {
      if (drawing.value) corners.value = [...corners.value, lngLat]
    },
    finish() {
      if (!drawing.value || corners.value.length < 3) return false
      const ring = corners.value
      drawing.value = false
      corners.value = []
      onDone([...ring, ring[0]!])
      return true
    },
    cancel() {
      drawing.value = false
      corners.value = []
    },
  }
}
