/**
 * Snapping a point onto the nearest edge it may use. The rule that keeps walls meaningful: a point in a
 * compound that has paths of its own snaps only to that compound's edges (its gates lead out); any other
 * point snaps only to public edges (compoundId null).
 */
import type { EdgeGeometry } from './edge-geometry.ts'
import { projectX, projectY } from './local-projection.ts'
import { nearestSegment, type SegmentIndex } from './segment-index.ts'

export interface SnapContext {
  geometry: EdgeGeometry
  index: SegmentIndex
  /** Group of each base edge: 0 public, 1… one per compound with edges. */
  edgeGroup: Int32Array
  groups: Map<string, number>
}

export interface Snap {
  /** Base edge, -1 when no allowed edge lies within maxSnapM. */
  edge: number
  /** Walked metres from the edge's source to the snapped point. */
  alongM: number
  /** Straight-line metres from the point to the snapped point. */
  snapM: number
}

export function groupOf(ctx: SnapContext, compoundId: string | null | undefined): number {
  return compoundId != null ? (ctx.groups.get(compoundId) ?? 0) : 0
}

export function snapPoint(
  ctx: SnapContext,
  lng: number,
  lat: number,
  compoundId: string | null | undefined,
  maxSnapM: number,
): Snap {
  const { geometry: g, index, edgeGroup } = ctx
  const group = groupOf(ctx, compoundId)
  const x = projectX(g.projection, lng)
  const y = projectY(g.projection, lat)
  const hit = nearestSegment(index, g, x, y, (e) => edgeGroup[e] === group, maxSnapM)
  if (hit.seg < 0) return { edge: -1, alongM: 0, snapM: Infinity }
  const k = hit.seg
  return {
    edge: g.vertexEdge[k],
    alongM: g.along[k] + hit.t * (g.along[k + 1] - g.along[k]),
    snapM: hit.dist,
  }
}
