import type { StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import { suggestSites, type SuggestedSite, type SuggestSitesOptions, type SuggestSitesResult } from './suggest-sites.ts'

/** So many stations of one kind, each filling the circle that kind serves (e.g. 15 min for a community centre). */
export interface BudgetLine {
  kind: string
  count: number
  minutes: number
}

export interface SuggestByBudgetOptions extends Omit<SuggestSitesOptions, 'k' | 'goals'> {
  budget: readonly BudgetLine[]
}

export interface BudgetedSite extends SuggestedSite {
  kind: string
  /** The circle this site was chosen to fill (its kind's). */
  goalMinutes: number
}

export interface SuggestByBudgetResult extends Omit<SuggestSitesResult, 'sites'> {
  sites: BudgetedSite[]
}

/**
 * Siting under a budget by station kind ("2 community centres, 5 compound stations"): the kinds with the
 * widest circle are placed first, each site maximising residents newly within its own kind's circle;
 * every site placed joins the plan before the next is chosen, so a compound station never lands where
 * a community centre just sited already serves. Gains and curves are reported for `minutes` and every
 * budget circle, in placement order, as suggestSites reports them.
 *
 * @example
 * suggestByBudget(model, stations, { budget: [{ kind: 'community_center', count: 2, minutes: 15 }, { kind: 'compound_station', count: 5, minutes: 5 }] })
 */
export function suggestByBudget(model: CoverageModel, stations: readonly StationInput[], options: SuggestByBudgetOptions): SuggestByBudgetResult {
  const { budget, minutes = 15, plan = {}, ...rest } = options
  if (budget.length === 0) throw new RangeError('budget: at least one line')
  for (const line of budget) {
    if (!Number.isInteger(line.count) || line.count < 1) throw new RangeError(`budget: count must be a positive integer, got ${line.count}`)
  }
  const circles = [...new Set([minutes, ...budget.map((l) => l.minutes)])]
  // Widest circle first; lines of equal circles keep their order.
  const lines = budget.map((l, i) => ({ ...l, i })).sort((a, b) => b.minutes - a.minutes || a.i - b.i)
  const added = [...(plan.add ?? [])]
  const byId = new Map((rest.candidates ?? []).flatMap((c) => (c.id === undefined ? [] : [[c.id, c] as const])))
  const sites: BudgetedSite[] = []
  const byMinutes: SuggestSitesResult['byMinutes'] = {}
  let candidatesConsidered = 0
  for (const line of lines) {
    const goals = [{ minutes: line.minutes, weight: 1 }, ...circles.filter((m) => m !== line.minutes).map((m) => ({ minutes: m, weight: 0 }))]
    const r = suggestSites(model, stations, { ...rest, minutes, k: line.count, goals, plan: { ...plan, add: added } })
    candidatesConsidered = Math.max(candidatesConsidered, r.candidatesConsidered)
    for (const [m, row] of Object.entries(r.byMinutes)) {
      const acc = (byMinutes[m] ??= { coveredBefore: row.coveredBefore, curve: [] })
      acc.curve.push(...row.curve)
    }
    for (const site of r.sites) {
      sites.push({ ...site, kind: line.kind, goalMinutes: line.minutes })
      const compoundId = site.candidateId === null ? null : (byId.get(site.candidateId)?.compoundId ?? null)
      added.push({ id: `budget-${sites.length}`, kind: line.kind, lngLat: site.lngLat, compoundId })
    }
  }
  const head = byMinutes[String(minutes)]
  return {
    minutes,
    scenario: options.scenario ?? 'current',
    sites,
    coveredBefore: head.coveredBefore,
    coveredAfter: head.curve.at(-1) ?? head.coveredBefore,
    curve: head.curve,
    byMinutes,
    candidatesConsidered,
  }
}
