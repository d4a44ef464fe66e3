import type { LngLat } from './types.ts'
import type { WalkGraph } from './walk-graph.ts'
import { attachPoints } from './attach-points.ts'
import { IndexedMinHeap } from './lib/min-heap.ts'
import { createTouchLog, runDijkstra, seed } from './lib/dijkstra.ts'
import { createRaster, markCapsule, markEdgePiece, type Raster } from './lib/raster.ts'
import { pointAlong } from './lib/edge-geometry.ts'
import { traceContours } from './lib/marching-squares.ts'
import { ringsToPolygons } from './lib/rings-to-polygons.ts'
import { projectX, projectY } from './lib/local-projection.ts'
import { checkMinutes, checkPositive } from './lib/check.ts'
import { DEFAULT_CELL_M, DEFAULT_MINUTES, DEFAULT_SIDE_M, DEFAULT_WALK_SPEED_KMH, minutesToMetres } from './units.ts'

export interface IsochronesOptions {
  /** @default [5, 15] */
  minutes?: readonly number[]
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
  /** How far the area extends either side of a reached street. @default 50 */
  sideM?: number
  /** Raster cell; outlines follow a lattice of half this size. @default 10 */
  cellM?: number
  /** true: each feature is its band only (15 minus 5); false: each covers all within its minutes. @default true */
  bands?: boolean
  /** Rasters larger than this get coarser cells (a whole 10× district). @default 4_000_000 */
  maxCells?: number
}

export interface IsochroneFeature {
  type: 'Feature'
  properties: { minutes: number; metres: number; sources: number }
  geometry: { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] }
}

export interface IsochroneCollection {
  type: 'FeatureCollection'
  features: IsochroneFeature[]
}

/**
 * Walking isochrones from one or many stations (many are dissolved into one area per minute value).
 * The reached network — whole edges and the reached part of partly reached ones — is buffered by
 * `sideM` on a raster and outlined with marching squares: valid polygons, holes where the network does
 * not reach (a walled compound without a gate on that side, the far bank of a river).
 *
 * @example
 * isochrones(model.graph, [{ lngLat: [117.30, 31.80], compoundId: null }], { minutes: [5, 15] })
 * // FeatureCollection: one (Multi)Polygon per minute value, properties.minutes = 5 and 15
 */
