/**
 * How every HTTP call of the web app is made: an absolute URL from the API origin and a query, and a
 * fetch that returns parsed JSON or throws an ApiError. The error keeps the server's stable `code` and
 * the HTTP `status` for callers to branch on; its message is the Chinese line for that code
 * (error-messages.ts), ready to show. The route tables live in http.ts and cases.ts.
 */
import { config } from '../config.ts'
import { errorMessage, type ClientErrorCode } from './error-messages.ts'

/** A client code, or the server's `code` (BAD_BBOX, NOT_FOUND, VALIDATION …). */
// `string & {}` keeps the client codes suggested by the editor while any server code is accepted.
export type ApiErrorCode = ClientErrorCode | (string & {})

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status?: number,
    readonly url?: string,
    /** What the server said (English, for developers and logs); not shown to users. */
    readonly detail?: string,
  ) {
    super(message)
  }
}

/** The error for a non-2xx answer: the server's `{ error, message, code }` body when it sent one. */
export function httpError(status: number, body: unknown, url?: string): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown }
  const code = typeof b.code === 'string' && b.code !== '' ? b.code : 'http'
  const detail = typeof b.message === 'string' ? b.message : undefined
  return new ApiError(code, errorMessage(code, status), status, url, detail)
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
  return err instanceof ApiError ? err : new ApiError('network', errorMessage('network'), undefined, undefined, String(err))
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

/** Any method, an optional JSON body; a 204 answers null. */
export function requestWith<T>(path: string, opts: { method: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  return requestJson<T>(apiUrl(path), {
    method: opts.method,
    signal: opts.signal,
    headers: { accept: 'application/json', ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
}

/** Called with every 401: the session ended (signed out elsewhere, expired, revoked); the app shows the sign-in page. */
let onUnauthenticated: (() => void) | null = null
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler
}

async function requestJson<T>(target: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined
  let res: Response
  try {
    res = await fetch(target, init)
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', errorMessage('aborted'), undefined, target)
    throw new ApiError('network', errorMessage('network'), undefined, target, (err as Error).message)
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null) // not JSON: the status alone has to do
    const err = httpError(res.status, body, target)
    if (res.status === 401 && err.code === 'UNAUTHENTICATED') onUnauthenticated?.()
    throw err
  }
  if (res.status === 204) return null as T
  try {
    return (await res.json()) as T
  } catch {
    if (signal?.aborted) throw new ApiError('aborted', errorMessage('aborted'), undefined, target)
    throw new ApiError('parse', errorMessage('parse', res.status), res.status, target)
  }
}
