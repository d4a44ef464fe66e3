import type { Attachment, LngLat } from './types.ts'
import type { WalkGraph } from './walk-graph.ts'
import { DEFAULT_MAX_SNAP_M } from './units.ts'
import { snapPoint } from './lib/snap.ts'
import { checkLngLat, checkPositive } from './lib/check.ts'

export interface AttachPointsOptions {
  /** Points farther than this from every allowed edge stay unattached (edge -1). @default 1000 */
  maxSnapM?: number
}

/**
 * Places points (stations, candidate sites) on the graph without changing it: each point is snapped to
 * the nearest allowed edge (its compound's own paths if the compound has any, public edges otherwise) and
 * enters the graph at both ends of the sub-edge it falls on. Exact for distances to nodes, because
 * buildings are nodes and so never lie inside a sub-edge.
 *
 * @example
 * const [a] = attachPoints(graph, [{ lngLat: [117.2005, 31.8001], compoundId: null }])
 * // a.nodeA, a.distA: one end of the sub-edge and the metres to reach it (snap + along)
 */
export function attachPoints(
  graph: WalkGraph,
  points: readonly { lngLat: LngLat; compoundId?: string | null }[],
  options: AttachPointsOptions = {},
): Attachment[] {
  const { maxSnapM = DEFAULT_MAX_SNAP_M } = options
  checkPositive(maxSnapM, 'maxSnapM')
  const ctx = { geometry: graph.geometry, index: graph.index, edgeGroup: graph.baseEdgeGroup, groups: graph.groups }
  let known = placed.get(graph)
  if (!known || known.size > MAX_KNOWN) placed.set(graph, (known = new Map()))
  return points.map((p, i) => {
    checkLngLat(p.lngLat, `points[${i}].lngLat`)
    // The same point on the same graph always lands in the same place: a city's stations snap once.
    const key = `${p.lngLat[0]},${p.lngLat[1]},${p.compoundId ?? ''},${maxSnapM}`
    const hit = known.get(key)
    if (hit) return { ...hit }
    const a = attach(graph, ctx, p, maxSnapM)
    known.set(key, a)
    return { ...a }
  })
}

/** Points already placed, per graph (a graph never changes once built). */
const placed = new WeakMap<WalkGraph, Map<string, Attachment>>()
const MAX_KNOWN = 100_000

function attach(
  graph: WalkGraph,
  ctx: Parameters<typeof snapPoint>[0],
  p: { lngLat: LngLat; compoundId?: string | null },
  maxSnapM: number,
): Attachment {
  const s = snapPoint(ctx, p.lngLat[0], p.lngLat[1], p.compoundId, maxSnapM)
  if (s.edge < 0) return { edge: -1, along: 0, snapM: Infinity, nodeA: -1, distA: Infinity, nodeB: -1, distB: Infinity }
  // Sub-edges of a base edge are ordered along it: find the one holding alongM.
  let lo = graph.baseSubStart[s.edge], hi = graph.baseSubStart[s.edge + 1] - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (graph.edgeFrom[mid] <= s.alongM) lo = mid
    else hi = mid - 1
  }
  const along = Math.min(Math.max(s.alongM - graph.edgeFrom[lo], 0), graph.edgeLength[lo])
  return {
    edge: lo,
    along,
    snapM: s.snapM,
    nodeA: graph.edgeSource[lo],
    distA: s.snapM + along,
    nodeB: graph.edgeTarget[lo],
    distB: s.snapM + graph.edgeLength[lo] - along,
  }
}
