/**
 * 红黑榜: property companies ranked by a standing score over their figures (pure, no I/O).
 *
 * The score (0–100, higher is better) is a weighted mean of where a company stands among the companies
 * ranked with it, metric by metric:
 *
 *   score = 100 × Σ wₘ · posₘ / Σ wₘ
 *
 *   metric                                   weight   better when
 *   complaints per 1,000 households (每千户)  0.40     lower
 *   median settle time (办结用时)              0.20     lower
 *   median response time (响应用时)            0.10     lower
 *   mean satisfaction (满意度)                 0.20     higher
 *   share of repeat complaints (重复投诉率)    0.10     lower
 *
 * posₘ is the company's position among the n ranked companies that have a value for m: (peers it beats
 * + ½ × peers it ties) / (n − 1), so 1 = best, 0 = worst, ½ = the middle. A company without a value for
 * m (nothing resolved yet, no ratings) gets ½ there, neither helped nor hurt; so does everyone when fewer
 * than two companies have a value. Positions rather than raw values: the five metrics have different
 * units, and one company with an extreme figure should not squash everybody else into one end. This is
 * a league table (兰陵: 考核成绩前十名列入红榜、后十名列入黄榜), so standing relative to the peers is
 * what is asked.
 *
 * A company is ranked only when its figures can bear it: at least MIN_HOUSEHOLDS households (a handful
 * of complaints at a small compound would swing its rate) and at least MIN_COMPLAINTS complaints (its
 * times, ratings and repeats need cases to mean anything). Others are listed, flagged, not ranked.
 *
 * Order: score (rounded to 0.01) descending, then complaints per 1,000 households ascending, then median
 * settle time ascending (none last), then households descending, then id — the same input always
 * gives the same order. 红榜 = the best `top`, 黑榜 = the worst `top` (worst first); with fewer than
 * 2 × top ranked companies each list takes half of them (rounded down), so no company is on both.
 */
import type { Figures } from './figures.ts'

export const MIN_HOUSEHOLDS = 200
export const MIN_COMPLAINTS = 3
export const DEFAULT_TOP = 5

export const WEIGHTS = { per1000: 0.4, settleHours: 0.2, responseHours: 0.1, satisfaction: 0.2, repeatShare: 0.1 } as const
type Metric = keyof typeof WEIGHTS
const HIGHER_IS_BETTER: Record<Metric, boolean> = { per1000: false, settleHours: false, responseHours: false, satisfaction: true, repeatShare: false }
const METRICS = Object.keys(WEIGHTS) as Metric[]

export type StandingFlag = 'few_households' | 'few_complaints'
export type ListName = 'red' | 'black'

export interface Standing {
  companyId: string
  /** 1 = best; null when not ranked. */
  rank: number | null
  score: number | null
  list: ListName | null
  flags: StandingFlag[]
}

export interface RankOptions {
  top?: number
  minHouseholds?: number
  minComplaints?: number
}

export interface Ranking {
  /** Ranked companies, best first. */
  ranked: Standing[]
  /** Flagged companies, by id. */
  unranked: Standing[]
  red: string[]
  black: string[]
}

/** Position of `x` among `others` (its peers, without itself): 1 = better than all, 0 = worse than all. */
function position(x: number, others: number[], higherIsBetter: boolean): number {
  if (others.length === 0) return 0.5
  let beats = 0
  for (const v of others) {
    if (v === x) beats += 0.5
    else if (higherIsBetter ? x > v : x < v) beats += 1
  }
  return beats / others.length
}

const cmpNullsLast = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b)

export function flagsOf(f: Figures, o: Required<RankOptions>): StandingFlag[] {
  const flags: StandingFlag[] = []
  if (f.households < o.minHouseholds) flags.push('few_households')
  if (f.complaints < o.minComplaints) flags.push('few_complaints')
  return flags
}

/**
 * Rank companies by their figures.
 * @example rankCompanies(new Map([['WY001', figures1], ['WY002', figures2]]), { top: 5 })
 */
export function rankCompanies(figures: ReadonlyMap<string, Figures>, options: RankOptions = {}): Ranking {
  const o = { top: DEFAULT_TOP, minHouseholds: MIN_HOUSEHOLDS, minComplaints: MIN_COMPLAINTS, ...options }
  if (!Number.isInteger(o.top) || o.top < 0) throw new RangeError(`top must be a whole number ≥ 0, not ${o.top}`)
  const eligible: [string, Figures][] = []
  const unranked: Standing[] = []
  for (const [id, f] of figures) {
    const flags = flagsOf(f, o)
    if (flags.length) unranked.push({ companyId: id, rank: null, score: null, list: null, flags })
    else eligible.push([id, f])
  }

  const scores = new Map<string, number>()
  const totalWeight = METRICS.reduce((s, m) => s + WEIGHTS[m], 0)
  for (const [id, f] of eligible) {
    let sum = 0
    for (const m of METRICS) {
      const x = f[m]
      const others = eligible.filter(([other, g]) => other !== id && g[m] !== null).map(([, g]) => g[m] as number)
      sum += WEIGHTS[m] * (x === null ? 0.5 : position(x, others, HIGHER_IS_BETTER[m]))
    }
    scores.set(id, Math.round((10_000 * sum) / totalWeight) / 100)
  }

  eligible.sort(([a, fa], [b, fb]) =>
    scores.get(b)! - scores.get(a)!
    || cmpNullsLast(fa.per1000, fb.per1000)
    || cmpNullsLast(fa.settleHours, fb.settleHours)
    || fb.households - fa.households
    || (a < b ? -1 : a > b ? 1 : 0))

  const k = Math.min(o.top, Math.floor(eligible.length / 2))
  const ranked: Standing[] = eligible.map(([id], i) => ({
    companyId: id,
    rank: i + 1,
    score: scores.get(id)!,
    list: i < k ? 'red' : i >= eligible.length - k ? 'black' : null,
    flags: [],
  }))
  unranked.sort((a, b) => (a.companyId < b.companyId ? -1 : 1))
  return {
    ranked,
    unranked,
    red: ranked.slice(0, k).map((s) => s.companyId),
    black: ranked.slice(ranked.length - k).reverse().map((s) => s.companyId),
  }
}
