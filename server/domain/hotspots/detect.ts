import { clusterPoints } from './cluster.ts'
import { metres, type LngLat } from './geo.ts'
import { HOTSPOT_PARAMS, type HotspotParams } from './params.ts'
import { poissonTail } from './poisson.ts'

/** A case in the longest window, as the detector needs it (times in ms since the epoch). */
export interface WindowCase {
  id: number
  category: string
  lng: number
  lat: number
  createdAt: number
  gridId: string | null
  compoundId: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
}

/** A spatial cluster of one category in one window, before it is judged. */
export interface Candidate {
  category: string
  windowHours: number
  caseIds: number[]
  centre: [number, number]
  radiusM: number
  /** The disc whose baseline share is measured: radius + padM. */
  discM: number
  observed: number
  /** Cases of the category anywhere in the district in the window (the permutation model's N). */
  categoryTotal: number
  since: number
  newest: number
  gridId: string | null
  compoundId: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
}

/** What is usual inside a candidate's disc: its category's baseline there and the people living there. */
export interface DiscMeasure {
  baselineIn: number
  baselineTotal: number
  residentsIn: number
  residentsTotal: number
  /** The disc's share of the district's area (0–1). */
  areaShare: number
}

export interface Detection extends Candidate {
  share: number
  expected: number
  pValue: number
}

/**
 * Clusters of each category in each window ending at `asOf`, with at least `minCases` cases. Cases
 * after asOf are ignored, so the same call can be replayed over history.
 */
export function findCandidates(cases: readonly WindowCase[], asOf: number, p: HotspotParams = HOTSPOT_PARAMS): Candidate[] {
  const out: Candidate[] = []
  for (const hours of p.windowsHours) {
    const from = asOf - hours * 3_600_000
    const byCategory = new Map<string, WindowCase[]>()
    for (const c of cases) {
      if (c.createdAt <= from || c.createdAt > asOf) continue
      const list = byCategory.get(c.category) ?? []
      list.push(c)
      byCategory.set(c.category, list)
    }
    for (const [category, list] of byCategory) {
      if (list.length < p.minCases) continue
      for (const cl of clusterPoints(list.map((c): LngLat => [c.lng, c.lat]), p)) {
        if (cl.members.length < p.minCases) continue
        const members = cl.members.map((i) => list[i])
        out.push({
          category,
          windowHours: hours,
          caseIds: members.map((c) => c.id).sort((a, b) => a - b),
          centre: cl.centre,
          radiusM: cl.radiusM,
          discM: cl.radiusM + p.padM,
          observed: members.length,
          categoryTotal: list.length,
          since: Math.min(...members.map((c) => c.createdAt)),
          newest: Math.max(...members.map((c) => c.createdAt)),
          ...modalPlace(members),
        })
      }
    }
  }
  return out
}

/**
 * The expected count under the permutation model: the category's cases in the window spread as its
 * baseline spreads, that baseline shrunk toward residents (and area) with a pseudo-count, and never
 * below the disc's share of the district's area.
 */
export function expectedIn(c: Pick<Candidate, 'categoryTotal'>, m: DiscMeasure, p: HotspotParams = HOTSPOT_PARAMS): { share: number; expected: number } {
  const popShare = m.residentsTotal > 0 ? m.residentsIn / m.residentsTotal : m.areaShare
  const prior = (1 - p.priorAreaMix) * popShare + p.priorAreaMix * m.areaShare
  // Never less than an even spread over the district would put there: where nobody lives and nothing
  // was ever reported, four cases of uniform noise would otherwise be "infinitely" unusual.
  const share = Math.min(1, Math.max(m.areaShare, (m.baselineIn + p.priorWeight * prior) / (m.baselineTotal + p.priorWeight)))
  return { share, expected: c.categoryTotal * share }
}

/**
 * Judge candidates against their measures; keep those with p below `threshold`, and of detections of
 * one category within matchM of each other only the most unusual (a 1-hour cluster inside a 3-hour one).
 */
export function selectDetections(candidates: readonly Candidate[], measures: readonly DiscMeasure[], threshold: number, p: HotspotParams = HOTSPOT_PARAMS): Detection[] {
  if (measures.length !== candidates.length) throw new Error('selectDetections: one measure per candidate')
  const judged = candidates.map((c, i) => {
    const { share, expected } = expectedIn(c, measures[i], p)
    return { ...c, share, expected, pValue: poissonTail(c.observed, expected) }
  })
  const significant = judged.filter((d) => d.pValue < threshold).sort((a, b) => a.pValue - b.pValue || b.observed - a.observed)
  const kept: Detection[] = []
  for (const d of significant) {
    if (!kept.some((k) => k.category === d.category && metres(k.centre, d.centre) <= p.matchM)) kept.push(d)
  }
  return kept
}

/** The grid most of the cluster's cases lie in (ties: the smallest id), its compound likewise, and its parents. */
function modalPlace(members: readonly WindowCase[]) {
  const gridId = mode(members.map((c) => c.gridId))
  const inGrid = members.filter((c) => c.gridId === gridId)
  const first = inGrid[0] ?? members[0]
  return {
    gridId,
    compoundId: mode(inGrid.map((c) => c.compoundId)),
    communityId: first.communityId,
    streetId: first.streetId,
    districtId: first.districtId,
  }
}

function mode(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>()
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best: string | null = null
  let bestN = 0
  for (const [v, n] of counts) if (n > bestN || (n === bestN && best !== null && v < best)) [best, bestN] = [v, n]
  return best
}
