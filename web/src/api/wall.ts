/**
 * The wall display's one aggregate: every figure as of one instant (server/plugins/wall/). Shapes are
 * the server's schema types, imported as types.
 */
import type { WallSnapshotT } from '../../../server/plugins/wall/schemas.ts'
import { getJson } from './request.ts'

export type WallSnapshot = WallSnapshotT
export type WallParts = WallSnapshotT['parts']

export const wallApi = {
  /** The principal's own area (or the district), or an area inside it. */
  snapshot: (q: { area?: string } = {}, signal?: AbortSignal) => getJson<WallSnapshot>('/api/wall/snapshot', q, signal),
}

export type WallApi = typeof wallApi
