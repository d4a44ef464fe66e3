import type { AreaCoverage, AreaLevel, Attachment, LngLat } from './types.ts'
import type { CoverageBaseline } from './coverage-baseline.ts'
import { attachPoints } from './attach-points.ts'
import { IndexedMinHeap } from './lib/min-heap.ts'
import { clearTouchLog, createTouchLog, runDijkstra, seed, touch, type TouchLog } from './lib/dijkstra.ts'
import { FIELDS, addBuilding, countsAt, rollup, toAreaCoverage } from './lib/area-counts.ts'
import { checkLngLat } from './lib/check.ts'
import { DISTANCE_EPSILON_M } from './units.ts'

export interface WhatIfChanges {
  /**
   * Hypothetical stations. compoundId: the compound the point is in (snaps to its paths), null = public.
   * id: the caller's own name for it, echoed in `placed` (default new-1, new-2, … in order).
   */
  add?: readonly { lngLat: LngLat; kind?: string; compoundId?: string | null; id?: string }[]
  /** Stations of the baseline's scenario placed elsewhere (compoundId as for add, default null). */
  move?: readonly { id: string; lngLat: LngLat; compoundId?: string | null }[]
  /** Ids of stations of the baseline's scenario taken away. */
  remove?: readonly string[]
}

export interface WhatIfOptions {
  /** Only return areas of these levels. @default all levels */
  levels?: readonly AreaLevel[]
}

type Counts = { residents: number; households: number; buildings: number; partyMemberHouseholds: number }

/** A building that crossed a threshold: its id, entrance (where its walk starts) and residents. */
export interface ChangedBuilding {
  id: string
  entrance: LngLat
  residents: number
}

export interface WhatIfResult {
  minutes: number[]
  scenario: string
  speedKmh: number
  /** The coverage shape after the changes, each area with its own delta per threshold. */
  areas: (AreaCoverage & { delta: Record<string, Counts> })[]
  /** Newly covered (negative: lost) per threshold, over all buildings. */
  delta: Record<string, Counts>
  /** Buildings whose walk to the nearest station changed. */
  changedBuildings: number
  /** Per threshold, the buildings newly within it and those no longer within it (by id). */
  changed: Record<string, { covered: ChangedBuilding[]; uncovered: ChangedBuilding[] }>
  /** Where the added and moved stations landed on the network (snapM Infinity: nothing within reach). */
  placed: { id: string; lngLat: LngLat; snapM: number }[]
}

/**
 * Coverage after adding, moving or removing stations, recomputing only what changed: a removed (or
 * moved) station's catchment is cleared and refilled from its border and the remaining stations; an
 * added one runs a Dijkstra that stops where it no longer improves anything or passes the largest
 * threshold. The baseline is not modified, so calls are independent.
 *
 * @example
 * const r = whatIf(base, { add: [{ lngLat: [117.30, 31.80] }], remove: ['ST007'] })
 * r.delta['15'].residents // newly covered within 15 minutes (negative if lost)
 */
export function whatIf(base: CoverageBaseline, changes: WhatIfChanges, options: WhatIfOptions = {}): WhatIfResult {
  const { model, maxM, thresholdsM, stationIndex } = base
  const g = model.graph
  const add = changes.add ?? [], move = changes.move ?? [], remove = changes.remove ?? []
  const removed = new Set<number>()
  const drop = (id: unknown, what: string) => {
    const s = typeof id === 'string' ? stationIndex.get(id) : undefined
    if (s === undefined) throw new TypeError(`${what} ${JSON.stringify(id)} is not a station of scenario ${base.scenario}`)
    if (removed.has(s)) throw new TypeError(`station ${id} is moved or removed more than once`)
    removed.add(s)
  }
  remove.forEach((id) => drop(id, 'remove:'))
  move.forEach((m) => drop(m.id, 'move:'))
  const newPoints = [
    ...move.map((m, i) => ({ id: m.id, lngLat: checkLngLat(m.lngLat, `move[${i}].lngLat`), compoundId: m.compoundId ?? null })),
    ...add.map((a, i) => ({ id: a.id ?? `new-${i + 1}`, lngLat: checkLngLat(a.lngLat, `add[${i}].lngLat`), compoundId: a.compoundId ?? null })),
  ]
  const named = new Set<string>()
  newPoints.forEach((p, i) => {
    // A moved station keeps its id; an added one must not take a station's or another addition's.
    if (named.has(p.id) || (i >= move.length && stationIndex.has(p.id))) throw new TypeError(`station id ${p.id} is used twice`)
    named.add(p.id)
  })
  const placed = attachPoints(g, newPoints)
  const { dist, origin, heap, log } = scratchOf(base)
  try {
    return answer(base, removed, newPoints, placed, dist, origin, heap, log, options)
  } finally {
    // Back to the baseline's labels, touching only what this call changed.
    for (let i = 0; i < log.count; i++) {
      const v = log.list[i]
      dist[v] = base.nodeDistanceM[v]
      origin[v] = base.nodeStation[v]
    }
    clearTouchLog(log)
    heap.clear()
  }
}

interface Scratch {
  dist: Float64Array
  origin: Int32Array
  heap: IndexedMinHeap
  log: TouchLog
}

/** Working copies of a baseline's labels, made once and restored after each call (a copy costs more than a what-if). */
const scratches = new WeakMap<CoverageBaseline, Scratch>()

