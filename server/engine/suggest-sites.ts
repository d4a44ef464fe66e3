import type { LngLat, Scenario, StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import { attachPoints } from './attach-points.ts'
import { stationsForScenario } from './stations-for-scenario.ts'
import { catchments } from './lib/catchments.ts'
import { greedyMaxCoverage, improveBySwaps, type CoverSets } from './lib/celf.ts'
import { cachedLabels } from './lib/label-cache.ts'
import { streetCoverSets } from './lib/siting-cache.ts'
import { unproject } from './lib/local-projection.ts'
import { checkPositive, checkPositiveInteger } from './lib/check.ts'
import { DEFAULT_WALK_SPEED_KMH, DISTANCE_EPSILON_M, minutesToMetres } from './units.ts'

export interface SuggestSitesOptions {
  /** Number of sites. @default 5 */
  k?: number
  /** The circle to fill. @default 15 */
  minutes?: number
  /** Stations already counted. @default 'current' */
  scenario?: Scenario
  /** @default 4 (GB 50180-2018) */
  speedKmh?: number
  /** Candidate points (e.g. vacant public buildings); attached like stations. @default none */
  candidates?: readonly { lngLat: LngLat; compoundId?: string | null; id?: string }[]
  /** Also consider public-street nodes. @default true when no candidates are given */
  includeNodes?: boolean
  /** Public-street nodes are thinned to one per square of this side. @default 50 */
  spacingM?: number
  /** After greedy, swap a picked site for an unpicked one while that covers more. @default true */
  swaps?: boolean
}

export interface SuggestedSite {
  lngLat: LngLat
  /** Residents newly covered by this site, given the sites picked before it. */
  gain: number
  households: number
  buildings: number
  /** The candidate's id when it came from `candidates`, else null (a street node). */
  candidateId: string | null
  nodeId: number | null
}

export interface SuggestSitesResult {
  minutes: number
  scenario: Scenario
  sites: SuggestedSite[]
  coveredBefore: number
  coveredAfter: number
  candidatesConsidered: number
}

/**
 * Where to open the next k stations: the maximal covering location problem, solved greedily with lazy
 * evaluation, then improved by single swaps (see lib/celf). Street candidates are public-street nodes
 * thinned to one per `spacingM` square that reach an uncovered building; which buildings each reaches is
 * searched once per model and limit and kept (see lib/siting-cache), so later calls, whatever k, scenario
 * or stations, only regroup those lists. Given candidate points are searched on each call (from the
 * points or the buildings, whichever are fewer).
 *
 * @example
 * suggestSites(model, ds.stations, { k: 5, minutes: 15, scenario: 'planned' }).sites
 * // [{ lngLat, gain: 1840, … }, …] in pick order
 */
export function suggestSites(
  model: CoverageModel,
  stations: readonly StationInput[],
  options: SuggestSitesOptions = {},
): SuggestSitesResult {
  const { k = 5, minutes = 15, scenario = 'current', speedKmh = DEFAULT_WALK_SPEED_KMH, spacingM = 50 } = options
  const { candidates = [], includeNodes = options.candidates === undefined } = options
  checkPositiveInteger(k, 'k')
  checkPositive(minutes, 'minutes')
  checkPositive(speedKmh, 'speedKmh')
  checkPositive(spacingM, 'spacingM')
  const g = model.graph
  const t = model.buildings
  const limit = minutesToMetres(minutes, speedKmh) + DISTANCE_EPSILON_M
  // The same stations as the last siting call (or a few moved) cost only a repair.
  const existing = { distanceM: cachedLabels(g, 'siting', attachPoints(g, stationsForScenario(stations, scenario)), limit).dist }
  const covered = new Uint8Array(t.count)
  let coveredBefore = 0
  const uncovered: number[] = []
  for (let b = 0; b < t.count; b++) {
    if (t.node[b] >= 0 && existing.distanceM[t.node[b]] + t.snapM[b] <= limit) {
      covered[b] = 1
      coveredBefore += t.residents[b]
    } else if (t.node[b] >= 0) uncovered.push(b)
  }
  const street = includeNodes ? streetCoverSets(model, uncovered, limit, spacingM) : undefined
  const nodes = street?.nodes ?? []
  const points = attachPoints(g, candidates)
  const attached = points.filter((a) => a.edge >= 0)
  const pointIndex = points.flatMap((a, i) => (a.edge >= 0 ? [i] : []))
  const sets = joinSets(street?.sets, attached.length > 0 ? catchments(model, attached, uncovered, limit) : undefined)
  const greedy = greedyMaxCoverage(sets, t.residents, k, covered)
  const picks = options.swaps === false ? greedy : improveBySwaps(sets, t.residents, greedy, covered)
  const taken = covered.slice()
  const sites = picks.map(({ set, gain }) => {
    let households = 0, buildings = 0
    for (let i = sets.start[set]; i < sets.start[set + 1]; i++) {
      const b = sets.items[i]
      if (taken[b]) continue
      taken[b] = 1
      households += t.households[b]
      buildings++
    }
    const isNode = set < nodes.length
    const v = isNode ? nodes[set] : -1
    return {
      lngLat: isNode ? unproject(g.geometry.projection, g.nodeX[v], g.nodeY[v]) : candidates[pointIndex[set - nodes.length]].lngLat,
      gain,
      households,
      buildings,
      candidateId: isNode ? null : (candidates[pointIndex[set - nodes.length]].id ?? null),
      nodeId: isNode && v < g.baseNodeCount ? g.nodeIds[v] : null,
    }
  })
  const gained = sites.reduce((s, x) => s + x.gain, 0)
  return { minutes, scenario, sites, coveredBefore, coveredAfter: coveredBefore + gained, candidatesConsidered: nodes.length + attached.length }
}

/** Street candidates' sets first, then the given points'. */
function joinSets(a: CoverSets | undefined, b: CoverSets | undefined): CoverSets {
  if (!a || !b) return a ?? b ?? { start: new Int32Array(1), items: new Int32Array(0) }
  const na = a.start.length - 1
  const start = new Int32Array(na + b.start.length)
  start.set(a.start)
  for (let i = 1; i < b.start.length; i++) start[na + i] = a.items.length + b.start[i]
  const items = new Int32Array(a.items.length + b.items.length)
  items.set(a.items)
  items.set(b.items, a.items.length)
  return { start, items }
}
