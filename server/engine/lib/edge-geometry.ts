/**
 * Edge polylines in the local metric frame, stored flat (CSR over vertices), with the cumulative walked
 * length at every vertex. Walked metres follow the data's lengthM; projected lengths are only rescaled
 * onto it, so offsets along an edge agree with the graph's weights.
 */
import type { WalkNetworkInput } from '../types.ts'
import { createLocalProjection, projectX, projectY, type LocalProjection } from './local-projection.ts'

export interface EdgeGeometry {
  projection: LocalProjection
  edgeCount: number
  /** Index of each edge's first vertex; vertexStart[e + 1] is one past its last. */
  vertexStart: Int32Array
  vx: Float64Array
  vy: Float64Array
  /** Walked metres from the edge's source to each vertex (last vertex = lengthM). */
  along: Float64Array
  /** Edge of each vertex, so a segment (vertex k → k + 1) knows its edge. */
  vertexEdge: Int32Array
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** Metres within which an edge's first coordinate must lie of its source node to keep its direction. */
const ENDPOINT_TOLERANCE_M = 1

export function buildEdgeGeometry(
  network: WalkNetworkInput,
  nodeIndex: Map<number, number>,
  projection?: LocalProjection,
): EdgeGeometry {
  const { nodes, edges } = network
  const proj = projection ?? centreProjection(network)
  let vertexTotal = 0
  for (const e of edges) vertexTotal += Math.max(2, e.coords?.length ?? 0)
  const vertexStart = new Int32Array(edges.length + 1)
  const vx = new Float64Array(vertexTotal)
  const vy = new Float64Array(vertexTotal)
  const along = new Float64Array(vertexTotal)
  const vertexEdge = new Int32Array(vertexTotal)
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  let k = 0
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]
    vertexStart[e] = k
    const s = nodes[nodeIndex.get(edge.source)!].lngLat
    const t = nodes[nodeIndex.get(edge.target)!].lngLat
    let coords = edge.coords && edge.coords.length >= 2 ? edge.coords : [s, t]
    const sx = projectX(proj, s[0]), sy = projectY(proj, s[1])
    const fx = projectX(proj, coords[0][0]) - sx, fy = projectY(proj, coords[0][1]) - sy
    const last = coords[coords.length - 1]
    const lx = projectX(proj, last[0]) - sx, ly = projectY(proj, last[1]) - sy
    // Geometry stored target→source (it happens in hand-made tables) is turned round.
    if (fx * fx + fy * fy > ENDPOINT_TOLERANCE_M ** 2 && lx * lx + ly * ly < fx * fx + fy * fy) {
      coords = [...coords].reverse()
    }
    const first = k
    let cum = 0
    for (let i = 0; i < coords.length; i++, k++) {
      const x = projectX(proj, coords[i][0])
      const y = projectY(proj, coords[i][1])
      if (i > 0) cum += Math.hypot(x - vx[k - 1], y - vy[k - 1])
      vx[k] = x
      vy[k] = y
      along[k] = cum
      vertexEdge[k] = e
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
    // Rescale projected lengths onto the walked length; a zero-length polyline stays at 0.
    const scale = cum > 0 ? edge.lengthM / cum : 0
    for (let j = first; j < k; j++) along[j] *= scale
    along[k - 1] = edge.lengthM
  }
  vertexStart[edges.length] = k
  if (k === 0) minX = minY = maxX = maxY = 0
  return { projection: proj, edgeCount: edges.length, vertexStart, vx, vy, along, vertexEdge, minX, minY, maxX, maxY }
}

/** A projection centred on the nodes' bounding box. */
export function centreProjection(network: WalkNetworkInput): LocalProjection {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  for (const n of network.nodes) {
    if (n.lngLat[0] < a) a = n.lngLat[0]
    if (n.lngLat[1] < b) b = n.lngLat[1]
    if (n.lngLat[0] > c) c = n.lngLat[0]
    if (n.lngLat[1] > d) d = n.lngLat[1]
  }
  return network.nodes.length ? createLocalProjection((a + c) / 2, (b + d) / 2) : createLocalProjection(0, 0)
}

/** The point `m` walked metres along edge `e`, in the local frame. */
export function pointAlong(g: EdgeGeometry, e: number, m: number): [number, number] {
  const start = g.vertexStart[e], end = g.vertexStart[e + 1] - 1
  let k = start
  while (k < end - 1 && g.along[k + 1] < m) k++
  const span = g.along[k + 1] - g.along[k]
  const t = span > 0 ? Math.min(1, Math.max(0, (m - g.along[k]) / span)) : 0
  return [g.vx[k] + t * (g.vx[k + 1] - g.vx[k]), g.vy[k] + t * (g.vy[k + 1] - g.vy[k])]
}