function scratchOf(base: CoverageBaseline): Scratch {
  let s = scratches.get(base)
  if (!s) {
    const dist = base.nodeDistanceM.slice()
    const n = base.model.graph.nodeCount
    s = { dist, origin: base.nodeStation.slice(), heap: new IndexedMinHeap(n, dist), log: createTouchLog(n) }
    scratches.set(base, s)
  }
  return s
}

function answer(
  base: CoverageBaseline,
  removed: Set<number>,
  newPoints: { id: string; lngLat: LngLat }[],
  placed: Attachment[],
  dist: Float64Array,
  origin: Int32Array,
  heap: IndexedMinHeap,
  log: TouchLog,
  options: WhatIfOptions,
): WhatIfResult {
  const { model, maxM, thresholdsM } = base
  const g = model.graph
  for (const s of removed) {
    for (let i = base.catchmentStart[s]; i < base.catchmentStart[s + 1]; i++) {
      const v = base.catchmentNodes[i]
      dist[v] = Infinity
      origin[v] = -1
      touch(log, v)
    }
  }
  // Refill the cleared catchments from their borders: labels outside them are still exact.
  for (const s of removed) {
    for (let i = base.catchmentStart[s]; i < base.catchmentStart[s + 1]; i++) {
      const v = base.catchmentNodes[i]
      for (let a = g.offsets[v]; a < g.offsets[v + 1]; a++) {
        const u = g.targets[a]
        if (dist[u] < Infinity) seed(dist, origin, heap, v, dist[u] + g.weights[a], origin[u], maxM)
      }
    }
  }
  base.attachments.forEach((at, s) => {
    if (removed.has(s)) return
    seed(dist, origin, heap, at.nodeA, at.distA, s, maxM, log)
    seed(dist, origin, heap, at.nodeB, at.distB, s, maxM, log)
  })
  placed.forEach((at, j) => {
    seed(dist, origin, heap, at.nodeA, at.distA, base.stations.length + j, maxM, log)
    seed(dist, origin, heap, at.nodeB, at.distB, base.stations.length + j, maxM, log)
  })
  runDijkstra(g, dist, origin, heap, maxM, log)
  const T = thresholdsM.length
  const stride = T * FIELDS
  const deltaAcc = new Float64Array(model.areas.count * stride)
  let changedBuildings = 0
  const changed = thresholdsM.map(() => ({ covered: [] as ChangedBuilding[], uncovered: [] as ChangedBuilding[] }))
  for (let i = 0; i < log.count; i++) {
    const v = log.list[i]
    for (let k = model.nodeBuildingStart[v]; k < model.nodeBuildingStart[v + 1]; k++) {
      const b = model.nodeBuildings[k]
      const d = dist[v] + model.buildings.snapM[b]
      const after = d <= maxM ? d : Infinity
      const before = base.buildingDistanceM[b]
      if (after === before) continue
      changedBuildings++
      for (let t = 0; t < T; t++) {
        const lim = thresholdsM[t] + DISTANCE_EPSILON_M
        const was = before <= lim, is = after <= lim
        if (was === is) continue
        addBuilding(model, deltaAcc, model.buildings.area[b] * stride + t * FIELDS, b, is ? 1 : -1)
        const entry = { id: model.buildings.ids[b], entrance: [model.buildings.lng[b], model.buildings.lat[b]] as LngLat, residents: model.buildings.residents[b] }
        changed[t][is ? 'covered' : 'uncovered'].push(entry)
      }
    }
  }
  const delta = totalDelta(deltaAcc, model.areas.count, base.minutes)
  rollup(model.areas, deltaAcc, stride)
  const covered = base.covered.slice()
  for (let i = 0; i < covered.length; i++) covered[i] += deltaAcc[i]
  const reuse = { covered: base.covered, rows: base.areas, minutes: base.minutes }
  const areas = toAreaCoverage(model, base.totals, covered, base.minutes, options.levels, deltaAcc, reuse) as WhatIfResult['areas']
  return {
    minutes: base.minutes,
    scenario: base.scenario,
    speedKmh: base.speedKmh,
    areas,
    delta,
    changedBuildings,
    changed: Object.fromEntries(base.minutes.map((m, t) => [String(m), sortChanged(changed[t])])),
    placed: placed.map((at, j) => ({ id: newPoints[j].id, lngLat: newPoints[j].lngLat, snapM: at.snapM })),
  }
}

/** Most residents first, then by id: the order is the answer's, not the graph's. */
function sortChanged(c: { covered: ChangedBuilding[]; uncovered: ChangedBuilding[] }) {
  const order = (a: ChangedBuilding, b: ChangedBuilding) => b.residents - a.residents || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return { covered: c.covered.sort(order), uncovered: c.uncovered.sort(order) }
}

/** Sum of the leaf deltas before rollup: every building counted once, whatever the tree's shape. */
function totalDelta(acc: Float64Array, areaCount: number, minutes: number[]): Record<string, Counts> {
  const T = minutes.length
  const sum = new Float64Array(T * FIELDS)
  for (let a = 0; a < areaCount; a++) for (let f = 0; f < T * FIELDS; f++) sum[f] += acc[a * T * FIELDS + f]
  return countsPerMinute(sum, 0, minutes)
}

function countsPerMinute(acc: Float64Array, offset: number, minutes: number[]): Record<string, Counts> {
  const out: Record<string, Counts> = {}
  minutes.forEach((m, t) => (out[String(m)] = countsAt(acc, offset + t * FIELDS)))
  return out
}