export function isochrones(
  graph: WalkGraph,
  sources: readonly { lngLat: LngLat; compoundId?: string | null }[],
  options: IsochronesOptions = {},
): IsochroneCollection {
  const {
    speedKmh = DEFAULT_WALK_SPEED_KMH,
    sideM = DEFAULT_SIDE_M,
    bands = true,
    maxCells = 4_000_000,
  } = options
  let { cellM = DEFAULT_CELL_M } = options
  const minutes = checkMinutes(options.minutes ?? DEFAULT_MINUTES)
  checkPositive(speedKmh, 'speedKmh')
  checkPositive(sideM, 'sideM')
  checkPositive(cellM, 'cellM')
  if (minutes.length > 254) throw new TypeError('minutes must have at most 254 values')
  const limits = minutes.map((m) => minutesToMetres(m, speedKmh))
  const maxM = limits[limits.length - 1]
  const attached = attachPoints(graph, sources)
  const dist = new Float64Array(graph.nodeCount).fill(Infinity)
  const origin = new Int32Array(graph.nodeCount).fill(-1)
  const heap = new IndexedMinHeap(graph.nodeCount, dist)
  const log = createTouchLog(graph.nodeCount)
  attached.forEach((a, i) => {
    seed(dist, origin, heap, a.nodeA, a.distA, i, maxM, log)
    seed(dist, origin, heap, a.nodeB, a.distB, i, maxM, log)
  })
  runDijkstra(graph, dist, origin, heap, maxM, log)
  // Bounds: nothing reached lies farther from a reached node than the metres left there.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  const grow = (x: number, y: number, r: number) => {
    minX = Math.min(minX, x - r), maxX = Math.max(maxX, x + r)
    minY = Math.min(minY, y - r), maxY = Math.max(maxY, y + r)
  }
  for (let i = 0; i < log.count; i++) {
    const v = log.list[i]
    grow(graph.nodeX[v], graph.nodeY[v], maxM - dist[v] + sideM)
  }
  const p = graph.geometry.projection
  sources.forEach((s, i) => {
    if (attached[i].edge >= 0) grow(projectX(p, s.lngLat[0]), projectY(p, s.lngLat[1]), maxM + sideM)
  })
  const features: IsochroneFeature[] = []
  if (!(minX <= maxX)) {
    for (let b = 0; b < minutes.length; b++) features.push(feature(minutes[b], limits[b], sources.length, []))
    return { type: 'FeatureCollection', features }
  }
  while (((maxX - minX) / cellM + 3) * ((maxY - minY) / cellM + 3) > maxCells) cellM *= 2
  const R = createRaster(minX - cellM, minY - cellM, maxX + cellM, maxY + cellM, cellM)
  for (let b = 0; b < limits.length; b++) markReached(graph, R, dist, log.list, log.count, limits[b], sideM, b)
  attached.forEach((a, i) => {
    if (a.edge < 0) return
    const [lng, lat] = sources[i].lngLat
    for (let b = 0; b < limits.length; b++) {
      const left = limits[b] - a.snapM
      if (left < 0) continue
      // The station's own sub-edge, walked both ways from the snapped point, and the step onto it.
      const base = graph.edgeBase[a.edge], from = graph.edgeFrom[a.edge]
      const lo = Math.max(0, a.along - left), hi = Math.min(graph.edgeLength[a.edge], a.along + left)
      markEdgePiece(R, graph.geometry, base, from + lo, from + hi, sideM, b)
      const x = projectX(p, lng), y = projectY(p, lat)
      const [sx, sy] = pointAlong(graph.geometry, base, from + a.along)
      markCapsule(R, x, y, sx, sy, sideM, b)
    }
  })
  const frame = { projection: p, originX: R.originX, originY: R.originY, cellM }
  for (let b = 0; b < limits.length; b++) {
    const rings = traceContours(R.cols, R.rows, R.values, b, !bands)
    features.push(feature(minutes[b], limits[b], sources.length, ringsToPolygons(rings, frame)))
  }
  return { type: 'FeatureCollection', features }
}

/** Marks every sub-edge part within `limit` metres: from either end, whatever is left of the budget. */
function markReached(
  g: WalkGraph, R: Raster, dist: Float64Array, nodes: Int32Array, count: number, limit: number, sideM: number, band: number,
): void {
  for (let i = 0; i < count; i++) {
    const u = nodes[i]
    if (dist[u] > limit) continue
    for (let a = g.offsets[u]; a < g.offsets[u + 1]; a++) {
      const v = g.targets[a]
      // Each sub-edge once: from its lower-indexed end, unless the other end is out of this band.
      if (dist[v] <= limit && v < u) continue
      const e = g.arcEdge[a]
      const L = g.edgeLength[e]
      const ds = dist[g.edgeSource[e]], dt = dist[g.edgeTarget[e]]
      const reachS = ds <= limit ? Math.min(L, limit - ds) : -1
      const reachT = dt <= limit ? Math.min(L, limit - dt) : -1
      const base = g.edgeBase[e], from = g.edgeFrom[e]
      if (reachS >= 0 && reachT >= 0 && reachS + reachT >= L) markEdgePiece(R, g.geometry, base, from, from + L, sideM, band)
      else {
        if (reachS >= 0) markEdgePiece(R, g.geometry, base, from, from + reachS, sideM, band)
        if (reachT >= 0) markEdgePiece(R, g.geometry, base, from + L - reachT, from + L, sideM, band)
      }
    }
  }
}

function feature(minutes: number, metres: number, sources: number, polygons: LngLat[][][]): IsochroneFeature {
  const properties = { minutes, metres: Math.round(metres * 10) / 10, sources }
  return polygons.length === 1
    ? { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: polygons[0] } }
    : { type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates: polygons } }
}
