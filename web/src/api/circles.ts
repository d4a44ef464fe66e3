/**
 * 服务圈内外诉求对比 (GET /api/circles): cases per 1,000 residents inside and outside the 5 / 15-minute
 * walking circles. Types are the server's schema (import type only); same contract as http.ts.
 */
import type { CirclesResponse } from '../../../server/plugins/circles/schemas.ts'
import type { CircleWindow } from '../../../server/domain/circles/windows.ts'
import { getJson } from './request.ts'

export type { CircleWindow }
export type CirclesAnswer = CirclesResponse
/** One threshold: residents, cases, rate and 楼栋/小区 share inside and outside, and the rate ratio. */
export type CircleSplit = CirclesAnswer['thresholds'][number]
export type CircleSide = CircleSplit['inside']

export interface CirclesQuery {
  /** @default '30d' */
  window?: CircleWindow
  /** An area's subtree; left out: the whole district, or a scoped account's own area. */
  area?: string
}

export const circlesApi = {
  get: (q: CirclesQuery, signal?: AbortSignal) => getJson<CirclesAnswer>('/api/circles', { ...q }, signal),
}

export type CirclesApi = typeof circlesApi
