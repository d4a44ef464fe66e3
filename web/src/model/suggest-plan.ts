/**
 * Siting on the plan in hand: the what-if's changes as the suggest route takes them, a key that tells
 * whether the plan has changed since a suggestion, and the coverage curve's outline for the panel.
 */
import type { LngLat, SiteSource, StationKind, SuggestBody } from '../api/types.ts'

export interface SuggestPlan {
  add: { id: string; lng: number; lat: number; kind?: string }[]
  move: { id: string; lng: number; lat: number }[]
  remove: string[]
}

export const EMPTY_PLAN: SuggestPlan = { add: [], move: [], remove: [] }

/** The minimum distance (metres, straight line) the planner starts with, and the server's bounds. */
export const DEFAULT_MIN_DISTANCE_M = 300
export const MAX_MIN_DISTANCE_M = 5000

/** The same plan gives the same key, whatever the added stations' ids (an adopted site's key differs from the one it was asked with). */
export function planKey(plan: SuggestPlan): string {
  return JSON.stringify([plan.add.map((a) => [a.lng, a.lat]), plan.move.map((m) => [m.id, m.lng, m.lat]), [...plan.remove].sort()])
}

/** The what-if's state as a plan: hypothetical stations, moved stations' new places, removed ids. */
export function planOf(added: readonly { key: string; lngLat: LngLat; kind?: string }[], moved: ReadonlyMap<string, LngLat>, removed: ReadonlySet<string>): SuggestPlan {
  return {
    add: added.map((h) => ({ id: h.key, lng: h.lngLat[0], lat: h.lngLat[1], ...(h.kind ? { kind: h.kind } : {}) })),
    move: [...moved].map(([id, [lng, lat]]) => ({ id, lng, lat })),
    remove: [...removed],
  }
}

/** A typed-in distance made acceptable to the server: a whole number of metres in 0 … MAX_MIN_DISTANCE_M. */
export function clampMinDistance(value: unknown): number {
  const n = Math.round(Number(value))
  return Number.isFinite(n) ? Math.min(MAX_MIN_DISTANCE_M, Math.max(0, n)) : DEFAULT_MIN_DISTANCE_M
}

/**
 * The coverage curve (residents covered before any site, then after 1 … k) as SVG polyline points in a
 * width × height box: x evenly by site count, y from the lowest to the highest figure (flat at mid-height
 * when they are all equal).
 */
export function curvePoints(before: number, curve: readonly number[], width: number, height: number): { x: number; y: number; value: number }[] {
  const values = [before, ...curve]
  const lo = Math.min(...values), hi = Math.max(...values)
  const step = values.length > 1 ? width / (values.length - 1) : 0
  return values.map((value, i) => ({ x: round(i * step), y: round(hi === lo ? height / 2 : height - ((value - lo) / (hi - lo)) * height), value }))
}

const round = (v: number) => Math.round(v * 10) / 10

/** What siting may use and aims at, beyond how many sites: see SuggestBody. */
export interface SiteOptions {
  sources: SiteSource[]
  /** A closed ring the planner drew; null: anywhere. */
  outline: LngLat[] | null
  /** So many of each kind; null: k sites of no particular kind. */
  budget: { kind: StationKind; count: number }[] | null
  /** Weights of the 5- and 15-minute circles; null: only the minutes on show. */
  weights: { w5: number; w15: number } | null
}

export const DEFAULT_SITE_OPTIONS: SiteOptions = { sources: ['street'], outline: null, budget: null, weights: null }
/** A budget's first rows: a community centre and three compound stations. */
export const DEFAULT_BUDGET: { kind: StationKind; count: number }[] = [
  { kind: 'community_center', count: 1 },
  { kind: 'compound_station', count: 3 },
]

/** How many sites a budget asks for (its rows' counts above 0); null without a budget. */
export function budgetTotal(o: SiteOptions): number | null {
  return o.budget ? o.budget.reduce((n, row) => n + (row.count > 0 ? row.count : 0), 0) : null
}

/**
 * The siting question: k sites (or a budget's rows with a count, which then set k), from the chosen kinds
 * of place, within the outline, weighted when asked (a budget aims each kind at its own circle instead).
 */
export function suggestBody(k: number, o: SiteOptions): Pick<SuggestBody, 'k' | 'sources' | 'within' | 'budget' | 'weight5' | 'weight15'> {
  const budget = o.budget?.filter((row) => row.count > 0) ?? []
  return {
    ...(budget.length ? { budget: budget.map((row) => ({ kind: row.kind, count: Math.round(row.count) })) } : { k }),
    ...(o.sources.length === 1 && o.sources[0] === 'street' ? {} : { sources: [...o.sources] }),
    ...(o.outline ? { within: { type: 'Polygon' as const, coordinates: [o.outline.map((p) => [p[0], p[1]] as LngLat)] } } : {}),
    ...(o.weights && !budget.length ? { weight5: o.weights.w5, weight15: o.weights.w15 } : {}),
  }
}

/** What the sites maximise, in the panel's words: each kind its circle, both circles weighted, or one circle. */
export function siteAimText(o: SiteOptions, minutes: number): string {
  if ((budgetTotal(o) ?? 0) > 0) return '各类站点按其服务圈（中心 15 分钟，站点与驿站 5 分钟）'
  if (o.weights) return `按 5 分钟圈 ×${o.weights.w5} + 15 分钟圈 ×${o.weights.w15} 加权`
  return `按 ${minutes} 分钟步行圈`
}
