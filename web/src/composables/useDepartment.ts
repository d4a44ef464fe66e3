/**
 * 吹哨报到 for a district department: the whistles awaiting its report-in (soonest deadline first), the
 * whistles it has had, its report rate and on-time rate over a window, and the report-in itself.
 * Reloaded after each report-in and every half minute (a street may whistle at any time).
 */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { CaseList, CaseStats, CaseView, DepartmentStats, TimeWindow } from '../api/case-types.ts'
import { casesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import { useRequest } from './useRequest.ts'

export interface UseDepartmentOptions {
  department: MaybeRefOrGetter<string | null>
  fetcher?: Pick<CasesApi, 'list' | 'stats' | 'transition'>
  /** @default 30000 */
  refreshMs?: number
}

export interface UseDepartmentReturn {
  pending: ComputedRef<CaseView[]>
  history: ComputedRef<CaseView[]>
  mine: ComputedRef<DepartmentStats | null>
  window: ShallowRef<TimeWindow>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  reporting: ShallowRef<number | null>
  reportError: ShallowRef<ApiError | null>
  report: (id: number, note?: string) => Promise<boolean>
  reload: () => Promise<void>
}

/** Whistles awaiting report-in, the one due soonest first. */
export function byReportDeadline(cases: readonly CaseView[]): CaseView[] {
  const due = (c: CaseView) => (c.escalation ? Date.parse(c.escalation.reportBy) : Infinity)
  return [...cases].sort((a, b) => due(a) - due(b) || a.id - b.id)
}

export function useDepartment(options: UseDepartmentOptions): UseDepartmentReturn {
  const fetcher = options.fetcher ?? casesApi
  const window = shallowRef<TimeWindow>('7d')
  const data = useRequest(
    async (w: TimeWindow, signal): Promise<{ pending: CaseList; history: CaseList; stats: CaseStats }> => {
      const [pending, history, stats] = await Promise.all([
        fetcher.list({ whistle: 'pending', limit: 200 }, signal),
        fetcher.list({ whistle: 'any', sort: 'updated', order: 'desc', limit: 50 }, signal),
        fetcher.stats({ window: w }, signal),
      ])
      return { pending, history, stats }
    },
    { clearErrorOnStart: false },
  )
  const reload = () => data.execute(window.value).then(() => undefined)
  watch(window, () => void reload(), { immediate: true })
  const timer = setInterval(() => void reload(), options.refreshMs ?? 30_000)
  onScopeDispose(() => clearInterval(timer))

  const reporting = shallowRef<number | null>(null)
  const reportError = shallowRef<ApiError | null>(null)
  const doReport = useRequest((a: { id: number; note?: string }, signal) =>
    fetcher.transition(a.id, { action: 'report', ...(a.note ? { note: a.note } : {}) }, signal),
  )
  async function report(id: number, note?: string): Promise<boolean> {
    reporting.value = id
    reportError.value = null
    const res = await doReport.execute({ id, note })
    reporting.value = null
    if (!res) reportError.value = doReport.error.value
    // Whether it worked or the case had moved on (409), the lists must show how things stand now.
    await reload()
    return !!res
  }

  return {
    pending: computed(() => byReportDeadline(data.data.value?.pending.items ?? [])),
    history: computed(() => data.data.value?.history.items ?? []),
    mine: computed(() => {
      const d = toValue(options.department)
      return data.data.value?.stats.departments.find((x) => x.department === d) ?? null
    }),
    window,
    loading: data.loading,
    error: data.error,
    reporting,
    reportError,
    report,
    reload,
  }
}
