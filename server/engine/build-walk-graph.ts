import type { LngLat, WalkNetworkInput } from './types.ts'
import type { WalkGraph } from './walk-graph.ts'
import { DEFAULT_MAX_SNAP_M } from './units.ts'
import { buildEdgeGeometry, pointAlong } from './lib/edge-geometry.ts'
import { buildSegmentIndex } from './lib/segment-index.ts'
import { snapPoint, type Snap, type SnapContext } from './lib/snap.ts'
import { checkLngLat, checkPositive } from './lib/check.ts'

export interface PointToAttach {
  lngLat: LngLat
  compoundId?: string | null
}

export interface BuildWalkGraphOptions {
  /** Points that become graph nodes (building entrances): edges are split where they snap. @default [] */
  attach?: readonly PointToAttach[]
  /** Points farther than this from every allowed edge stay unattached. @default 1000 */
  maxSnapM?: number
  /** Cell size of the snapping grid. @default 50 */
  indexCellM?: number
}

export interface BuiltWalkGraph {
  graph: WalkGraph
  /** Node of each attached point (-1 if unattached) and its straight-line metres to the network. */
  attached: { node: Int32Array; snapM: Float64Array }
}

/** Snaps closer than this to an edge end use the end node instead of splitting off a sliver. */
const END_EPSILON_M = 0.01

/**
 * Builds the undirected walking graph in CSR form and splits edges where `attach` points snap to them,
 * so that every attached point is a node.
 *
 * @example
 * const { graph, attached } = buildWalkGraph(
 *   { nodes: [{ id: 1, lngLat: [117.2, 31.8] }, { id: 2, lngLat: [117.201, 31.8] }],
 *     edges: [{ id: 1, source: 1, target: 2, lengthM: 94.6, compoundId: null, coords: [[117.2, 31.8], [117.201, 31.8]] }] },
 *   { attach: [{ lngLat: [117.2005, 31.8001] }] },
 * )
 * // graph.nodeCount === 3, attached.node[0] === 2, attached.snapM[0] ≈ 11.1
 */
export function buildWalkGraph(network: WalkNetworkInput, options: BuildWalkGraphOptions = {}): BuiltWalkGraph {
  const { attach = [], maxSnapM = DEFAULT_MAX_SNAP_M, indexCellM = 50 } = options
  checkPositive(maxSnapM, 'maxSnapM')
  checkPositive(indexCellM, 'indexCellM')
  const { nodes, edges } = network
  if (!Array.isArray(nodes) || !Array.isArray(edges)) throw new TypeError('network must have nodes and edges arrays')
  const nodeIndex = new Map<number, number>()
  nodes.forEach((n, i) => {
    if (!Number.isFinite(n.id)) throw new TypeError(`walk node at position ${i} has no numeric id`)
    if (nodeIndex.has(n.id)) throw new TypeError(`walk node id ${n.id} appears twice`)
    checkLngLat(n.lngLat, `walk node ${n.id} lngLat`)
    nodeIndex.set(n.id, i)
  })
  const groups = new Map<string, number>()
  const baseEdgeGroup = new Int32Array(edges.length)
  edges.forEach((e, i) => {
    for (const end of [e.source, e.target]) {
      if (!nodeIndex.has(end)) throw new TypeError(`walk edge ${e.id} refers to node ${end}, which is not in nodes`)
    }
    if (!(e.lengthM >= 0) || !Number.isFinite(e.lengthM)) {
      throw new TypeError(`walk edge ${e.id} must have a finite lengthM ≥ 0, got ${e.lengthM}`)
    }
    if (e.compoundId != null) {
      if (!groups.has(e.compoundId)) groups.set(e.compoundId, groups.size + 1)
      baseEdgeGroup[i] = groups.get(e.compoundId)!
    }
  })
  const geometry = buildEdgeGeometry(network, nodeIndex)
  const index = buildSegmentIndex(geometry, indexCellM)
  const ctx: SnapContext = { geometry, index, edgeGroup: baseEdgeGroup, groups }
  const snaps: Snap[] = attach.map((p, i) => {
    checkLngLat(p.lngLat, `attach[${i}].lngLat`)
    return snapPoint(ctx, p.lngLat[0], p.lngLat[1], p.compoundId, maxSnapM)
  })
  return assemble(network, nodeIndex, groups, baseEdgeGroup, ctx, snaps)
}

