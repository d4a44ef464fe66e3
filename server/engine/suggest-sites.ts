import type { LngLat, Scenario, StationInput } from './types.ts'
import type { CoverageModel } from './coverage-model.ts'
import type { WhatIfChanges } from './what-if.ts'
import { attachPoints } from './attach-points.ts'
import { stationsForScenario } from './stations-for-scenario.ts'
import { cachedCatchments } from './lib/catchment-cache.ts'
import { greedyMaxCoverage, improveBySwaps, type CoverSets } from './lib/celf.ts'
import { cachedLabels } from './lib/label-cache.ts'
import { streetCoverSets } from './lib/siting-cache.ts'
import { projectX, projectY, unproject } from './lib/local-projection.ts'
import { checkLngLat, checkPositive, checkPositiveInteger } from './lib/check.ts'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { bbox as turfBbox } from '@turf/bbox'
import { polygon as turfPolygon } from '@turf/helpers'
import { DEFAULT_WALK_SPEED_KMH, DISTANCE_EPSILON_M, minutesToMetres } from './units.ts'

export interface SuggestSitesOptions {
  /** Number of sites. @default 5 */
  k?: number
  /** The circle to fill, and the one `gain`, `coveredBefore/After` and `curve` count. @default 15 */
  minutes?: number
  /** Stations already counted. @default 'current' */
  scenario?: Scenario
  /**
   * The plan in hand, applied to the scenario's stations before siting (same shape as a what-if): sites
   * then fill what the plan leaves uncovered, so adopting one raises the plan's coverage by its gain.
   */
  plan?: WhatIfChanges
  /**
   * No site within this many metres, in a straight line (local projection), of a station of the plan,
   * existing or hypothetical. @default 0 (none)
   */
  minDistanceM?: number
  /**
   * Several circles at once: sites maximise the sum of weight × residents newly within each goal's minutes
   * (e.g. 5 and 15). A goal of weight 0 is reported (`gains`) but does not steer. @default [{ minutes, weight: 1 }]
   */
  goals?: readonly { minutes: number; weight: number }[]
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
  /**
   * Only sites inside this polygon (rings of [lng, lat], the first the outline, any others holes), e.g.
   * one a planner drew around the land the district can use. @default anywhere
   */
  within?: readonly (readonly LngLat[])[]
}

export interface SuggestedSite {
  lngLat: LngLat
  /** Residents newly covered within `minutes` by this site, given the plan and the sites picked before it. */
  gain: number
  /** The same per goal (and `minutes`), keyed by minutes. */
  gains: Record<string, number>
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
  /** Residents within `minutes` of the plan's stations, before any site. */
  coveredBefore: number
  coveredAfter: number
  /** Residents within `minutes` after 1, 2, … k sites (the coverage curve as k grows). */
  curve: number[]
  /** Per goal (and `minutes`): residents covered before any site, and after 1 … k. */
  byMinutes: Record<string, { coveredBefore: number; curve: number[] }>
  candidatesConsidered: number
}

/**
 * Where to open the next k stations: the maximal covering location problem, solved greedily with lazy
 * evaluation, then improved by single swaps (see lib/celf). Street candidates are public-street nodes
 * thinned to one per `spacingM` square that reach an uncovered building; which buildings each reaches is
 * searched once per model and limit and kept (see lib/siting-cache), so later calls, whatever k, scenario,
 * plan or stations, only regroup those lists. Given candidate points are searched once per list and limit
 * too (lib/catchment-cache). With several goals, an item is a (goal, building) pair
 * weighted by the goal's weight, so one greedy run serves both circles.
 *
 * @example
 * suggestSites(model, ds.stations, { k: 5, minutes: 15, scenario: 'planned', plan: { add: [{ lngLat }] }, minDistanceM: 300 }).sites
 * // [{ lngLat, gain: 1840, … }, …] in pick order
 */
