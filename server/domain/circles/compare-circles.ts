import { LOCAL_LEVELS } from '../cases/taxonomy.ts'
import { startOfDayCst, type TimeRange } from '../cases/time-window.ts'

/** A building as the comparison sees it: who lives there and how far the nearest station is. */
export interface CircleBuilding {
  id: string
  residents: number
  households: number
  /** Walking minutes to the nearest station of the scenario; null when none can be reached. */
  minutes: number | null
  streetId: string | null
}

/** A case: where (its building, or none) and how it was settled. */
export interface CircleCase {
  buildingId: string | null
  category: string
  /** ISO time; only cases created inside the window are counted (the caller usually filters already). */
  createdAt: string
  resolvedLevel: string | null
  resolvedAt: string | null
  /** How many identical cases this row stands for (a database may group them). @default 1 */
  count?: number
}

export interface CircleSide {
  residents: number
  households: number
  buildings: number
  cases: number
  /** Cases in the window per 1,000 residents (not annualised); null without residents. */
  per1000: number | null
  resolved: number
  /** Resolved at 楼栋 or 小区 level. */
  resolvedLocal: number
  /** resolvedLocal / resolved; null when none was resolved. */
  localShare: number | null
}

export interface CircleSplit {
  minutes: number
  inside: CircleSide
  outside: CircleSide
  /** Rate ratio inside / outside per 1,000 residents; null when either rate is missing or outside is 0. */
  ratio: number | null
}

export interface CircleComparison {
  thresholds: CircleSplit[]
  /** Per category, most cases first (all placed cases of the category; residents as for the whole). */
  byCategory: { category: string; cases: number; thresholds: CircleSplit[] }[]
  /** Per street of the buildings, in the order streets first appear in `buildings`. */
  byStreet: { streetId: string; thresholds: CircleSplit[] }[]
  /** One row per China day from the window's first day to its last (partial days included). */
  daily: { date: string; thresholds: { minutes: number; inside: number; outside: number; insidePer1000: number | null; outsidePer1000: number | null }[] }[]
  /**
   * Cases counted apart, never guessed into a side: without a building (a street, a square), or at a
   * building not in `buildings` (nonResidential: the walking model lists the buildings people live in,
   * so shops, schools and offices, and buildings added since the model was built, are not there).
   */
  unplaced: { cases: number; withoutBuilding: number; nonResidential: number }
}

export interface CompareCirclesOptions {
  /** @default [5, 15] */
  thresholds?: readonly number[]
  window: TimeRange
  /**
   * Minutes within this of a threshold count as inside, so a building sits on the same side as in the
   * engine's coverage (which compares metres with its own epsilon). @default 0
   */
  epsilonMinutes?: number
}

const DAY_MS = 86_400_000
const LOCAL = new Set<string>(LOCAL_LEVELS)
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits

/** Cases per 1,000 residents, 3 decimals; null without residents. */
export function per1000(cases: number, residents: number): number | null {
  return residents > 0 ? round((cases * 1000) / residents, 3) : null
}

/** Inside rate over outside rate from the counts (not the rounded rates), 2 decimals; null when it cannot be formed. */
export function rateRatio(inside: { cases: number; residents: number }, outside: { cases: number; residents: number }): number | null {
  if (inside.residents <= 0 || outside.residents <= 0 || outside.cases === 0) return null
  return round((inside.cases / inside.residents) / (outside.cases / outside.residents), 2)
}

interface Tally {
  residents: number
  households: number
  buildings: number
  cases: number
  resolved: number
  resolvedLocal: number
}

const emptyTally = (): Tally => ({ residents: 0, households: 0, buildings: 0, cases: 0, resolved: 0, resolvedLocal: 0 })

function side(t: Tally, residents = t.residents): CircleSide {
  return {
    residents,
    households: t.households,
    buildings: t.buildings,
    cases: t.cases,
    per1000: per1000(t.cases, residents),
    resolved: t.resolved,
    resolvedLocal: t.resolvedLocal,
    localShare: t.resolved > 0 ? round(t.resolvedLocal / t.resolved, 4) : null,
  }
}

function split(minutes: number, inside: Tally, outside: Tally, population?: { inside: Tally; outside: Tally }): CircleSplit {
  const i = side(inside, population?.inside.residents)
  const o = side(outside, population?.outside.residents)
  if (population) {
    Object.assign(i, { households: population.inside.households, buildings: population.inside.buildings })
    Object.assign(o, { households: population.outside.households, buildings: population.outside.buildings })
  }
  return { minutes, inside: i, outside: o, ratio: rateRatio(i, o) }
}

