/**
 * The workbench's filters as plain data, and how they become the list's query, the export's filter and
 * the tab counts. Pure, so the rules (a tab is a status filter; 超期 means open and late; 吹哨 means a
 * whistle awaiting report-in) are tested without a browser.
 */
import type {
  CaseExportFilter, CaseQueueCounts, CaseQueueQuery, CaseStatus, Class721, TimeWindow,
} from '../api/case-types.ts'
import type { Source } from '../../../server/domain/vocabulary/index.ts'
import { OPEN_STATUSES } from '../vocab.ts'

export const QUEUE_TABS = ['received', 'dispatched', 'handling', 'resolved', 'overdue', 'whistle'] as const
export type QueueTab = (typeof QUEUE_TABS)[number]

export type QueueSort = NonNullable<CaseQueueQuery['sort']>
export type QueueOrder = NonNullable<CaseQueueQuery['order']>

export interface QueueFilters {
  tab: QueueTab
  category: string
  class721: Class721 | ''
  source: Source | ''
  priority: string
  /** Only cases past their deadline (the 超期 tab implies it). */
  overdue: boolean
  /** A child area of the user's area; '' = the whole scope. */
  area: string
  window: TimeWindow | ''
  q: string
  sort: QueueSort
  order: QueueOrder
  page: number
}

export const PAGE_SIZE = 50

export function defaultFilters(): QueueFilters {
  return {
    tab: 'received', category: '', class721: '', source: '', priority: '', overdue: false, area: '', window: '', q: '',
    sort: 'created', order: 'desc', page: 0,
  }
}

/** Tab labels; a department is whistled *to*, everyone else waits for the department. */
export function tabLabel(tab: QueueTab, isDepartment: boolean): string {
  const names: Record<QueueTab, string> = {
    received: '待派单', dispatched: '待受理', handling: '处置中', resolved: '待评价', overdue: '超期', whistle: isDepartment ? '吹哨给我' : '吹哨待报到',
  }
  return names[tab]
}

/** The count shown on each tab, from the queue endpoint's answer. */
export function tabCount(tab: QueueTab, counts: CaseQueueCounts | null): number | null {
  if (!counts) return null
  return tab === 'whistle' ? counts.whistled : counts[tab]
}

/** What the tab itself selects (the rest of the filters narrow it further). */
function tabSelection(tab: QueueTab): Pick<CaseQueueQuery, 'status' | 'overdue' | 'whistle'> {
  switch (tab) {
    case 'overdue':
      return { status: OPEN_STATUSES.join(','), overdue: true }
    case 'whistle':
      return { whistle: 'pending' }
    default:
      return { status: tab }
  }
}

/** The list request for these filters, scoped to `scopeArea` when no child area is chosen. */
export function queueQuery(f: QueueFilters, scopeArea: string | null = null): CaseQueueQuery {
  const q: CaseQueueQuery = { ...tabSelection(f.tab), sort: f.sort, order: f.order, limit: PAGE_SIZE, offset: f.page * PAGE_SIZE }
  const area = f.area || scopeArea
  if (area) q.area = area
  if (f.category) q.category = f.category
  if (f.class721) q.class721 = f.class721
  if (f.source) q.source = f.source
  if (f.priority) q.priority = f.priority
  if (f.overdue) q.overdue = true
  if (f.window) q.window = f.window
  const text = f.q.trim()
  if (text) q.q = text
  return q
}

/** The same selection for the CSV / GeoJSON export (no paging; the export keeps its own order). */
export function queueExportFilter(f: QueueFilters, scopeArea: string | null = null): CaseExportFilter {
  const { limit: _l, offset: _o, sort: _s, order: _ord, status, category, source, ...rest } = queueQuery(f, scopeArea)
  const out: CaseExportFilter = { ...rest }
  if (source) out.source = source as Source
  if (status) out.status = status.split(',') as CaseStatus[]
  if (category) out.category = [category]
  return out
}

/** Clicking a sortable column: the same column flips the order, a new one starts descending. */
export function toggleSort(f: Pick<QueueFilters, 'sort' | 'order'>, column: QueueSort): Pick<QueueFilters, 'sort' | 'order'> {
  if (f.sort === column) return { sort: column, order: f.order === 'desc' ? 'asc' : 'desc' }
  return { sort: column, order: column === 'deadline' ? 'asc' : 'desc' }
}

/** Any filter change but paging goes back to the first page. */
export function withFilter(f: QueueFilters, change: Partial<QueueFilters>): QueueFilters {
  return { ...f, ...change, page: 'page' in change ? (change.page ?? 0) : 0 }
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE))
}
