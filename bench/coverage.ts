/**
 * Coverage engine benchmark (not a timed test): graph build, whole-district coverage, what-if, one
 * isochrone and siting, at demo scale and 10×, against pgRouting doing the same whole-district work.
 *
 *   tsx bench/coverage.ts [--scale 1,10] [--write] [--compare <engine index.ts>]
 *
 * --write updates BENCHMARKS.md. --compare measures another copy of the engine beside this one, run for
 * run in the same process (e.g. the last commit's: `git archive HEAD server/engine server/domain | tar -x -C
 * /tmp/before`, then `--compare /tmp/before/server/engine/index.ts`), and checks both give the same figures.
 *
 * pgRouting needs DATABASE_URL or TEST_DATABASE_URL (a database with pgRouting); without one the engine
 * figures are still printed.
 */
import { generateDistrict } from '../geodata/generate/index.ts'
import { resolve } from 'node:path'
import {
  computeCoverage, createCoverageBaseline, createCoverageModel, isochrones, minutesToMetres, stationsForScenario,
  attachPoints, suggestByBudget, suggestSites, type CoverageModel, type LngLat, type StationInput, type WhatIfChanges,
} from '../server/engine/index.ts'
import { benchPgrouting, type PgFigures } from './coverage-pgrouting.ts'
import { fmt, machine, writeSection } from './coverage-report.ts'

const SEED = 20240701
const MINUTES = [5, 15]
const args = process.argv.slice(2)
const scaleArg = args.includes('--scale') ? args[args.indexOf('--scale') + 1] : '1,10'
const scales = scaleArg.split(',').map(Number)
const dbUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL

/** Median of `runs` timed calls after one warm-up call. */
function time<T>(runs: number, fn: (i: number) => T): { ms: number; value: T } {
  let value = fn(-1)
  const ts: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    value = fn(i)
    ts.push(performance.now() - t)
  }
  ts.sort((a, b) => a - b)
  return { ms: ts[Math.floor(runs / 2)], value }
}

async function timeAsync<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let value = await fn()
  const ts: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    value = await fn()
    ts.push(performance.now() - t)
  }
  ts.sort((a, b) => a - b)
  return { ms: ts[Math.floor(runs / 2)], value }
}

type Engine = typeof import('../server/engine/index.ts')

/** The engine measured, and with --compare <engine index.ts> an earlier engine measured beside it in the same run. */
const engines: { now: Engine; before?: Engine } = { now: await import('../server/engine/index.ts') }
if (args.includes('--compare')) engines.before = await import(resolve(args[args.indexOf('--compare') + 1]))

/**
 * Times `fn` on each engine, alternating run by run so both see the same machine load; medians.
 * `setup` runs untimed before each timed call (e.g. to forget caches for a first-call figure).
 */
function sideBySide<T>(
  runs: number,
  models: Models,
  fn: (e: Engine, m: CoverageModel, i: number) => T,
  setup?: (e: Engine, m: CoverageModel) => void,
  warmUp = true,
) {
  const sides = (['now', 'before'] as const).filter((k) => engines[k])
  const ts: Record<string, number[]> = { now: [], before: [] }
  const value: Partial<Record<'now' | 'before', T>> = {}
  if (warmUp) {
    for (const k of sides) {
      setup?.(engines[k]!, models[k]!)
      value[k] = fn(engines[k]!, models[k]!, -1)
    }
  }
  for (let i = 0; i < runs; i++) {
    for (const k of sides) {
      setup?.(engines[k]!, models[k]!)
      const t = performance.now()
      value[k] = fn(engines[k]!, models[k]!, i)
      ts[k].push(performance.now() - t)
    }
  }
  const med = (a: number[]) => (a.length ? a.sort((x, y) => x - y)[Math.floor(a.length / 2)] : NaN)
  return { ms: med(ts.now), beforeMs: med(ts.before), value: value.now as T, beforeValue: value.before }
}