export function suggestSites(
  model: CoverageModel,
  stations: readonly StationInput[],
  options: SuggestSitesOptions = {},
): SuggestSitesResult {
  const { k = 5, minutes = 15, scenario = 'current', speedKmh = DEFAULT_WALK_SPEED_KMH, spacingM = 50, minDistanceM = 0 } = options
  const { candidates = [], includeNodes = options.candidates === undefined } = options
  checkPositiveInteger(k, 'k')
  checkPositive(minutes, 'minutes')
  checkPositive(speedKmh, 'speedKmh')
  checkPositive(spacingM, 'spacingM')
  if (!(minDistanceM >= 0) || !Number.isFinite(minDistanceM)) throw new RangeError(`minDistanceM must be a finite number >= 0, got ${minDistanceM}`)
  const goals = options.goals ?? [{ minutes, weight: 1 }]
  for (const goal of goals) {
    checkPositive(goal.minutes, 'goals[].minutes')
    if (!(goal.weight >= 0) || !Number.isFinite(goal.weight)) throw new RangeError(`goals[].weight must be a finite number >= 0, got ${goal.weight}`)
  }
  if (new Set(goals.map((x) => x.minutes)).size !== goals.length) throw new RangeError('goals: each minutes value at most once')
  const steering = goals.filter((goal) => goal.weight > 0)
  if (steering.length === 0) throw new RangeError('at least one goal needs a weight above 0')
  const g = model.graph
  const t = model.buildings
  const planned = applyPlan(stationsForScenario(stations, scenario), options.plan ?? {})
  const seeds = attachPoints(g, planned)
  // Every circle asked about: the steering goals first (they fix the candidates' order), then the rest.
  const circles = [...new Set([...steering.map((x) => x.minutes), ...goals.map((x) => x.minutes), minutes])]
  const points = attachPoints(g, candidates)
  const attached = points.filter((a) => a.edge >= 0)
  const pointIndex = points.flatMap((a, i) => (a.edge >= 0 ? [i] : []))
  const perCircle = circles.map((m) => {
    const limit = minutesToMetres(m, speedKmh) + DISTANCE_EPSILON_M
    // The same stations as the last siting call (or a few moved) cost only a repair.
    const dist = cachedLabels(g, 'siting', seeds, limit).dist
    const covered = new Uint8Array(t.count)
    let coveredBefore = 0
    const uncovered: number[] = []
    for (let b = 0; b < t.count; b++) {
      if (t.node[b] >= 0 && dist[t.node[b]] + t.snapM[b] <= limit) {
        covered[b] = 1
        coveredBefore += t.residents[b]
      } else if (t.node[b] >= 0) uncovered.push(b)
    }
    const street = includeNodes ? streetCoverSets(model, uncovered, limit, spacingM) : undefined
    const given = attached.length > 0 ? cachedCatchments(model, attached, uncovered, limit) : undefined
    return { minutes: m, covered, coveredBefore, street, given }
  })
  // One candidate list: the street nodes any steering circle can use (ascending), then the given points.
  const nodeSet = new Set<number>()
  for (let i = 0; i < steering.length; i++) for (const v of perCircle[i].street?.nodes ?? []) nodeSet.add(v)
  const nodes = Int32Array.from(nodeSet).sort()
  const setCount = nodes.length + attached.length
  const setOfNode = new Map<number, number>()
  nodes.forEach((v, i) => setOfNode.set(v, i))
  const excluded = tooClose(model, planned, nodes, pointIndex.map((i) => candidates[i].lngLat), minDistanceM)
  if (options.within) excludeOutside(model, options.within, nodes, pointIndex.map((i) => candidates[i].lngLat), excluded)
  const circleSets = perCircle.map((c) => alignSets(c.street, c.given, setOfNode, setCount, excluded))
  // Items are (steering goal, building) pairs: goal i's building b is item i·count + b.
  const steer = joinGoals(circleSets.slice(0, steering.length), t.count)
  const weights = new Float64Array(steering.length * t.count)
  const coveredItems = new Uint8Array(steering.length * t.count)
  steering.forEach((goal, i) => {
    for (let b = 0; b < t.count; b++) weights[i * t.count + b] = goal.weight * t.residents[b]
    coveredItems.set(perCircle[i].covered, i * t.count)
  })
  const greedy = greedyMaxCoverage(steer, weights, k, coveredItems)
  const picks = options.swaps === false ? greedy : improveBySwaps(steer, weights, greedy, coveredItems)
  // Each circle's gains, in pick order.
  const taken = perCircle.map((c) => c.covered.slice())
  const byMinutes: SuggestSitesResult['byMinutes'] = {}
  perCircle.forEach((c) => (byMinutes[String(c.minutes)] = { coveredBefore: c.coveredBefore, curve: [] }))
  const main = circles.indexOf(minutes)
  const sites = picks.map(({ set }) => {
    const gains: Record<string, number> = {}
    let households = 0, buildings = 0
    perCircle.forEach((c, ci) => {
      const sets = circleSets[ci]
      const done = taken[ci]
      let gain = 0
      for (let i = sets.start[set]; i < sets.start[set + 1]; i++) {
        const b = sets.items[i]
        if (done[b]) continue
        done[b] = 1
        gain += t.residents[b]
        if (ci === main) households += t.households[b], buildings++
      }
      gains[String(c.minutes)] = gain
      const row = byMinutes[String(c.minutes)]
      row.curve.push((row.curve.at(-1) ?? row.coveredBefore) + gain)
    })
    const isNode = set < nodes.length
    const v = isNode ? nodes[set] : -1
    return {
      lngLat: isNode ? unproject(g.geometry.projection, g.nodeX[v], g.nodeY[v]) : candidates[pointIndex[set - nodes.length]].lngLat,
      gain: gains[String(minutes)],
      gains,
      households,
      buildings,
      candidateId: isNode ? null : (candidates[pointIndex[set - nodes.length]].id ?? null),
      nodeId: isNode && v < g.baseNodeCount ? g.nodeIds[v] : null,
    }
  })
  const head = byMinutes[String(minutes)]
  return {
    minutes,
    scenario,
    sites,
    coveredBefore: head.coveredBefore,
    coveredAfter: head.curve.at(-1) ?? head.coveredBefore,
    curve: head.curve,
    byMinutes,
    candidatesConsidered: setCount - excluded.reduce((s, x) => s + x, 0),
  }
}

