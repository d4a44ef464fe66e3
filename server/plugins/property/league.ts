import type { Scope } from '../../domain/access/policy.ts'
import type { TimeRange } from '../../domain/cases/time-window.ts'
import { PROPERTY_CATEGORIES, REPEAT_DAYS, type Figures } from '../../domain/property/figures.ts'
import { MIN_COMPLAINTS, MIN_HOUSEHOLDS, rankCompanies, WEIGHTS, type Standing } from '../../domain/property/standing.ts'
import { propertyRange, type PropertyWindow } from '../../domain/property/window.ts'
import type { CompanyStandingT } from './schemas.ts'
import { companiesByIds, figureRows, type Db } from './queries.ts'

export const rules = (top: number) => ({
  top,
  minHouseholds: MIN_HOUSEHOLDS,
  minComplaints: MIN_COMPLAINTS,
  weights: { ...WEIGHTS },
  propertyCategories: [...PROPERTY_CATEGORIES],
  repeatDays: REPEAT_DAYS,
})

/**
 * The league of the companies with a compound in scope: figures over the compounds and cases the
 * principal reaches (a street account's league is drawn on its own compounds only), ranked.
 */
export async function league(db: Db, scope: Scope, range: TimeRange, top: number) {
  const rows = await figureRows(db, scope, range, { level: 'company' })
  const figures = new Map<string, Figures>(rows.map((r) => [r.companyId, r.figures]))
  const ranking = rankCompanies(figures, { top })
  const names = await companiesByIds(db, [...figures.keys()])
  const entry = (s: Standing): CompanyStandingT => ({
    id: s.companyId,
    name: names.get(s.companyId)?.name ?? s.companyId,
    ...figures.get(s.companyId)!,
    rank: s.rank,
    score: s.score,
    list: s.list,
    flags: s.flags,
  })
  const companies = [...ranking.ranked, ...ranking.unranked].map(entry)
  const byId = new Map(companies.map((c) => [c.id, c]))
  return {
    companies,
    byId,
    red: ranking.red.map((id) => byId.get(id)!),
    black: ranking.black.map((id) => byId.get(id)!),
    rankedOf: ranking.ranked.length,
    names,
  }
}

export function window(name: PropertyWindow, now = new Date()) {
  const range = propertyRange(name, now)
  return { range, asOf: now.toISOString(), window: { name, ...range } }
}


/** The body of GET /api/property-companies, on any connection (the wall's snapshot reads it in its transaction). */
export async function leagueAnswer(db: Db, scope: Scope, name: PropertyWindow, top: number, now: Date) {
  const w = window(name, now)
  const l = await league(db, scope, w.range, top)
  return { asOf: w.asOf, window: w.window, rules: rules(top), red: l.red, black: l.black, companies: l.companies }
}