type Models = { now: CoverageModel; before?: CoverageModel }
type Figure = [label: string, ms: number, beforeMs: number]

interface Row { scale: number; size: string; figures: Figure[]; pg?: PgFigures; engineSameWork: number; note: string; candidates: string; checks: string[] }

async function benchScale(scale: number): Promise<Row> {
  const ds = generateDistrict({ seed: SEED, scale })
  const input = { network: { nodes: ds.walkNodes, edges: ds.walkEdges }, buildings: ds.buildings, areas: ds.areas }
  const big = scale >= 10
  const models = { now: createCoverageModel(input), before: engines.before?.createCoverageModel(input) }
  const build = sideBySide(big ? 3 : 5, models, (e) => e.createCoverageModel(input))
  const model = models.now
  const all = stationsForScenario(ds.stations, 'planned')
  const size = `${ds.walkNodes.length.toLocaleString('en')} nodes, ${ds.walkEdges.length.toLocaleString('en')} edges, ${model.buildings.count.toLocaleString('en')} residential buildings, ${all.length} stations, ${ds.areas.length} areas`
  console.log(`\n== scale ${scale}: ${size}`)
  const figures: Figure[] = []
  const checks: string[] = []
  const line = (label: string, r: { ms: number; beforeMs: number }) => {
    figures.push([label, r.ms, r.beforeMs])
    const cmp = Number.isNaN(r.beforeMs) ? '' : `   before ${fmt(r.beforeMs).padStart(8)} ms  ×${(r.beforeMs / r.ms).toFixed(1)}`
    console.log(`${label.padEnd(66)} ${fmt(r.ms).padStart(8)} ms${cmp}`)
  }
  /** Records whether the two engines gave the same figure (they must, unless the method changed on purpose). */
  const same = (what: string, a: unknown, b: unknown) => {
    if (b === undefined) return
    const ok = JSON.stringify(a) === JSON.stringify(b)
    checks.push(`${what}: ${ok ? 'same' : `now ${JSON.stringify(a)}, before ${JSON.stringify(b)}`}`)
  }
  const district = (r: { areas: { parentId: string | null; covered: Record<string, { residents: number }> }[] }) =>
    MINUTES.map((m) => r.areas.find((a) => a.parentId === null)!.covered[String(m)].residents)
  line('build graph + attach buildings', build)
  const opts = { minutes: MINUTES, scenario: 'planned' as const }
  const whole = sideBySide(big ? 9 : 21, models, (e, m) => e.computeCoverage(m, all, opts))
  line('whole-district coverage (all stations, 5+15 min, all areas)', whole)
  same('whole-district coverage, residents within 5/15 min', district(whole.value), whole.beforeValue && district(whole.beforeValue))
  // A drag: each call moves a different station ~150 m from where the last call had it.
  const drag = (i: number) => all.map((s, j) => (j === (Math.abs(i) * 37) % all.length ? { ...s, lngLat: [s.lngLat[0] + 0.0012, s.lngLat[1] + 0.0007] as LngLat } : s))
  const dragged = sideBySide(big ? 15 : 21, models, (e, m, i) => e.computeCoverage(m, drag(i), opts))
  line('  … one station moved since the last call', dragged)
  same('  … one station moved, residents within 5/15 min', district(dragged.value), dragged.beforeValue && district(dragged.beforeValue))
  line('  … first call (nothing kept from earlier calls)', sideBySide(big ? 5 : 11, models, (e, m) => e.computeCoverage(m, all, opts), clear))
  line('  … capped at 15 min', sideBySide(big ? 9 : 21, models, (e, m) => e.computeCoverage(m, all, { ...opts, maxMinutes: 15 })))
  line('  … plus nearest of each of the 7 kinds', sideBySide(big ? 5 : 11, models, (e, m) => e.computeCoverage(m, all, { ...opts, byKind: true })))
  const bases = {
    now: createCoverageBaseline(model, ds.stations, { minutes: MINUTES, scenario: 'current' }),
    before: engines.before && models.before && engines.before.createCoverageBaseline(models.before, ds.stations, { minutes: MINUTES, scenario: 'current' }),
  }
  const baseOf = (m: CoverageModel) => (m === model ? bases.now : bases.before!)
  const inService = bases.now.stations
  // Drag a different station ~150 m each time.
  const moved = sideBySide(50, models, (e, m, i) => {
    const s = inService[Math.abs(i) % inService.length]
    return e.whatIf(baseOf(m), { move: [{ id: s.id, lngLat: [s.lngLat[0] + 0.0012, s.lngLat[1] + 0.0007] }] })
  })
  line('what-if: one station moved (median of 50)', moved)
  same('what-if one moved, delta', moved.value.delta, moved.beforeValue?.delta)
  const twenty = (i: number): WhatIfChanges => {
    const o = Math.abs(i) * 20
    const at = (j: number) => inService[(o + j) % inService.length]
    return {
      move: Array.from({ length: 10 }, (_, j) => ({ id: at(j).id, lngLat: [at(j).lngLat[0] + 0.0012, at(j).lngLat[1] + 0.0007] as LngLat })),
      remove: Array.from({ length: 5 }, (_, j) => at(10 + j).id),
      add: Array.from({ length: 5 }, (_, j) => ({ lngLat: [at(15 + j).lngLat[0] - 0.003, at(15 + j).lngLat[1] + 0.002] as LngLat })),
    }
  }
  const changes20 = sideBySide(20, models, (e, m, i) => e.whatIf(baseOf(m), twenty(i)))
  line('what-if: 20 changes (10 moved, 5 removed, 5 added; median of 20)', changes20)
  same('what-if 20 changes, delta', changes20.value.delta, changes20.beforeValue?.delta)
  const iso = time(50, (i) => isochrones(model.graph, [all[Math.abs(i) % all.length]], { minutes: MINUTES }))
  line('isochrone, one station, 5+15 min (median of 50)', { ms: iso.ms, beforeMs: NaN })
  line('isochrones dissolved, all in-service stations', { ms: time(3, () => isochrones(model.graph, inService, { minutes: MINUTES })).ms, beforeMs: NaN })
  const gains = (r: { sites: { gain: number }[] }) => r.sites.map((s) => s.gain)
  // The earlier engine took seconds per siting call at 10×: one timed run after the warm-up there.
  const sitingRuns = big ? 1 : 3
  const site15 = sideBySide(sitingRuns, models, (e, m) => e.suggestSites(m, ds.stations, { k: 5, minutes: 15 }))
  line('siting k = 5, 15 min', site15)
  same('siting k = 5, 15 min, gains', gains(site15.value), site15.beforeValue && gains(site15.beforeValue))
  const site20 = sideBySide(sitingRuns, models, (e, m) => e.suggestSites(m, ds.stations, { k: 20, minutes: 15 }))
  line('siting k = 20, 15 min', site20)
  same('siting k = 20, 15 min, total gain', site20.value.coveredAfter, site20.beforeValue?.coveredAfter)
  const site5 = sideBySide(sitingRuns, models, (e, m) => e.suggestSites(m, ds.stations, { k: 5, minutes: 5 }))
  line('siting k = 5, 5 min', site5)
  same('siting k = 5, 5 min, gains', gains(site5.value), site5.beforeValue && gains(site5.beforeValue))
  // After a what-if the planner asks again with the plan's stations: one moved, one added each time.
  const plan = (i: number): StationInput[] => {
    const s = inService[(Math.abs(i) * 11) % inService.length]
    return [...ds.stations.filter((x) => x.id !== s.id), { ...s, lngLat: [s.lngLat[0] + 0.0012, s.lngLat[1] + 0.0007] },
      { ...s, id: `plan-${i}`, lngLat: [s.lngLat[0] - 0.004, s.lngLat[1] + 0.003] }]
  }
  line('siting k = 5, 15 min, stations changed since the last call', sideBySide(sitingRuns, models, (e, m, i) => e.suggestSites(m, plan(i), { k: 5, minutes: 15 })))
  line('siting k = 5, 15 min, first call on a model', sideBySide(big ? 1 : 3, models, (e, m) => e.suggestSites(m, ds.stations, { k: 5, minutes: 15 }), clear, false))
  // The planner's own question (issue 12): siting on its what-if (2 added, 1 moved, 1 removed), no site within
  // 300 m in a straight line of any of the plan's stations; then both circles weighted. This engine only.
  const planAt = (k: number) => inService[Math.abs(k * 17) % inService.length]
  const inPlan = (i: number): WhatIfChanges => ({
    add: [0, 1].map((j) => ({ id: `h${j}`, lngLat: [planAt(i + j).lngLat[0] - 0.004, planAt(i + j).lngLat[1] + 0.003] as LngLat })),
    move: [{ id: planAt(i + 2).id, lngLat: [planAt(i + 2).lngLat[0] + 0.0012, planAt(i + 2).lngLat[1] + 0.0007] }],
    remove: [planAt(i + 3).id],
  })
  line('siting k = 5, 15 min, on a what-if plan, ≥ 300 m from its stations', { ms: time(sitingRuns, (i) => suggestSites(model, ds.stations, { k: 5, minutes: 15, plan: inPlan(i), minDistanceM: 300 })).ms, beforeMs: NaN })
  const goals = [{ minutes: 5, weight: 2 }, { minutes: 15, weight: 1 }]
  line('siting k = 5, 5 min × 2 + 15 min, on a what-if plan, ≥ 300 m', { ms: time(sitingRuns, (i) => suggestSites(model, ds.stations, { k: 5, minutes: 15, plan: inPlan(i), minDistanceM: 300, goals })).ms, beforeMs: NaN })
  // The siting options (issue 12): a budget by kind, an outline (the district's west half), public buildings only.
  const budget = [{ kind: 'community_center', count: 1, minutes: 15 }, { kind: 'compound_station', count: 4, minutes: 5 }]
  line('siting under a budget: 1 community centre (15 min) + 4 compound stations (5 min), on a what-if plan', { ms: time(sitingRuns, (i) => suggestByBudget(model, ds.stations, { budget, plan: inPlan(i), minDistanceM: 300 })).ms, beforeMs: NaN })
  const xs = ds.buildings.map((b) => b.entrance[0]), ys = ds.buildings.map((b) => b.entrance[1])
  const [w, so, e, n] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
  const west: LngLat[][] = [[[w, so], [(w + e) / 2, so], [(w + e) / 2, n], [w, n], [w, so]]]
  line('siting k = 5, 15 min, on a what-if plan, within a drawn outline (west half)', { ms: time(sitingRuns, (i) => suggestSites(model, ds.stations, { k: 5, minutes: 15, plan: inPlan(i), within: west })).ms, beforeMs: NaN })
  const publicBuildings = ds.buildings.filter((b) => b.kind === 'public').map((b) => ({ id: b.id, lngLat: b.entrance, compoundId: b.compoundId }))
  line(`siting k = 5, 15 min, on a what-if plan, among the ${publicBuildings.length.toLocaleString('en')} public buildings`, { ms: time(sitingRuns, (i) => suggestSites(model, ds.stations, { k: 5, minutes: 15, plan: inPlan(i), candidates: publicBuildings })).ms, beforeMs: NaN })
  const candidates = `${site15.value.candidatesConsidered.toLocaleString('en')} (15 min) and ${site5.value.candidatesConsidered.toLocaleString('en')} (5 min) candidate sites`
  console.log(`  (${candidates}${site15.beforeValue ? `; before: ${site15.beforeValue.candidatesConsidered.toLocaleString('en')} and ${site5.beforeValue!.candidatesConsidered.toLocaleString('en')}` : ''})`)
  for (const c of checks) console.log(`  check: ${c}`)

  // pgRouting starts searches at nodes: give the engine the same start nodes for the like-for-like run,
  // searching afresh every call (reuse: false) as pgRouting does.
  const g = model.graph
  const starts = attachPoints(g, all).map((a) => a.nodeA)
  const atNodes: StationInput[] = all.map((s, i) => ({ ...s, compoundId: s.compoundId, lngLat: nodeLngLat(model, starts[i]) }))
  const sameWork = time(big ? 9 : 21, () => computeCoverage(model, atNodes, { ...opts, reuse: false }))
  const engineCovered = district(sameWork.value)
  let pg: PgFigures | undefined
  let note = ''
  if (!dbUrl) note = 'pgRouting: skipped (set DATABASE_URL or TEST_DATABASE_URL to a database with pgRouting)'
  else {
    const thresholds = MINUTES.map((m) => minutesToMetres(m, 4))
    pg = await benchPgrouting(dbUrl, model, starts.map((v) => ({ node: g.nodeIds[v], x: g.nodeX[v], y: g.nodeY[v] })), thresholds,
      (leaf) => hierarchy(model, leaf), big ? 1 : 3, timeAsync)
    const agree = JSON.stringify(pg.covered.perStation) === JSON.stringify(engineCovered)
    note = `same answer (residents within 5/15 min): engine ${engineCovered.join('/')}, pgRouting per-station ${pg.covered.perStation.join('/')}` +
      ` ${agree ? '(equal)' : '(DIFFERENT)'}, one-call equicost ${pg.covered.equicost.join('/')}, one-call per-origin ${pg.covered.perOrigin.join('/')}`
    console.log(`pgRouting load (bulk INSERT … SELECT json_to_recordset)`.padEnd(66), fmt(pg.loadMs).padStart(8), 'ms')
    console.log(`engine, same start nodes as pgRouting, fresh search`.padEnd(66), fmt(sameWork.ms).padStart(8), 'ms')
    for (const [label, ms] of [['pgRouting per-station pgr_drivingDistance (LATERAL, bbox)', pg.perStationMs],
      ['pgRouting one call, equicost => true', pg.oneCallEquicostMs], ['pgRouting one call, equicost => false', pg.oneCallPerOriginMs]] as const) {
      console.log(`${label.padEnd(66)} ${fmt(ms).padStart(8)} ms   engine ${(ms / sameWork.ms).toFixed(0)}× faster`)
    }
  }
  console.log(note)
  return { scale, size, figures, pg, engineSameWork: sameWork.ms, note, candidates, checks }
}

