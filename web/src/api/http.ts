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
  Health,
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
  const target = url(path, query)
  let res: Response
  try {
    res = await fetch(target, { signal, headers: { accept: 'application/json' } })
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
}

/** URL template of the basemap's vector tiles, absolute because maplibre fetches them from workers. */
export function basemapTilesUrl(): string {
  // Built by concatenation: URL() would percent-encode the {z}/{x}/{y} placeholders.
  return `${config.apiOrigin}/tiles/basemap/{z}/{x}/{y}.pbf`
}