/**
 * Service circles against cases (服务圈内外诉求对比): for each walking threshold, residents and cases inside
 * and outside the circle, cases per 1,000 residents on each side and their ratio, and the share settled at
 * 楼栋/小区 level — overall, per category, per street and per China day of the window. A case's side is
 * its building's; cases without a known building are counted apart (`unplaced`).
 *
 * @example
 * compareCircles(buildings, cases, { window: { from, to } }).thresholds[0].ratio // 0.8: 20 % fewer inside 5 min
 */
export function compareCircles(
  buildings: readonly CircleBuilding[],
  cases: readonly CircleCase[],
  options: CompareCirclesOptions,
): CircleComparison {
  const thresholds = [...new Set(options.thresholds ?? [5, 15])].sort((a, b) => a - b)
  if (!thresholds.length || thresholds.some((m) => !(m > 0) || !Number.isFinite(m))) throw new TypeError('thresholds must be positive finite minutes')
  const eps = options.epsilonMinutes ?? 0
  const fromMs = Date.parse(options.window.from)
  const toMs = Date.parse(options.window.to)
  if (!(fromMs < toMs)) throw new TypeError(`window.from (${options.window.from}) must be before window.to (${options.window.to})`)
  const within = (b: CircleBuilding, m: number) => b.minutes !== null && b.minutes <= m + eps

  // Per threshold: [inside, outside] tallies, overall, by street and by category.
  const pair = () => thresholds.map(() => [emptyTally(), emptyTally()] as [Tally, Tally])
  const overall = pair()
  const streets = new Map<string, ReturnType<typeof pair>>()
  const categories = new Map<string, ReturnType<typeof pair>>()
  const byId = new Map<string, CircleBuilding>()
  for (const b of buildings) {
    byId.set(b.id, b)
    const street = b.streetId === null ? null : streets.get(b.streetId) ?? streets.set(b.streetId, pair()).get(b.streetId)!
    thresholds.forEach((m, k) => {
      const s = within(b, m) ? 0 : 1
      for (const t of street ? [overall[k][s], street[k][s]] : [overall[k][s]]) {
        t.residents += b.residents
        t.households += b.households
        t.buildings++
      }
    })
  }

  const firstDay = startOfDayCst(new Date(fromMs)).getTime()
  const days = Math.max(1, Math.ceil((toMs - firstDay) / DAY_MS))
  const daily = Array.from({ length: days }, () => thresholds.map(() => [0, 0]))
  const unplaced = { cases: 0, withoutBuilding: 0, nonResidential: 0 }

  for (const c of cases) {
    const at = Date.parse(c.createdAt)
    if (!(at >= fromMs && at < toMs)) continue
    const n = c.count ?? 1
    const b = c.buildingId === null ? undefined : byId.get(c.buildingId)
    if (!b) {
      unplaced.cases += n
      if (c.buildingId === null) unplaced.withoutBuilding += n
      else unplaced.nonResidential += n
      continue
    }
    const resolved = c.resolvedAt !== null
    const local = resolved && c.resolvedLevel !== null && LOCAL.has(c.resolvedLevel)
    const street = b.streetId === null ? undefined : streets.get(b.streetId)
    const category = categories.get(c.category) ?? categories.set(c.category, pair()).get(c.category)!
    const day = Math.floor((at - firstDay) / DAY_MS)
    thresholds.forEach((m, k) => {
      const s = within(b, m) ? 0 : 1
      daily[day][k][s] += n
      for (const t of [overall[k][s], category[k][s], ...(street ? [street[k][s]] : [])]) {
        t.cases += n
        if (resolved) t.resolved += n
        if (local) t.resolvedLocal += n
      }
    })
  }

  const population = (k: number) => ({ inside: overall[k][0], outside: overall[k][1] })
  return {
    thresholds: thresholds.map((m, k) => split(m, overall[k][0], overall[k][1])),
    byCategory: [...categories]
      .map(([category, p]) => ({ category, cases: p[0][0].cases + p[0][1].cases, thresholds: thresholds.map((m, k) => split(m, p[k][0], p[k][1], population(k))) }))
      .sort((a, b) => b.cases - a.cases || (a.category < b.category ? -1 : 1)),
    byStreet: [...streets].map(([streetId, p]) => ({ streetId, thresholds: thresholds.map((m, k) => split(m, p[k][0], p[k][1])) })),
    daily: daily.map((row, d) => ({
      date: new Date(firstDay + d * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10),
      thresholds: thresholds.map((m, k) => ({
        minutes: m,
        inside: row[k][0],
        outside: row[k][1],
        insidePer1000: per1000(row[k][0], overall[k][0].residents),
        outsidePer1000: per1000(row[k][1], overall[k][1].residents),
      })),
    })),
    unplaced,
  }
}