/** Forgets what an engine kept between calls (engines without caches have nothing to forget). */
function clear(e: Engine, m: CoverageModel) {
  ;(e as Partial<Engine>).clearEngineCaches?.(m)
}

function nodeLngLat(model: CoverageModel, v: number): [number, number] {
  const p = model.graph.geometry.projection
  return [p.lng0 + model.graph.nodeX[v] / p.kx, p.lat0 + model.graph.nodeY[v] / p.ky]
}

/** [street, community, grid] ids of a leaf area, from the area tree. */
function hierarchy(model: CoverageModel, leaf: number): [string, string, string] {
  const chain: string[] = []
  for (let a = leaf; a >= 0; a = model.areas.parent[a]) chain.unshift(model.areas.ids[a])
  return [chain[1] ?? '', chain[2] ?? '', chain[3] ?? '']
}

const rows: Row[] = []
const machineLine = machine()
console.log(`coverage engine benchmark — ${machineLine}`)
for (const s of scales) rows.push(await benchScale(s))
if (args.includes('--write')) {
  const { markdown } = await import('./coverage-markdown.ts')
  writeSection(new URL('../BENCHMARKS.md', import.meta.url).pathname, markdown(rows, machineLine))
  console.log('\nwrote BENCHMARKS.md (## Coverage engine)')
}
export type { Row }
