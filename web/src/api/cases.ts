/**
 * The cases routes (群众诉求): list, stats, taxonomy and the event log. Same contract as http.ts: parsed
 * JSON or an ApiError whose message can be shown as it is.
 *
 * http.ts keeps its request helpers private (and another change is under way there), so the few lines
 * that turn a fetch into JSON-or-ApiError are repeated here; folding them into an exported helper of
 * http.ts is a mechanical follow-up.
 */
import { config } from '../config.ts'
import type { CaseEventList, CaseList, CaseListQuery, CaseStats, CaseStatsQuery, CaseTaxonomy, CaseView } from './case-types.ts'
import { ApiError, type ApiErrorCode } from './http.ts'

type Query = Record<string, string | number | boolean | undefined | null>

function url(path: string, query: Query = {}): string {
  const u = new URL(path, config.apiOrigin || window.location.origin)
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v))
  return u.toString()
}

async function getJson<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
  const target = url(path, query)
  let res: Response
  try {
    res = await fetch(target, { signal, headers: { accept: 'application/json' } })
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', '请求已取消', undefined, target)
    throw new ApiError('network', `无法连接服务器（${(err as Error).message}）`, undefined, target)
  }
  if (!res.ok) {
    const detail = await res
      .json()
      .then((b: { message?: string }) => b.message ?? '')
      .catch(() => '')
    const code: ApiErrorCode = res.status === 404 ? 'not_found' : res.status < 500 ? 'bad_request' : 'http'
    const what = code === 'not_found' ? '未找到' : code === 'bad_request' ? '请求有误' : '服务器错误'
    throw new ApiError(code, `${what}（${res.status}）${detail ? '：' + detail : ''}`, res.status, target)
  }
  try {
    return (await res.json()) as T
  } catch {
    if (signal?.aborted) throw new ApiError('aborted', '请求已取消', undefined, target)
    throw new ApiError('parse', '服务器返回的数据无法解析', res.status, target)
  }
}

export const casesApi = {
  /** Newest first (created_at, then id, descending). */
  list: (q: CaseListQuery, signal?: AbortSignal) => getJson<CaseList>('/api/cases', { ...q }, signal),
  get: (id: number, signal?: AbortSignal) => getJson<CaseView>(`/api/cases/${id}`, {}, signal),
  /** KPIs over the window (the server's default is 7d); `counts.today` / `week` ignore the window. */
  stats: (q: CaseStatsQuery, signal?: AbortSignal) => getJson<CaseStats>('/api/cases/stats', { ...q }, signal),
  categories: (signal?: AbortSignal) => getJson<CaseTaxonomy>('/api/cases/categories', {}, signal),
  /** The event log after an id, in id order: the socket's replay over HTTP. */
  events: (q: { after: number; limit?: number; area?: string }, signal?: AbortSignal) =>
    getJson<CaseEventList>('/api/events', { ...q }, signal),
}

export type CasesApi = typeof casesApi
