/**
 * What the 服务圈内外诉求对比 card shows, worked out from the answer (pure, tested): rates per 1,000
 * residents with two decimals, the inside/outside ratio and how to read it, the 楼栋/小区 shares, the
 * top categories and the line about cases that could not be placed.
 */
import type { CircleSplit, CirclesAnswer } from '../api/circles.ts'
import { formatHms } from './cst-time.ts'

/** fewer: inside the circle has clearly fewer cases per resident (ratio < 0.9); more: > 1.1. */
export type RatioTone = 'fewer' | 'more' | 'even'

export interface CircleRow {
  minutes: number
  inside: string
  outside: string
  ratio: string
  tone: RatioTone | null
  /** How to read the ratio, in words. */
  reading: string
  localInside: string
  localOutside: string
  residentsInside: string
  residentsOutside: string
  casesInside: number
  casesOutside: number
}

export interface CircleCategoryRow {
  code: string
  name: string
  cases: number
  inside: string
  outside: string
  ratio: string
  tone: RatioTone | null
}

export interface CirclesView {
  windowLabel: string
  asOf: string
  rows: CircleRow[]
  /** The top categories by cases, their rates at `categoryMinutes`. */
  categories: CircleCategoryRow[]
  categoryMinutes: number
  /** Cases counted apart (no building), or null when there are none. */
  unplaced: string | null
  /** No placed case in the window: the rates say nothing yet. */
  empty: boolean
}

export const rate = (v: number | null) => (v === null ? '—' : v.toFixed(2))
export const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`)
const people = (n: number) => (n >= 10_000 ? `${(n / 10_000).toFixed(1)}万` : n.toLocaleString('zh-CN'))

export function ratioTone(ratio: number | null): RatioTone | null {
  if (ratio === null) return null
  return ratio < 0.9 ? 'fewer' : ratio > 1.1 ? 'more' : 'even'
}

export function ratioText(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`
}

function reading(s: CircleSplit): string {
  if (s.ratio === null) return s.inside.residents === 0 ? '圈内无常住人口' : s.outside.residents === 0 ? '圈外无常住人口' : '圈外暂无诉求，无法比较'
  const tone = ratioTone(s.ratio)
  if (tone === 'even') return `${s.minutes} 分钟圈内外每千人诉求大致持平`
  const diff = Math.round(Math.abs(1 - s.ratio) * 100)
  return `${s.minutes} 分钟圈内每千人诉求比圈外${tone === 'fewer' ? '少' : '多'} ${diff}%`
}

export function circlesView(a: CirclesAnswer, options: { topCategories?: number; categoryMinutes?: number } = {}): CirclesView {
  const top = options.topCategories ?? 4
  const categoryMinutes = options.categoryMinutes ?? a.thresholds[a.thresholds.length - 1]?.minutes ?? 15
  const k = Math.max(0, a.thresholds.findIndex((s) => s.minutes === categoryMinutes))
  return {
    windowLabel: a.window.label,
    asOf: formatHms(Date.parse(a.asOf)),
    rows: a.thresholds.map((s) => ({
      minutes: s.minutes,
      inside: rate(s.inside.per1000),
      outside: rate(s.outside.per1000),
      ratio: ratioText(s.ratio),
      tone: ratioTone(s.ratio),
      reading: reading(s),
      localInside: pct(s.inside.localShare),
      localOutside: pct(s.outside.localShare),
      residentsInside: people(s.inside.residents),
      residentsOutside: people(s.outside.residents),
      casesInside: s.inside.cases,
      casesOutside: s.outside.cases,
    })),
    categories: a.byCategory.slice(0, top).map((c) => {
      const s = c.thresholds[k]!
      return { code: c.category, name: c.name, cases: c.cases, inside: rate(s.inside.per1000), outside: rate(s.outside.per1000), ratio: ratioText(s.ratio), tone: ratioTone(s.ratio) }
    }),
    categoryMinutes,
    unplaced: a.unplaced.cases > 0 ? `另有 ${a.unplaced.cases} 件位于街面或非住宅楼栋，未计入圈内外` : null,
    empty: a.thresholds.every((s) => s.inside.cases + s.outside.cases === 0),
  }
}
