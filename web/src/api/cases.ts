/**
 * The cases routes (群众诉求): list, stats, taxonomy and the event log. Same contract as http.ts: parsed
 * JSON or an ApiError (request.ts) whose message can be shown as it is.
 */
import type {
  CaseDays, CaseDetail, CaseEventList, CaseExportFilter, CaseList, CaseListQuery, CaseQueueCounts, CaseQueueQuery, CasePhoto, CaseStats,
  CaseStatsQuery, CaseTaxonomy, IntakeRequest, NearbyCase, PlaceHit, TransitionRequest, CaseView,
} from './case-types.ts'
import type { ExportFormat } from './http.ts'
import { ApiError, apiUrl, getJson, httpError, postJson } from './request.ts'
import { errorMessage } from './error-messages.ts'

export const casesApi = {
  /** Newest first (created_at, then id, descending). */
  list: (q: CaseListQuery | CaseQueueQuery, signal?: AbortSignal) => getJson<CaseList>('/api/cases', { ...q }, signal),
  /** The case with its history, names of its place, holder, possible duplicates and the actions open to this user. */
  get: (id: number, signal?: AbortSignal) => getJson<CaseDetail>(`/api/cases/${id}`, {}, signal),
  /** The workbench's tab counts in the user's scope (optionally inside one area). */
  queue: (q: { area?: string } = {}, signal?: AbortSignal) => getJson<CaseQueueCounts>('/api/cases/queue', { ...q }, signal),
  /** Open cases near a point, nearest first (the duplicate check before a new report is saved). */
  nearby: (q: { lng: number; lat: number; crs?: string; category?: string }, signal?: AbortSignal) =>
    getJson<{ items: NearbyCase[] }>('/api/cases/nearby', { ...q }, signal),
  create: (body: IntakeRequest, signal?: AbortSignal) => postJson<CaseView>('/api/cases', body, signal),
  /** One step of the loop; 409 when the case moved on meanwhile (reload and look again). */
  transition: (id: number, body: TransitionRequest, signal?: AbortSignal) =>
    postJson<CaseDetail>(`/api/cases/${id}/transitions`, body, signal),
  /** The reporter's name and phone in full, for a stated reason (audited). */
  reporter: (id: number, reason: string, signal?: AbortSignal) =>
    postJson<{ name: string | null; phone: string | null }>(`/api/cases/${id}/reporter`, { reason }, signal),
  /** KPIs over the window (the server's default is 7d); `counts.today` / `week` ignore the window. */
  stats: (q: CaseStatsQuery, signal?: AbortSignal) => getJson<CaseStats>('/api/cases/stats', { ...q }, signal),
  /** The days of the last `days` (today included) with cases in the area, newest first, with their counts. */
  days: (q: { area?: string; days?: number }, signal?: AbortSignal) => getJson<CaseDays>('/api/cases/days', { ...q }, signal),
  categories: (signal?: AbortSignal) => getJson<CaseTaxonomy>('/api/cases/categories', {}, signal),
  /** The event log after an id, in id order: the socket's replay over HTTP. */
  events: (q: { after: number; limit?: number; area?: string }, signal?: AbortSignal) =>
    getJson<CaseEventList>('/api/events', { ...q }, signal),
}

export type CasesApi = typeof casesApi

/** Download link of the cases a filter selects (no reporter data, no free text; codes with Chinese names). */
export function caseExportUrl(format: ExportFormat, f: CaseExportFilter): string {
  return apiUrl(`/api/cases/export.${format}`, { ...f, status: f.status?.join(','), category: f.category?.join(',') })
}

/** Addresses, buildings, compounds, stations and areas by name (the intake form's search). */
export const placesApi = {
  search: (q: string, signal?: AbortSignal) => getJson<{ items: PlaceHit[] }>('/api/places/search', { q }, signal),
}

/** URL of a stored photo, full or as a 320 px thumbnail. */
export function photoUrl(id: string, size: 'full' | 'thumb' = 'full'): string {
  return apiUrl(`/api/photos/${id}`, size === 'thumb' ? { size } : {})
}

/**
 * Upload one photo as it is (the server reads the type from Content-Type, turns it upright, resizes it
 * and strips EXIF, location included). The id goes into a report's or an action's `photos`.
 */
export async function uploadPhoto(file: Blob, signal?: AbortSignal): Promise<CasePhoto> {
  const target = apiUrl('/api/photos')
  let res: Response
  try {
    res = await fetch(target, { method: 'POST', body: file, signal, headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' } })
  } catch (err) {
    if (signal?.aborted) throw new ApiError('aborted', errorMessage('aborted'), undefined, target)
    throw new ApiError('network', errorMessage('network'), undefined, target, (err as Error).message)
  }
  if (!res.ok) throw httpError(res.status, await res.json().catch(() => null), target)
  return (await res.json()) as CasePhoto
}
