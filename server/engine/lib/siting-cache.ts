/**
 * Which street-node candidates reach each building within a walking limit, kept per model so that siting
 * pays for its searches once: later calls (another k, another scenario, after a what-if) only transpose
 * the lists of the buildings still uncovered into the sets greedy chooses from.
 *
 * Candidates are fixed per model and spacing: every node on a public edge (a station inside a compound
 * serves only it), thinned to the lowest-numbered node per `spacingM` square, so a list computed once stays
 * valid whatever the stations. Lists are filled lazily: a call searches from the uncovered buildings that
 * have none yet, or, when those outnumber the candidates, from every candidate (which fills all lists).
 */
import type { CoverageModel } from '../coverage-model.ts'
import type { CoverSets } from './celf.ts'
import { createWorkspace, resetWorkspace, runDijkstra, seed } from './dijkstra.ts'

interface Candidates {
  /** Candidate nodes, ascending. */
  nodes: Int32Array
  /** Candidate index of each graph node, -1 for none. */
  ofNode: Int32Array
}

interface Reach {
  candidates: Candidates
  /** Per building, the candidates within the limit; undefined until searched. */
  lists: (Int32Array | undefined)[]
  complete: boolean
}

const byModel = new WeakMap<CoverageModel, { candidates: Map<number, Candidates>; reach: Map<string, Reach> }>()

function memo(model: CoverageModel) {
  let m = byModel.get(model)
  if (!m) byModel.set(model, (m = { candidates: new Map(), reach: new Map() }))
  return m
}

function streetCandidates(model: CoverageModel, spacingM: number): Candidates {
  const m = memo(model)
  const hit = m.candidates.get(spacingM)
  if (hit) return hit
  const g = model.graph
  const byCell = new Map<number, number>()
  for (let v = 0; v < g.nodeCount; v++) {
    let isPublic = false
    for (let a = g.offsets[v]; a < g.offsets[v + 1] && !isPublic; a++) isPublic = g.baseEdgeGroup[g.edgeBase[g.arcEdge[a]]] === 0
    if (!isPublic) continue
    const key = Math.floor(g.nodeX[v] / spacingM) * 1_000_003 + Math.floor(g.nodeY[v] / spacingM)
    if (!byCell.has(key)) byCell.set(key, v)
  }
  const nodes = Int32Array.from(byCell.values()).sort()
  const ofNode = new Int32Array(g.nodeCount).fill(-1)
  nodes.forEach((v, c) => (ofNode[v] = c))
  const made = { nodes, ofNode }
  m.candidates.set(spacingM, made)
  return made
}

function reachOf(model: CoverageModel, limit: number, spacingM: number): Reach {
  const m = memo(model)
  const key = `${limit}|${spacingM}`
  let r = m.reach.get(key)
  if (!r) {
    r = { candidates: streetCandidates(model, spacingM), lists: new Array(model.buildings.count), complete: false }
    m.reach.set(key, r)
  }
  return r
}

/** Forgets the siting lists of `model` (benchmarks use it to time a first call). */
export function clearSitingCache(model: CoverageModel): void {
  byModel.delete(model)
}

/**
 * The sets greedy chooses from: for each street candidate that reaches at least one of `uncovered`, those
 * buildings. `nodes[i]` is the graph node of set i (ascending).
 */
export function streetCoverSets(
  model: CoverageModel,
  uncovered: readonly number[],
  limit: number,
  spacingM: number,
): { sets: CoverSets; nodes: number[] } {
  const reach = reachOf(model, limit, spacingM)
  const { nodes: cand } = reach.candidates
  if (!reach.complete) {
    const missing = uncovered.filter((b) => reach.lists[b] === undefined)
    if (missing.length > cand.length) fillFromCandidates(model, reach, limit)
    else if (missing.length > 0) fillFromBuildings(model, reach, missing, limit)
  }
  // Transpose the uncovered buildings' lists into candidate → buildings.
  const count = new Int32Array(cand.length)
  for (const b of uncovered) {
    const list = reach.lists[b]!
    for (let i = 0; i < list.length; i++) count[list[i]]++
  }
  const setOf = new Int32Array(cand.length).fill(-1)
  const nodes: number[] = []
  for (let c = 0; c < cand.length; c++) if (count[c] > 0) setOf[c] = nodes.length, nodes.push(cand[c])
  const start = new Int32Array(nodes.length + 1)
  for (let c = 0; c < cand.length; c++) if (setOf[c] >= 0) start[setOf[c] + 1] = count[c]
  for (let s = 0; s < nodes.length; s++) start[s + 1] += start[s]
  const fill = start.slice(0, nodes.length)
  const items = new Int32Array(start[nodes.length])
  for (const b of uncovered) {
    const list = reach.lists[b]!
    for (let i = 0; i < list.length; i++) items[fill[setOf[list[i]]]++] = b
  }
  return { sets: { start, items }, nodes }
}

/** One bounded search per building: the candidates it reaches (distance is symmetric). */
function fillFromBuildings(model: CoverageModel, reach: Reach, buildings: readonly number[], limit: number): void {
  const g = model.graph
  const t = model.buildings
  const { ofNode } = reach.candidates
  const ws = createWorkspace(g.nodeCount)
  const found: number[] = []
  for (const b of buildings) {
    seed(ws.dist, ws.origin, ws.heap, t.node[b], t.snapM[b], 0, limit, ws.log)
    runDijkstra(g, ws.dist, ws.origin, ws.heap, limit, ws.log)
    found.length = 0
    for (let i = 0; i < ws.log.count; i++) {
      const v = ws.log.list[i]
      if (ofNode[v] >= 0 && ws.dist[v] <= limit) found.push(ofNode[v])
    }
    reach.lists[b] = Int32Array.from(found).sort()
    resetWorkspace(ws)
  }
}

/** One bounded search per candidate, transposed: fills every attached building's list at once. */
function fillFromCandidates(model: CoverageModel, reach: Reach, limit: number): void {
  const g = model.graph
  const t = model.buildings
  const { nodes } = reach.candidates
  const ws = createWorkspace(g.nodeCount)
  const pairC: number[] = []
  const pairB: number[] = []
  for (let c = 0; c < nodes.length; c++) {
    seed(ws.dist, ws.origin, ws.heap, nodes[c], 0, c, limit, ws.log)
    runDijkstra(g, ws.dist, ws.origin, ws.heap, limit, ws.log)
    for (let i = 0; i < ws.log.count; i++) {
      const v = ws.log.list[i]
      for (let q = model.nodeBuildingStart[v]; q < model.nodeBuildingStart[v + 1]; q++) {
        const b = model.nodeBuildings[q]
        if (ws.dist[v] + t.snapM[b] <= limit) pairC.push(c), pairB.push(b)
      }
    }
    resetWorkspace(ws)
  }
  const start = new Int32Array(t.count + 1)
  for (const b of pairB) start[b + 1]++
  for (let b = 0; b < t.count; b++) start[b + 1] += start[b]
  const fill = start.slice(0, t.count)
  const items = new Int32Array(pairB.length)
  // Candidates come in ascending order, so every list is sorted.
  for (let i = 0; i < pairB.length; i++) items[fill[pairB[i]]++] = pairC[i]
  for (let b = 0; b < t.count; b++) reach.lists[b] = items.subarray(start[b], start[b + 1])
  reach.complete = true
}
