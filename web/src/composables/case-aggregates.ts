/**
 * What the charts and the heat layer derive from the recent cases: counts per hour of today, per
 * category, and the cases inside the heat window. Pure; memoised per cases array (a new array arrives
 * only when events were applied) and per window start, so a ticking clock recomputes nothing.
 */
import type { CaseLite } from './recent-cases.ts'
import { hourCst } from './cst-time.ts'

export interface CategoryCount {
  code: string
  name: string
  class721: string
  count: number
}

function memo<R>(fn: (cases: readonly CaseLite[], since: number) => R) {
  const cache = new WeakMap<readonly CaseLite[], { since: number; out: R }>()
  return (cases: readonly CaseLite[], since: number): R => {
    const hit = cache.get(cases)
    if (hit && hit.since === since) return hit.out
    const out = fn(cases, since)
    cache.set(cases, { since, out })
    return out
  }
}

/** Cases created at or after `dayStart`, per hour of the day in China time (24 numbers). */
export const hourlyCounts = memo((cases, dayStart): number[] => {
  const out = new Array<number>(24).fill(0)
  for (const c of cases) if (c.createdAt >= dayStart) out[hourCst(c.createdAt)]!++
  return out
})

/** Cases created at or after `since` per category, most first. */
export const categoryCounts = memo((cases, since): CategoryCount[] => {
  const by = new Map<string, CategoryCount>()
  for (const c of cases) {
    if (c.createdAt < since) continue
    const row = by.get(c.category)
    if (row) row.count++
    else by.set(c.category, { code: c.category, name: c.categoryName, class721: c.class721, count: 1 })
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
})

/** Cases created at or after `since`: the points of the heat layers. */
export const casesSince = memo((cases, since): CaseLite[] => cases.filter((c) => c.createdAt >= since))
