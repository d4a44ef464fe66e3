/**
 * Which buildings each given candidate place reaches within a limit (catchments.ts), kept per model:
 * a planner asks again and again with the same places (a district's public buildings, an import's
 * service places) while the plan changes, so the searches run once per place list and limit, and a
 * later call only keeps, of each place's list, the buildings still uncovered.
 */
import type { CoverageModel } from '../coverage-model.ts'
import type { SourceSeed } from '../shortest-paths.ts'
import type { CoverSets } from './celf.ts'
import { catchments } from './catchments.ts'

interface Entry {
  /** The places' attach points, four numbers each, to tell a hash collision from a hit. */
  seeds: Float64Array
  /** Every building each place reaches. */
  sets: CoverSets
}

/** Place lists kept per model and limit; a planner switches among a few (kinds of place, scenarios). */
const MAX_KEPT = 8
const byModel = new WeakMap<CoverageModel, Map<string, Entry>>()

function seedsOf(places: readonly SourceSeed[]): Float64Array {
  const out = new Float64Array(places.length * 4)
  places.forEach((s, i) => out.set([s.nodeA, s.distA, s.nodeB, s.distB], i * 4))
  return out
}

/** FNV-1a over the seeds' bytes: a key for the map, checked against the seeds on a hit. */
function hashOf(seeds: Float64Array): number {
  const bytes = new Uint8Array(seeds.buffer, seeds.byteOffset, seeds.byteLength)
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/** The same sets as catchments(model, places, uncovered, limit), from searches kept between calls. */
export function cachedCatchments(model: CoverageModel, places: readonly SourceSeed[], uncovered: readonly number[], limit: number): CoverSets {
  const seeds = seedsOf(places)
  const key = `${limit}|${places.length}|${hashOf(seeds)}`
  let kept = byModel.get(model)
  if (!kept) byModel.set(model, (kept = new Map()))
  let entry = kept.get(key)
  if (!entry || !same(entry.seeds, seeds)) {
    const t = model.buildings
    const all: number[] = []
    for (let b = 0; b < t.count; b++) if (t.node[b] >= 0) all.push(b)
    entry = { seeds, sets: catchments(model, places, all, limit, 'candidates') }
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value as string)
    kept.set(key, entry)
  }
  const isUncovered = new Uint8Array(model.buildings.count)
  for (const b of uncovered) isUncovered[b] = 1
  const { start, items } = entry.sets
  const outStart = new Int32Array(start.length)
  const outItems: number[] = []
  for (let c = 0; c + 1 < start.length; c++) {
    for (let q = start[c]!; q < start[c + 1]!; q++) if (isUncovered[items[q]!]) outItems.push(items[q]!)
    outStart[c + 1] = outItems.length
  }
  return { start: outStart, items: Int32Array.from(outItems) }
}

export function clearCatchmentCache(model: CoverageModel): void {
  byModel.delete(model)
}
