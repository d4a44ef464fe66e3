/**
 * How every HTTP call of the web app is made: an absolute URL from the API origin and a query, and a
 * fetch that returns parsed JSON or throws an ApiError whose `code` callers may branch on. The message
 * is already fit to show to a user (in Chinese). The route tables live in http.ts and cases.ts.
 */
import { config } from '../config.ts'

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

/** Any thrown value as an ApiError: what a composable keeps in its `error` ref. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('network', String(err))
}

/** Query parameters; undefined, null and '' are left out of the URL. */
export type Query = Record<string, string | number | boolean | undefined | null>

export function apiUrl(path: string, query: Query = {}): string {
  const u = new URL(path, config.apiOrigin || window.location.origin)
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v))
  return u.toString()
}

export function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(apiUrl(path, query), { signal, headers: { accept: 'application/json' } })
}

export function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(apiUrl(path), {
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
  } catch {
    if (signal?.aborted) throw new ApiError('aborted', '请求已取消', undefined, target)
    throw new ApiError('parse', '服务器返回的数据无法解析', res.status, target)
  }
}
