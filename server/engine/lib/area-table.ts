/** The area hierarchy as parallel arrays, with an order that lists children before their parents. */
import type { AreaInput, AreaLevel } from '../types.ts'

export interface AreaTable {
  count: number
  ids: string[]
  levels: AreaLevel[]
  names: string[]
  /** Parent index, -1 for roots. */
  parent: Int32Array
  /** Deepest areas first: adding each area into its parent in this order rolls totals up in one pass. */
  rollupOrder: Int32Array
  indexById: Map<string, number>
}

export function buildAreaTable(areas: readonly AreaInput[]): AreaTable {
  const indexById = new Map<string, number>()
  areas.forEach((a, i) => {
    if (typeof a.id !== 'string' || a.id === '') throw new TypeError(`area at position ${i} has no id`)
    if (indexById.has(a.id)) throw new TypeError(`area id ${a.id} appears twice`)
    indexById.set(a.id, i)
  })
  const parent = new Int32Array(areas.length)
  areas.forEach((a, i) => {
    if (a.parentId == null) parent[i] = -1
    else {
      const p = indexById.get(a.parentId)
      if (p === undefined) throw new TypeError(`area ${a.id} has parent ${a.parentId}, which is not in areas`)
      parent[i] = p
    }
  })
  const depth = new Int32Array(areas.length).fill(-1)
  const depthOf = (i: number): number => {
    const chain: number[] = []
    let v = i
    while (v >= 0 && depth[v] < 0) {
      if (chain.includes(v)) throw new TypeError(`area ${areas[i].id} is its own ancestor`)
      chain.push(v)
      v = parent[v]
    }
    let d = v >= 0 ? depth[v] : -1
    for (let k = chain.length - 1; k >= 0; k--) depth[chain[k]] = ++d
    return depth[i]
  }
  for (let i = 0; i < areas.length; i++) depthOf(i)
  const rollupOrder = Int32Array.from(areas.keys()).sort((a, b) => depth[b] - depth[a] || a - b)
  return {
    count: areas.length,
    ids: areas.map((a) => a.id),
    levels: areas.map((a) => a.level),
    names: areas.map((a) => a.name),
    parent,
    rollupOrder,
    indexById,
  }
}

/** Whether area `a` is `ancestor` or lies below it. */
export function isWithin(table: AreaTable, a: number, ancestor: number): boolean {
  for (let v = a; v >= 0; v = table.parent[v]) if (v === ancestor) return true
  return false
}
