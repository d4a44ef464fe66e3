/**
 * Coverage engine benchmark (not a timed test): graph build, whole-district coverage, what-if, one
 * isochrone and siting, at demo scale and 10×, against pgRouting doing the same whole-district work.
 *
 *   tsx bench/coverage.ts [--scale 1,10] [--write]     (--write updates BENCHMARKS.md)
 *
 * pgRouting needs DATABASE_URL or TEST_DATABASE_URL (a database with pgRouting); without one the engine
 * figures are still printed.
 */
import { generateDistrict } from '../geodata/generate/index.ts'
import {
  computeCoverage, createCoverageBaseline, createCoverageModel, isochrones, minutesToMetres, stationsForScenario,
  suggestSites, whatIf, attachPoints, type CoverageModel, type StationInput,
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

interface Row { scale: number; size: string; figures: [string, number][]; pg?: PgFigures; engineSameWork: number; note: string; candidates: string }

async function benchScale(scale: number): Promise<Row> {
  const ds = generateDistrict({ seed: SEED, scale })
  const input = { network: { nodes: ds.walkNodes, edges: ds.walkEdges }, buildings: ds.buildings, areas: ds.areas }
  const big = scale >= 10
  const build = time(big ? 3 : 5, () => createCoverageModel(input))
  const model = build.value
  const all = stationsForScenario(ds.stations, 'planned')
  const size = `${ds.walkNodes.length.toLocaleString('en')} nodes, ${ds.walkEdges.length.toLocaleString('en')} edges, ${model.buildings.count.toLocaleString('en')} residential buildings, ${all.length} stations, ${ds.areas.length} areas`
  console.log(`\n== scale ${scale}: ${size}`)
  const figures: [string, number][] = []
  const line = (label: string, ms: number) => (figures.push([label, ms]), console.log(`${label.padEnd(58)} ${fmt(ms).padStart(8)} ms`))
  line('build graph + attach buildings', build.ms)
  const whole = time(big ? 9 : 21, () => computeCoverage(model, all, { minutes: MINUTES, scenario: 'planned' }))
  line('whole-district coverage (all stations, 5+15 min, all areas)', whole.ms)
  line('  … capped at 15 min', time(big ? 9 : 21, () => computeCoverage(model, all, { minutes: MINUTES, scenario: 'planned', maxMinutes: 15 })).ms)
  line('  … plus nearest of each of the 7 kinds', time(big ? 5 : 11, () => computeCoverage(model, all, { minutes: MINUTES, scenario: 'planned', byKind: true })).ms)
  const base = createCoverageBaseline(model, ds.stations, { minutes: MINUTES, scenario: 'current' })
  // Drag a different station ~150 m each time.
  const moved = time(50, (i) => {
    const s = base.stations[Math.abs(i) % base.stations.length]
    return whatIf(base, { move: [{ id: s.id, lngLat: [s.lngLat[0] + 0.0012, s.lngLat[1] + 0.0007] }] })
  })
  line('what-if: one station moved (median of 50)', moved.ms)
  const iso = time(50, (i) => isochrones(model.graph, [all[Math.abs(i) % all.length]], { minutes: MINUTES }))
  line('isochrone, one station, 5+15 min (median of 50)', iso.ms)
  line('isochrones dissolved, all in-service stations', time(3, () => isochrones(model.graph, base.stations, { minutes: MINUTES })).ms)
  const site15 = time(3, () => suggestSites(model, ds.stations, { k: 5, minutes: 15 }))
  line('siting k = 5, 15 min', site15.ms)
  const site5 = time(3, () => suggestSites(model, ds.stations, { k: 5, minutes: 5 }))
  line('siting k = 5, 5 min', site5.ms)
  const candidates = `${site15.value.candidatesConsidered.toLocaleString('en')} (15 min) and ${site5.value.candidatesConsidered.toLocaleString('en')} (5 min) candidate sites`
  console.log(`  (${candidates})`)

  // pgRouting starts searches at nodes: give the engine the same start nodes for the like-for-like run.
  const g = model.graph
  const starts = attachPoints(g, all).map((a) => a.nodeA)
  const atNodes: StationInput[] = all.map((s, i) => ({ ...s, compoundId: s.compoundId, lngLat: nodeLngLat(model, starts[i]) }))
  const same = time(big ? 9 : 21, () => computeCoverage(model, atNodes, { minutes: MINUTES, scenario: 'planned' }))
  const engineCovered = MINUTES.map((m) => same.value.areas.find((a) => a.parentId === null)!.covered[String(m)].residents)
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
    console.log(`pgRouting load (bulk INSERT … SELECT json_to_recordset)`.padEnd(58), fmt(pg.loadMs).padStart(8), 'ms')
    console.log(`engine, same start nodes as pgRouting`.padEnd(58), fmt(same.ms).padStart(8), 'ms')
    for (const [label, ms] of [['pgRouting per-station pgr_drivingDistance (LATERAL, bbox)', pg.perStationMs],
      ['pgRouting one call, equicost => true', pg.oneCallEquicostMs], ['pgRouting one call, equicost => false', pg.oneCallPerOriginMs]] as const) {
      console.log(`${label.padEnd(58)} ${fmt(ms).padStart(8)} ms   engine ${(ms / same.ms).toFixed(0)}× faster`)
    }
  }
  console.log(note)
  return { scale, size, figures, pg, engineSameWork: same.ms, note, candidates }
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
