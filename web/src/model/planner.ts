/**
 * The planner's view-model: what usePlanner and useWhatIfScene produce and the planner's panels and
 * layers draw.
 */
import type { SuggestedSite } from '../api/types.ts'

/** A suggested site with its place in the server's greedy order (1 = largest gain). */
export interface RankedSite extends SuggestedSite {
  rank: number
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
}
