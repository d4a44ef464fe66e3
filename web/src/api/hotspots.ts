/**
 * 热点预警 routes. Shapes are the server's schema types (server/plugins/hotspots/schemas.ts), imported as
 * types; the live push of alerts comes through api/live.ts (`hotspot`).
 */
import type { HotspotDetailT, HotspotListT, HotspotMessageT, HotspotViewT } from '../../../server/plugins/hotspots/schemas.ts'
import { getJson, postJson } from './request.ts'

export type HotspotAlert = HotspotViewT
export type HotspotAlertList = HotspotListT
export type HotspotAlertDetail = HotspotDetailT
export type HotspotMessage = HotspotMessageT

export const hotspotsApi = {
  /** Open and acknowledged alerts in the user's scope, and those closed in the last two hours. */
  list: (q: { status?: string; since?: string } = {}, signal?: AbortSignal) => getJson<HotspotAlertList>('/api/hotspots', q, signal),
  get: (id: number, signal?: AbortSignal) => getJson<HotspotAlertDetail>(`/api/hotspots/${id}`, undefined, signal),
  /** 确认: commanders, and street operators for alerts in their street. */
  acknowledge: (id: number) => postJson<HotspotAlert>(`/api/hotspots/${id}/acknowledge`, {}),
}

export type HotspotsApi = typeof hotspotsApi
