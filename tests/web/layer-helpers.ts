/** Reading deck.gl layer lists in tests: deck.gl skips falsy entries, so only the rest are drawn. */
import type { Layer } from '@deck.gl/core'

export type AnyLayer = Layer<Record<string, any>>

export const drawn = (list: unknown[]) => list.filter(Boolean) as AnyLayer[]

export const ids = (list: unknown[]) => drawn(list).map((l) => l.id)

export function byId(list: unknown[], id: string): AnyLayer {
  const l = drawn(list).find((x) => x.id === id)
  if (!l) throw new Error(`no layer ${id} in ${ids(list).join(', ')}`)
  return l
}

/** Calls a layer's accessor the way deck.gl does, with an object and an info argument (unused here). */
export const call = (l: AnyLayer, accessor: string, d: unknown) =>
  (l.props as Record<string, any>)[accessor](d, { index: 0, data: l.props.data, target: [] })
