/**
 * What the pointer is over on a map: for each pickable layer of interest, the id of the object under
 * it (null elsewhere), and the tooltip to show. One hover event replaces the whole picture, so moving
 * from one layer to another never leaves a stale highlight behind.
 */
import type { PickingInfo } from '@deck.gl/core'
import { shallowRef, type ShallowRef } from 'vue'
import type { PickTooltip } from '../map/describe-pick.ts'

export interface HoverTarget<K> {
  /** The deck.gl layer id whose picks count. */
  layer: string
  /** The key of a picked object (usually its feature id). */
  key: (object: any) => K
}

export type HoverTargets = Record<string, HoverTarget<string | number>>

export type UseMapHoverReturn<T extends HoverTargets> = {
  [P in keyof T]: ShallowRef<ReturnType<T[P]['key']> | null>
} & {
  tooltip: ShallowRef<PickTooltip | null>
  onHover: (info: PickingInfo) => void
  clear: () => void
}

export function useMapHover<T extends HoverTargets>(
  targets: T,
  describe: (info: PickingInfo) => PickTooltip | null,
): UseMapHoverReturn<T> {
  const ids = Object.fromEntries(Object.keys(targets).map((name) => [name, shallowRef(null)])) as Record<string, ShallowRef<unknown>>
  const tooltip = shallowRef<PickTooltip | null>(null)

  function onHover(info: PickingInfo) {
    const layer = info.layer?.id
    for (const [name, t] of Object.entries(targets)) ids[name]!.value = layer === t.layer ? t.key(info.object) : null
    tooltip.value = describe(info)
  }

  function clear() {
    for (const id of Object.values(ids)) id.value = null
    tooltip.value = null
  }

  return { ...ids, tooltip, onHover, clear } as UseMapHoverReturn<T>
}
