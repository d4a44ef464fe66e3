/**
 * Per-area counters in flat Float64Arrays: 4 fields (residents, households, buildings, party-member
 * households) per area, and per area × threshold for the covered counts. Buildings add into their leaf
 * area; one pass in rollup order carries every leaf up to street and district.
 */
import type { AreaCoverage, AreaLevel, CoveredCounts } from '../types.ts'
import type { CoverageModel } from '../coverage-model.ts'
import type { AreaTable } from './area-table.ts'
import { DISTANCE_EPSILON_M } from '../units.ts'

export const FIELDS = 4

export function addBuilding(model: CoverageModel, acc: Float64Array, offset: number, b: number, sign: number): void {
  const t = model.buildings
  acc[offset] += sign * t.residents[b]
  acc[offset + 1] += sign * t.households[b]
  acc[offset + 2] += sign
  acc[offset + 3] += sign * t.partyMemberHouseholds[b]
}

export function rollup(areas: AreaTable, acc: Float64Array, stride: number): Float64Array {
  for (let k = 0; k < areas.count; k++) {
    const i = areas.rollupOrder[k]
    const p = areas.parent[i]
    if (p < 0) continue
    for (let f = 0; f < stride; f++) acc[p * stride + f] += acc[i * stride + f]
  }
  return acc
}

export function areaTotals(model: CoverageModel): Float64Array {
  const acc = new Float64Array(model.areas.count * FIELDS)
  for (let b = 0; b < model.buildings.count; b++) addBuilding(model, acc, model.buildings.area[b] * FIELDS, b, 1)
  return rollup(model.areas, acc, FIELDS)
}

/** Covered counters (area × threshold × field) for building distances in metres. */
export function areaCovered(model: CoverageModel, distanceM: Float64Array, thresholdsM: readonly number[]): Float64Array {
  const T = thresholdsM.length
  const stride = T * FIELDS
  const acc = new Float64Array(model.areas.count * stride)
  for (let b = 0; b < model.buildings.count; b++) {
    const d = distanceM[b]
    for (let t = 0; t < T; t++) {
      if (d <= thresholdsM[t] + DISTANCE_EPSILON_M) addBuilding(model, acc, model.buildings.area[b] * stride + t * FIELDS, b, 1)
    }
  }
  return rollup(model.areas, acc, stride)
}

type Counts = Omit<CoveredCounts, 'share'>

/** Four counters of one area and threshold, as an object. */
export function countsAt(acc: Float64Array, q: number): Counts {
  return { residents: acc[q], households: acc[q + 1], buildings: acc[q + 2], partyMemberHouseholds: acc[q + 3] }
}

/**
 * What an earlier answer of the same model and minutes already built: an area whose covered counters are
 * unchanged takes that answer's `covered` record as is. A city has thousands of areas and a drag changes
 * a handful, so this saves most of the objects (and their garbage) per answer. Answers are read-only.
 */
export interface RowsToReuse {
  covered: Float64Array
  /** Every area, in area-table order. */
  rows: readonly AreaCoverage[]
  minutes: readonly number[]
}

/** The answer rows, in area-table order, optionally only some levels; with `delta`, each row carries its own. */
export function toAreaCoverage(
  model: CoverageModel,
  totals: Float64Array,
  covered: Float64Array,
  minutes: readonly number[],
  levels?: readonly AreaLevel[],
  delta?: Float64Array,
  reuse?: RowsToReuse,
): (AreaCoverage & { delta?: Record<string, Counts> })[] {
  const { areas } = model
  const T = minutes.length
  const keys = minutes.map(String)
  const prev = reuse && reuse.rows.length === areas.count && sameMinutes(reuse.minutes, minutes) ? reuse : undefined
  const zeroDelta: Record<string, Counts> = {}
  for (let t = 0; t < T; t++) zeroDelta[keys[t]] = { residents: 0, households: 0, buildings: 0, partyMemberHouseholds: 0 }
  const rows: (AreaCoverage & { delta?: Record<string, Counts> })[] = []
  for (let i = 0; i < areas.count; i++) {
    if (levels && !levels.includes(areas.levels[i])) continue
    const o = i * FIELDS
    const q0 = i * T * FIELDS
    let c: Record<string, CoveredCounts> | undefined
    if (prev) {
      let same = true
      for (let f = q0; f < q0 + T * FIELDS && same; f++) same = prev.covered[f] === covered[f]
      if (same) c = prev.rows[i].covered
    }
    if (!c) {
      c = {}
      for (let t = 0; t < T; t++) {
        const q = q0 + t * FIELDS
        c[keys[t]] = {
          residents: covered[q],
          households: covered[q + 1],
          buildings: covered[q + 2],
          partyMemberHouseholds: covered[q + 3],
          share: totals[o] > 0 ? covered[q] / totals[o] : 0,
        }
      }
    }
    const p = areas.parent[i]
    const row: AreaCoverage & { delta?: Record<string, Counts> } = {
      id: areas.ids[i],
      level: areas.levels[i],
      name: areas.names[i],
      parentId: p >= 0 ? areas.ids[p] : null,
      residents: totals[o],
      households: totals[o + 1],
      buildings: totals[o + 2],
      partyMemberHouseholds: totals[o + 3],
      covered: c,
    }
    if (delta) {
      let zero = true
      for (let f = q0; f < q0 + T * FIELDS && zero; f++) zero = delta[f] === 0
      if (zero) row.delta = zeroDelta
      else {
        row.delta = {}
        for (let t = 0; t < T; t++) row.delta[keys[t]] = countsAt(delta, q0 + t * FIELDS)
      }
    }
    rows.push(row)
  }
  return rows
}

function sameMinutes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i])
}
