/**
 * The planner's view-model: what usePlanner and useWhatIfScene produce and the planner's panels and
 * layers draw.
 */
import type { LngLat, SuggestedSite } from '../api/types.ts'

/** A suggested site with its place in the server's greedy order (1 = largest gain). */
export interface RankedSite extends SuggestedSite {
  rank: number
  /** Where it is as people say it ("翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格"); null until the name arrives. */
  place?: string | null
}

/** Residents within 5 and 15 minutes' walk of a station, their share, and the what-if change. */
export interface HeadlineRow {
  minutes: number
  covered: number
  share: number
  /** Newly covered minus lost residents under the what-if; null without one. */
  delta: number | null
}

/** A row of the what-if list: a hypothetical station, or a station moved or taken out. */
export interface WhatIfItem {
  id: string
  kind: 'added' | 'moved' | 'removed'
  label: string
  /** Where an added or moved station stands, as people say it, or its coordinates until the name arrives. */
  place?: string
  /** Where it stands (added, moved) or stood (removed). */
  lngLat?: LngLat
}
