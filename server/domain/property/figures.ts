/**
 * 红色物业: what a property company's compounds generated over a window (pure, no I/O).
 *
 * Which cases count as complaints about a company: every case located in one of the compounds it manages
 * (`cases.compound_id`), whatever its category — residents call 12345 about their compound and the
 * company answers for how the compound is kept. Beside that, `propertyComplaints` counts only the
 * categories a property company is directly responsible for inside a compound (PROPERTY_CATEGORIES), so a
 * reader can tell a company whose compounds have many neighbour disputes from one that fails its own work.
 *
 * The server computes the same figures in SQL (server/plugins/property/queries.ts); this module is the
 * reference the tests hold that SQL to, and the place the definitions are written down:
 * - a case is in the window when created in [from, to);
 * - response time = created → started (开始处置), settle time = created → resolved (办结), in hours, medians
 *   over the cases whose step happened by `to` (figures as of the moment they were read);
 * - satisfaction = mean of the 1–5 ratings given by `to`;
 * - a repeat complaint (重复投诉) is a case at the same building and category as an earlier case created at
 *   most 30 days before it (the earlier one may lie before the window), or a case that was reopened.
 */

/** The categories a property company answers for inside its compounds (物业服务范围). */
export const PROPERTY_CATEGORIES: readonly string[] = [
  'property_service', // 物业服务
  'elevator', // 电梯: maintenance contracts are the company's
  'public_facility', // shared facilities in the compound
  'sanitation', // cleaning and refuse inside the walls
  'greenery', // green space upkeep inside the walls
  'parking', // parking order inside the compound
  'fire_access', // 消防通道: kept clear by the company's patrols
]

export const REPEAT_DAYS = 30
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

export interface CompoundFacts {
  id: string
  companyId: string
  households: number
}

/** One case as the figures need it; times in ms since the epoch. */
export interface CaseFacts {
  id: number
  compoundId: string
  buildingId: string | null
  category: string
  createdAt: number
  startedAt: number | null
  resolvedAt: number | null
  evaluatedAt: number | null
  satisfaction: number | null
  reopenCount: number
}

export interface Window {
  from: number
  to: number
}

export interface Figures {
  compounds: number
  households: number
  /** Cases in the window in these compounds (all categories). */
  complaints: number
  /** Of those, the ones in PROPERTY_CATEGORIES. */
  propertyComplaints: number
  /** Complaints per 1,000 households (每千户); null without households. */
  per1000: number | null
  propertyPer1000: number | null
  /** How many were started / resolved by `to`, and the medians of those, in hours. */
  started: number
  responseHours: number | null
  resolved: number
  settleHours: number | null
  rated: number
  satisfaction: number | null
  repeats: number
  /** repeats / complaints; null without complaints. */
  repeatShare: number | null
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const per1000 = (n: number, households: number) => (households > 0 ? (n / households) * 1000 : null)

/** The counts and medians a figure is made of; the rates follow from them. */
export type FigureCounts = Omit<Figures, 'per1000' | 'propertyPer1000' | 'repeatShare'>

export function withRates(c: FigureCounts): Figures {
  return {
    ...c,
    per1000: per1000(c.complaints, c.households),
    propertyPer1000: per1000(c.propertyComplaints, c.households),
    repeatShare: c.complaints ? c.repeats / c.complaints : null,
  }
}

/**
 * The ids of the cases that repeat an earlier one (same building and category within REPEAT_DAYS, ties in
 * time broken by id) or were reopened. `cases` should reach back REPEAT_DAYS before the window.
 */
export function repeatIds(cases: readonly CaseFacts[]): Set<number> {
  const out = new Set<number>()
  const last = new Map<string, number>()
  const ordered = [...cases].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
  for (const c of ordered) {
    if (c.reopenCount > 0) out.add(c.id)
    if (c.buildingId === null) continue
    const key = `${c.buildingId}\u0000${c.category}`
    const prev = last.get(key)
    if (prev !== undefined && c.createdAt - prev <= REPEAT_DAYS * DAY_MS) out.add(c.id)
    last.set(key, c.createdAt)
  }
  return out
}

/**
 * Figures of one group of compounds (a company's, or a single compound) over a window. `cases` are the
 * cases located in those compounds, from REPEAT_DAYS before the window to its end.
 */
export function figuresOf(compounds: readonly CompoundFacts[], cases: readonly CaseFacts[], w: Window): Figures {
  const households = compounds.reduce((s, c) => s + c.households, 0)
  const repeats = repeatIds(cases)
  const inWindow = cases.filter((c) => c.createdAt >= w.from && c.createdAt < w.to)
  const response: number[] = []
  const settle: number[] = []
  const ratings: number[] = []
  let propertyComplaints = 0
  let repeatCount = 0
  for (const c of inWindow) {
    if (PROPERTY_CATEGORIES.includes(c.category)) propertyComplaints++
    if (repeats.has(c.id)) repeatCount++
    if (c.startedAt !== null && c.startedAt <= w.to) response.push((c.startedAt - c.createdAt) / HOUR_MS)
    if (c.resolvedAt !== null && c.resolvedAt <= w.to) settle.push((c.resolvedAt - c.createdAt) / HOUR_MS)
    if (c.satisfaction !== null && c.evaluatedAt !== null && c.evaluatedAt <= w.to) ratings.push(c.satisfaction)
  }
  return withRates({
    compounds: compounds.length,
    households,
    complaints: inWindow.length,
    propertyComplaints,
    started: response.length,
    responseHours: median(response),
    resolved: settle.length,
    settleHours: median(settle),
    rated: ratings.length,
    satisfaction: ratings.length ? ratings.reduce((s, r) => s + r, 0) / ratings.length : null,
    repeats: repeatCount,
  })
}

/** Figures per company, from its compounds and the cases located in them. */
export function companyFigures(compounds: readonly CompoundFacts[], cases: readonly CaseFacts[], w: Window): Map<string, Figures> {
  const companyOf = new Map(compounds.map((c) => [c.id, c.companyId]))
  const byCompany = new Map<string, { compounds: CompoundFacts[]; cases: CaseFacts[] }>()
  for (const c of compounds) {
    let g = byCompany.get(c.companyId)
    if (!g) byCompany.set(c.companyId, (g = { compounds: [], cases: [] }))
    g.compounds.push(c)
  }
  for (const k of cases) {
    const company = companyOf.get(k.compoundId)
    if (company !== undefined) byCompany.get(company)!.cases.push(k)
  }
  return new Map([...byCompany].map(([id, g]) => [id, figuresOf(g.compounds, g.cases, w)]))
}
