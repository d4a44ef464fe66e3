/**
 * The one place that knows the server's URLs. Every call returns parsed JSON or throws an ApiError
 * whose `code` callers may branch on; the message is already fit to show to a user (in Chinese).
 */
import { config } from '../config.ts'
import type {
  AppConfig,
  AreaCollection,
  AreaDetail,
  AreaLevel,
  BBox,
  BuildingCollection,
  BuildingDetail,
  CoverageResponse,
  GapCollection,
  Health,
  IsochroneCollection,
  Scenario,
  SuggestResponse,
  WhatIfBody,
  WhatIfResponse,
  StationCollection,
  StationKind,
  StationStatus,
} from './types.ts'

export type ApiErrorCode = 'network' | 'http' | 'bad_request' | 'not_found' | 'parse' | 'aborted'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status?: number,
    readonly url?: string,
  ) {
    super(message)
  }
}

/** True for the error a superseded request ends with; callers drop it silently. */
export function isAbort(err: unknown): boolean {
  return (
    (err instanceof ApiError && err.code === 'aborted') ||
    (err instanceof DOMException && err.name === 'AbortError')
  )
}

type Query = Record<string, string | number | undefined | null>

function url(path: string, query: Query = {}): string {
  const u = new URL(path, config.apiOrigin || window.location.origin)
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v))
  return u.toString()
}

async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url(path, query), { signal, headers: { accept: 'application/json' } })
}

async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url(path), {
    method: 'POST',
    signal,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function requestJson<T>(target: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined
  let res: Response
  try {
    res = await fetch(target, init)
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', '请求已取消', undefined, target)
    throw new ApiError('network', `无法连接服务器（${(err as Error).message}）`, undefined, target)
  }
  if (!res.ok) {
    // The server answers errors as {error, message}; show its message when it sends one.
    let detail = ''
    try {
      const body = (await res.json()) as { message?: string }
      detail = body.message ?? ''
    } catch {
      /* not JSON: the status alone has to do */
    }
    const code: ApiErrorCode = res.status === 404 ? 'not_found' : res.status < 500 ? 'bad_request' : 'http'
    const what = code === 'not_found' ? '未找到' : code === 'bad_request' ? '请求有误' : '服务器错误'
    throw new ApiError(code, `${what}（${res.status}）${detail ? '：' + detail : ''}`, res.status, target)
  }
  try {
    return (await res.json()) as T
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', '请求已取消', undefined, target)
    throw new ApiError('parse', '服务器返回的数据无法解析', res.status, target)
  }
}

export const api = {
  health: (signal?: AbortSignal) => getJson<Health>('/api/health', {}, signal),
  config: (signal?: AbortSignal) => getJson<AppConfig>('/api/config', {}, signal),
  areas: (q: { level: AreaLevel; parent?: string }, signal?: AbortSignal) =>
    getJson<AreaCollection>('/api/areas', q, signal),
  area: (id: string, signal?: AbortSignal) => getJson<AreaDetail>(`/api/areas/${encodeURIComponent(id)}`, {}, signal),
  stations: (q: { kind?: StationKind; status?: StationStatus; area?: string } = {}, signal?: AbortSignal) =>
    getJson<StationCollection>('/api/stations', q, signal),
  buildingsInBox: (bbox: BBox, signal?: AbortSignal) =>
    getJson<BuildingCollection>('/api/buildings', { bbox: bbox.map((n) => n.toFixed(6)).join(',') }, signal),
  buildingsInArea: (areaId: string, signal?: AbortSignal) =>
    getJson<BuildingCollection>('/api/buildings', { area: areaId }, signal),
  building: (id: string, signal?: AbortSignal) =>
    getJson<BuildingDetail>(`/api/buildings/${encodeURIComponent(id)}`, {}, signal),
  coverage: (q: { minutes: number[]; scenario: Scenario; level?: AreaLevel }, signal?: AbortSignal) =>
    getJson<CoverageResponse>('/api/coverage', { ...q, minutes: q.minutes.join(',') }, signal),
  gaps: (q: GapsQuery, signal?: AbortSignal) => getJson<GapCollection>('/api/coverage/gaps', { ...q }, signal),
  isochrones: (q: { minutes: number[]; scenario: Scenario }, signal?: AbortSignal) =>
    getJson<IsochroneCollection>('/api/isochrones', { ...q, minutes: q.minutes.join(',') }, signal),
  stationIsochrone: (id: string, minutes: number[], signal?: AbortSignal) =>
    getJson<IsochroneCollection>(`/api/stations/${encodeURIComponent(id)}/isochrone`, { minutes: minutes.join(',') }, signal),
  whatIf: (body: WhatIfBody, signal?: AbortSignal) => postJson<WhatIfResponse>('/api/coverage/what-if', body, signal),
  suggest: (body: { k: number; minutes: number; scenario: Scenario }, signal?: AbortSignal) =>
    postJson<SuggestResponse>('/api/coverage/suggest', body, signal),
}

export interface GapsQuery {
  minutes: number
  scenario: Scenario
  area?: string
  /** The server's default is 2,000 buildings. */
  limit?: number
}

/** Download link of the uncovered buildings (the server answers with Content-Disposition: attachment). */
export function gapsExportUrl(format: 'csv' | 'geojson', q: GapsQuery): string {
  return url(`/api/coverage/gaps.${format}`, { ...q })
}

/** URL template of the basemap's vector tiles, absolute because maplibre fetches them from workers. */
export function basemapTilesUrl(): string {
  // Built by concatenation: URL() would percent-encode the {z}/{x}/{y} placeholders.
  return `${config.apiOrigin}/tiles/basemap/{z}/{x}/{y}.pbf`
}