/** The scenario's stations with the plan's changes: removed ones gone, moved ones at their new place, added ones last. */
function applyPlan(stations: readonly StationInput[], plan: WhatIfChanges): StationInput[] {
  const byId = new Map(stations.map((s) => [s.id, s]))
  const gone = new Set<string>()
  for (const id of [...(plan.remove ?? []), ...(plan.move ?? []).map((m) => m.id)]) {
    if (!byId.has(id)) throw new TypeError(`plan: ${JSON.stringify(id)} is not a station of the scenario`)
    if (gone.has(id)) throw new TypeError(`plan: station ${id} is moved or removed more than once`)
    gone.add(id)
  }
  const moved = new Map((plan.move ?? []).map((m) => [m.id, m]))
  const out: StationInput[] = []
  for (const s of stations) {
    const m = moved.get(s.id)
    if (m) out.push({ ...s, lngLat: checkLngLat(m.lngLat, 'plan.move[].lngLat'), compoundId: m.compoundId ?? null })
    else if (!gone.has(s.id)) out.push(s)
  }
  ;(plan.add ?? []).forEach((a, i) =>
    out.push({ id: a.id ?? `new-${i + 1}`, kind: a.kind ?? 'hypothetical', status: 'in_service', compoundId: a.compoundId ?? null, lngLat: checkLngLat(a.lngLat, `plan.add[${i}].lngLat`) }),
  )
  return out
}

/** 1 for each candidate (street nodes, then given points) within `minM` in a straight line of a station. */
function tooClose(model: CoverageModel, stations: readonly StationInput[], nodes: Int32Array, points: readonly LngLat[], minM: number): Uint8Array {
  const out = new Uint8Array(nodes.length + points.length)
  if (minM <= 0 || stations.length === 0) return out
  const g = model.graph
  const p = g.geometry.projection
  // Stations hashed into squares of side minM: a candidate checks its own square and the eight around it.
  const cells = new Map<number, [number, number][]>()
  const cellKey = (cx: number, cy: number) => cx * 1_000_003 + cy
  for (const s of stations) {
    const x = projectX(p, s.lngLat[0]), y = projectY(p, s.lngLat[1])
    const key = cellKey(Math.floor(x / minM), Math.floor(y / minM))
    let list = cells.get(key)
    if (!list) cells.set(key, (list = []))
    list.push([x, y])
  }
  const near = (x: number, y: number) => {
    const cx = Math.floor(x / minM), cy = Math.floor(y / minM)
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const [sx, sy] of cells.get(cellKey(cx + dx, cy + dy)) ?? []) if (Math.hypot(x - sx, y - sy) < minM) return true
    return false
  }
  nodes.forEach((v, i) => (out[i] = near(g.nodeX[v], g.nodeY[v]) ? 1 : 0))
  points.forEach((q, i) => (out[nodes.length + i] = near(projectX(p, q[0]), projectY(p, q[1])) ? 1 : 0))
  return out
}

