/** Hand-drawn test networks in metres east/north of a fixed point, converted to WGS-84. */
import type { BuildingInput, LngLat, WalkEdgeInput, WalkNetworkInput } from '../../../server/engine/index.ts'
import { haversineM } from '../../../server/engine/lib/local-projection.ts'

const LNG0 = 117.3, LAT0 = 31.8
const M_PER_DEG = 111_195.08

export function at(x: number, y: number): LngLat {
  return [
    Math.round((LNG0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180))) * 1e9) / 1e9,
    Math.round((LAT0 + y / M_PER_DEG) * 1e9) / 1e9,
  ]
}

/** nodes: id → [x, y] metres; edges: [source, target, compoundId?]. Lengths are great-circle metres. */
export function localNetwork(
  nodes: Record<number, [number, number]>,
  edges: [number, number, (string | null)?][],
): WalkNetworkInput {
  const ll = new Map(Object.entries(nodes).map(([id, [x, y]]) => [Number(id), at(x, y)]))
  return {
    nodes: [...ll].map(([id, lngLat]) => ({ id, lngLat })),
    edges: edges.map(([s, t, c], i): WalkEdgeInput => {
      const a = ll.get(s)!, b = ll.get(t)!
      return { id: i + 1, source: s, target: t, lengthM: haversineM(a[0], a[1], b[0], b[1]), compoundId: c ?? null, coords: [a, b] }
    }),
  }
}

export function building(id: string, x: number, y: number, compoundId: string | null = null, residents = 100): BuildingInput {
  return { id, gridId: 'G', compoundId, residents, households: residents / 2.5, partyMemberHouseholds: 1, entrance: at(x, y) }
}

export const ONE_GRID = [
  { id: 'D', level: 'district' as const, parentId: null, name: 'D' },
  { id: 'G', level: 'grid' as const, parentId: 'D', name: 'G' },
]
