/**
 * The cases routes (群众诉求): list, stats, taxonomy and the event log. Same contract as http.ts: parsed
 * JSON or an ApiError (request.ts) whose message can be shown as it is.
 */
import type {
  CaseEventList, CaseExportFilter, CaseList, CaseListQuery, CaseStats, CaseStatsQuery, CaseTaxonomy, CaseView,
} from './case-types.ts'
import type { ExportFormat } from './http.ts'
import { apiUrl, getJson } from './request.ts'

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

/** Download link of the cases a filter selects (no reporter data, no free text; codes with Chinese names). */
export function caseExportUrl(format: ExportFormat, f: CaseExportFilter): string {
  return apiUrl(`/api/cases/export.${format}`, { ...f, status: f.status?.join(','), category: f.category?.join(',') })
}