/** Sets `excluded` to 1 for each candidate (street nodes, then given points) outside the polygon. */
function excludeOutside(model: CoverageModel, rings: readonly (readonly LngLat[])[], nodes: Int32Array, points: readonly LngLat[], excluded: Uint8Array): void {
  const g = model.graph
  const p = g.geometry.projection
  if (rings.length === 0 || rings[0].length < 4) throw new RangeError('within: a polygon needs an outline of at least 4 positions (closed)')
  // Tested in the graph's own metres, where the nodes already are.
  const polygon = turfPolygon(rings.map((ring) => ring.map((q, i) => [projectX(p, checkLngLat(q, `within[][${i}]`)[0]), projectY(p, q[1])])))
  const [x0, y0, x1, y1] = turfBbox(polygon)
  const inside = (x: number, y: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1 && booleanPointInPolygon([x, y], polygon)
  nodes.forEach((v, i) => {
    if (!inside(g.nodeX[v], g.nodeY[v])) excluded[i] = 1
  })
  points.forEach((q, i) => {
    if (!inside(projectX(p, q[0]), projectY(p, q[1]))) excluded[nodes.length + i] = 1
  })
}

/**
 * One circle's sets on the shared candidate list: street sets moved to their node's index (nodes not on the
 * list dropped), the given points' after them; a candidate too close to a station gets an empty set.
 */
function alignSets(
  street: { sets: CoverSets; nodes: number[] } | undefined,
  given: CoverSets | undefined,
  setOfNode: Map<number, number>,
  setCount: number,
  excluded: Uint8Array,
): CoverSets {
  const nodeCount = setOfNode.size
  // The common case (one circle, nothing excluded, no given points): the street sets are already aligned.
  if (street && !given && street.nodes.length === setCount && !excluded.includes(1) && street.nodes.every((v, i) => setOfNode.get(v) === i)) return street.sets
  const ranges: [CoverSets, number][] = new Array(setCount)
  street?.nodes.forEach((v, i) => {
    const to = setOfNode.get(v)
    if (to !== undefined) ranges[to] = [street.sets, i]
  })
  if (given) for (let i = 0; i + 1 < given.start.length; i++) ranges[nodeCount + i] = [given, i]
  const start = new Int32Array(setCount + 1)
  for (let c = 0; c < setCount; c++) {
    const r = ranges[c]
    start[c + 1] = start[c] + (r && !excluded[c] ? r[0].start[r[1] + 1] - r[0].start[r[1]] : 0)
  }
  const items = new Int32Array(start[setCount])
  for (let c = 0; c < setCount; c++) {
    const r = ranges[c]
    if (r && !excluded[c]) items.set(r[0].items.subarray(r[0].start[r[1]], r[0].start[r[1] + 1]), start[c])
  }
  return { start, items }
}

/** Several circles' aligned sets as one: circle i's building b becomes item i·count + b. */
function joinGoals(list: readonly CoverSets[], count: number): CoverSets {
  if (list.length === 1) return list[0]
  const n = list[0].start.length - 1
  const start = new Int32Array(n + 1)
  for (let c = 0; c < n; c++) start[c + 1] = start[c] + list.reduce((s, x) => s + x.start[c + 1] - x.start[c], 0)
  const items = new Int32Array(start[n])
  for (let c = 0; c < n; c++) {
    let at = start[c]
    list.forEach((x, i) => {
      for (let q = x.start[c]; q < x.start[c + 1]; q++) items[at++] = i * count + x.items[q]
    })
  }
  return { start, items }
}
