/** Saved plans (方案) and their comparison: /api/plans. Types are the server schemas' Static<>. */
import type { Static } from '@sinclair/typebox'
import type { CompareResponseT, PlanChangesT, PlanList, PlanT } from '../../../server/plugins/plans/schemas.ts'
import type { Scenario } from './types.ts'
import { getJson, postJson, requestWith } from './request.ts'

export type Plan = PlanT
export type PlanSummary = Static<typeof PlanList>['items'][number]
export type PlanChanges = PlanChangesT
export type PlanComparison = CompareResponseT
export type PlanComparisonRow = CompareResponseT['rows'][number]
export type PlanComparisonColumn = CompareResponseT['columns'][number]

export interface PlanInput {
  name: string
  scenario: Scenario
  changes: PlanChanges
}

export const plansApi = {
  list: (signal?: AbortSignal) => getJson<Static<typeof PlanList>>('/api/plans', {}, signal),
  get: (id: number, signal?: AbortSignal) => getJson<Plan>(`/api/plans/${id}`, {}, signal),
  create: (plan: PlanInput) => postJson<Plan>('/api/plans', plan),
  update: (id: number, patch: Partial<PlanInput>) => requestWith<Plan>(`/api/plans/${id}`, { method: 'PUT', body: patch }),
  remove: (id: number) => requestWith<null>(`/api/plans/${id}`, { method: 'DELETE' }),
  /** Columns: 'now', 'pipeline' or plan ids; the first is the one the others are measured against. */
  compare: (columns: readonly (string | number)[], signal?: AbortSignal) => getJson<PlanComparison>('/api/plans/compare', { plans: columns.join(',') }, signal),
}
