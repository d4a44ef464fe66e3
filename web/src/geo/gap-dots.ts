/**
 * Coverage gaps as points: each gap building's entrance (from the server's gaps answer), for dots on
 * the map. Which gaps a what-if closes comes from the engine's answer (`changed`), not from here.
 * Pure, no deck.gl.
 */
import type { GapCollection, GapProps } from '../api/types.ts'

export interface GapDot {
  position: [number, number]
  properties: GapProps
}

const dotCache = new WeakMap<GapCollection, GapDot[]>()

/** One dot per gap building at its entrance, in the collection's order (most residents first); cached per collection. */
export function gapDots(gaps: GapCollection): GapDot[] {
  let dots = dotCache.get(gaps)
  if (!dots) {
    dots = []
    for (const f of gaps.features) {
      const at = f.properties?.entrance
      if (!at) {
        console.warn(`gap building ${f.properties?.id} has no entrance; left off the map`)
        continue
      }
      dots.push({ position: at, properties: f.properties })
    }
    dotCache.set(gaps, dots)
  }
  return dots
}