function assemble(
  network: WalkNetworkInput,
  nodeIndex: Map<number, number>,
  groups: Map<string, number>,
  baseEdgeGroup: Int32Array,
  ctx: SnapContext,
  snaps: Snap[],
): BuiltWalkGraph {
  const { nodes, edges } = network
  const { geometry } = ctx
  // Split offsets per base edge, sorted, with near-equal offsets merged into one split node.
  const perEdge = new Map<number, number[]>()
  for (const s of snaps) {
    if (s.edge < 0) continue
    const len = edges[s.edge].lengthM
    if (s.alongM <= END_EPSILON_M || s.alongM >= len - END_EPSILON_M) continue
    let list = perEdge.get(s.edge)
    if (!list) perEdge.set(s.edge, (list = []))
    list.push(s.alongM)
  }
  let splitCount = 0
  for (const [e, list] of perEdge) {
    list.sort((a, b) => a - b)
    const merged = list.filter((v, i) => i === 0 || v - list[i - 1] > END_EPSILON_M)
    perEdge.set(e, merged)
    splitCount += merged.length
  }
  const baseNodeCount = nodes.length
  const nodeCount = baseNodeCount + splitCount
  const edgeCount = edges.length + splitCount
  const nodeIds = new Float64Array(nodeCount).fill(NaN)
  const nodeX = new Float64Array(nodeCount)
  const nodeY = new Float64Array(nodeCount)
  const proj = geometry.projection
  for (let i = 0; i < baseNodeCount; i++) {
    nodeIds[i] = nodes[i].id
    nodeX[i] = (nodes[i].lngLat[0] - proj.lng0) * proj.kx
    nodeY[i] = (nodes[i].lngLat[1] - proj.lat0) * proj.ky
  }
  const edgeSource = new Int32Array(edgeCount)
  const edgeTarget = new Int32Array(edgeCount)
  const edgeLength = new Float64Array(edgeCount)
  const edgeBase = new Int32Array(edgeCount)
  const edgeFrom = new Float64Array(edgeCount)
  const baseSubStart = new Int32Array(edges.length + 1)
  const baseEdgeIds = new Float64Array(edges.length)
  let nextNode = baseNodeCount
  let sub = 0
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]
    baseEdgeIds[e] = edge.id
    baseSubStart[e] = sub
    const cuts = perEdge.get(e) ?? []
    let from = nodeIndex.get(edge.source)!
    let fromM = 0
    for (const cut of cuts) {
      const [x, y] = pointAlong(geometry, e, cut)
      nodeX[nextNode] = x
      nodeY[nextNode] = y
      edgeSource[sub] = from
      edgeTarget[sub] = nextNode
      edgeLength[sub] = cut - fromM
      edgeBase[sub] = e
      edgeFrom[sub++] = fromM
      from = nextNode++
      fromM = cut
    }
    edgeSource[sub] = from
    edgeTarget[sub] = nodeIndex.get(edge.target)!
    edgeLength[sub] = edge.lengthM - fromM
    edgeBase[sub] = e
    edgeFrom[sub++] = fromM
  }
  baseSubStart[edges.length] = sub
  const graph: WalkGraph = {
    nodeCount, baseNodeCount, nodeIds, nodeIndex, nodeX, nodeY,
    ...csr(nodeCount, edgeSource, edgeTarget, edgeLength),
    edgeCount, edgeSource, edgeTarget, edgeLength, edgeBase, edgeFrom,
    baseEdgeIds, baseEdgeGroup, baseSubStart, groups, geometry, index: ctx.index,
  }
  const node = new Int32Array(snaps.length)
  const snapM = new Float64Array(snaps.length)
  snaps.forEach((s, i) => {
    snapM[i] = s.snapM
    node[i] = s.edge < 0 ? -1 : nodeAt(graph, s.edge, s.alongM)
  })
  return { graph, attached: { node, snapM } }
}

/** The node at `alongM` on base edge `e` (an end node, or the split node made for it). */
function nodeAt(g: WalkGraph, e: number, alongM: number): number {
  const first = g.baseSubStart[e], last = g.baseSubStart[e + 1] - 1
  let best = g.edgeSource[first], bestGap = Math.abs(alongM)
  for (let s = first; s <= last; s++) {
    const gap = Math.abs(g.edgeFrom[s] + g.edgeLength[s] - alongM)
    if (gap < bestGap) (best = g.edgeTarget[s]), (bestGap = gap)
  }
  return best
}

function csr(n: number, src: Int32Array, dst: Int32Array, len: Float64Array) {
  const offsets = new Int32Array(n + 1)
  for (let e = 0; e < src.length; e++) {
    offsets[src[e] + 1]++
    offsets[dst[e] + 1]++
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v]
  const fill = offsets.slice(0, n)
  const targets = new Int32Array(2 * src.length)
  const weights = new Float64Array(2 * src.length)
  const arcEdge = new Int32Array(2 * src.length)
  for (let e = 0; e < src.length; e++) {
    let a = fill[src[e]]++
    targets[a] = dst[e]
    weights[a] = len[e]
    arcEdge[a] = e
    a = fill[dst[e]]++
    targets[a] = src[e]
    weights[a] = len[e]
    arcEdge[a] = e
  }
  return { offsets, targets, weights, arcEdge }
}
