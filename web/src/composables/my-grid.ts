/**
 * The grid worker's cases (我的网格), pure: the one big button each case gets, the level a case is
 * resolved at by default (小事不出网格: the building when the case has one, else the compound/grid), and
 * the transitions a button sends.
 */
import type { CaseView, TransitionRequest } from '../api/case-types.ts'
import type { ResolvedLevel } from '../../../server/domain/vocabulary/index.ts'

/** take: a received case is dispatched to the worker's own area and started in one go (接单处置). */
export type GridAction = 'take' | 'start' | 'resolve'

export const GRID_ACTION_NAMES: Record<GridAction, string> = { take: '接单处置', start: '开始处置', resolve: '办结' }

/** Levels a grid worker can say a case was settled at, nearest first. */
export const GRID_RESOLVE_LEVELS: readonly ResolvedLevel[] = ['building', 'compound', 'community', 'street', 'department']

/** The action the case's status calls for, if this account may take it (Me.actions). */
export function gridActionFor(c: Pick<CaseView, 'status'>, actions: readonly string[]): GridAction | null {
  if (c.status === 'received') return actions.includes('dispatch') && actions.includes('start') ? 'take' : null
  if (c.status === 'dispatched') return actions.includes('start') ? 'start' : null
  if (c.status === 'handling') return actions.includes('resolve') ? 'resolve' : null
  return null
}

export function defaultResolveLevel(c: Pick<CaseView, 'buildingId'>): ResolvedLevel {
  return c.buildingId ? 'building' : 'compound'
}

/** The transitions, in order, that one button sends. */
export function gridTransitions(
  action: GridAction,
  ctx: { areaId: string; areaLevel: 'grid' | 'community' | 'street'; level?: ResolvedLevel; note?: string; photos?: readonly string[] },
): TransitionRequest[] {
  const note = ctx.note?.trim() || undefined
  const photos = ctx.photos?.length ? { photos: [...ctx.photos] } : {}
  if (action === 'take') return [{ action: 'dispatch', level: ctx.areaLevel, to: ctx.areaId, note: '网格员接单' }, { action: 'start' }]
  if (action === 'start') return [{ action: 'start', ...(note ? { note } : {}) }]
  return [{ action: 'resolve', level: ctx.level ?? 'compound', ...(note ? { note } : {}), ...photos }]
}
