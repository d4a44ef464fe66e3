/**
 * Hotspot detector benchmark (not a timed test): how long one detection takes at the demo's scale —
 * detectHotspots (reads and judges) and runHotspots (the same plus reconciling the alerts in one
 * transaction), median and p90 of repeated runs, with N cases in the 3-hour window on top of 28 days
 * of baseline (800 a day, falling where people live). Recall against the simulator's planted hotspots is
 * measured separately, over the generated history.
 *
 *   DATABASE_URL=postgres://… npm run bench:hotspots -- [--windows 100,330,1000] [--runs 15]
 *
 * Needs a real PostgreSQL + PostGIS (DATABASE_URL or TEST_DATABASE_URL); the demo district is loaded
 * there if it has no areas. Its cases are written in 2035 and deleted afterwards.
 */
import pg from 'pg'
import { parseArgs } from 'node:util'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { CATEGORIES } from '../server/domain/cases/taxonomy.ts'
import { HOTSPOT_PARAMS } from '../server/domain/hotspots/params.ts'
import { detectHotspots, runHotspots } from '../server/plugins/hotspots/run.ts'
import { Rng } from '../server/simulator/rng.ts'
import { machine } from './coverage-report.ts'

const { values } = parseArgs({ options: { windows: { type: 'string', default: '100,330,1000' }, runs: { type: 'string', default: '15' } } })
const sizes = values.windows!.split(',').map(Number)
const runs = Number(values.runs)
const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL
if (!url) {
  console.error('bench:hotspots needs DATABASE_URL (or TEST_DATABASE_URL): a PostgreSQL with PostGIS')
  process.exit(2)
}

const HOUR = 3_600_000
const ASOF = Date.parse('2035-06-01T12:00:00Z')
const PER_DAY = 800

const pool = new pg.Pool({ connectionString: url, max: 4 })
const rng = new Rng(20240701)
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

async function main() {
  await migrate(pool)
  await ensureDemoData(pool, { seed: 20240701, scale: 1 })
  await cleanup()
  const buildings = (await pool.query<{ lng: number; lat: number; residents: number; grid_id: string }>(
    `SELECT ST_X(entrance) AS lng, ST_Y(entrance) AS lat, residents, grid_id FROM buildings WHERE residents > 0`,
  )).rows
  const cumulative: number[] = []
  let sum = 0
  for (const b of buildings) cumulative.push((sum += b.residents))
  const weights: number[] = []
  let wsum = 0
  for (const c of CATEGORIES) weights.push((wsum += c.weight))
  const pick = (cum: number[]) => {
    const r = rng.next() * cum[cum.length - 1]
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] < r) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const casesAt = (n: number, from: number, to: number) =>
    Array.from({ length: n }, () => {
      const b = buildings[pick(cumulative)]
      return { category: CATEGORIES[pick(weights)].code, lng: b.lng + (rng.next() - 0.5) * 0.0006, lat: b.lat + (rng.next() - 0.5) * 0.0005, at: new Date(from + rng.next() * (to - from)) }
    })

  const baselineDays = HOTSPOT_PARAMS.baselineDays
  const t0 = performance.now()
  await insert(casesAt(PER_DAY * baselineDays, ASOF - 3 * HOUR - baselineDays * 24 * HOUR, ASOF - 3 * HOUR))
  console.error(`baseline: ${PER_DAY * baselineDays} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  const lines: string[] = []
  let inWindow = 0
  for (const n of sizes) {
    await insert(casesAt(n - inWindow, ASOF - 3 * HOUR, ASOF))
    inWindow = n
    const detect: number[] = []
    const run: number[] = []
    let last: Awaited<ReturnType<typeof detectHotspots>> | null = null
    for (let i = 0; i < runs; i++) {
      let t = performance.now()
      last = await detectHotspots(pool, { asOf: new Date(ASOF) })
      detect.push(performance.now() - t)
      t = performance.now()
      await runHotspots(pool, { asOf: new Date(ASOF) })
      run.push(performance.now() - t)
    }
    detect.sort((a, b) => a - b)
    run.sort((a, b) => a - b)
    lines.push(
      `| ${n} | ${last!.candidates} | ${last!.detections.length} | ${pct(detect, 0.5).toFixed(0)} | ${pct(detect, 0.9).toFixed(0)} | ${pct(run, 0.5).toFixed(0)} | ${pct(run, 0.9).toFixed(0)} |`,
    )
    console.error(lines.at(-1))
  }
  await cleanup()
  console.log(`Machine: ${machine()}; PostgreSQL at ${new URL(url!).host}, demo district (scale 1), ${PER_DAY * baselineDays} baseline cases, ${runs} runs each.\n`)
  console.log('| cases in the 3-h window | clusters judged | alerts | detect median ms | detect p90 ms | run (with alerts) median ms | run p90 ms |')
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const l of lines) console.log(l)
}

async function insert(cases: { category: string; lng: number; lat: number; at: Date }[]) {
  const klass = new Map(CATEGORIES.map((c) => [c.code, c.class721]))
  for (let i = 0; i < cases.length; i += 5000) {
    const chunk = cases.slice(i, i + 5000)
    await pool.query(
      `INSERT INTO cases (source, category, class_721, title, priority, status, geom, reported_lng, reported_lat, reported_crs,
         grid_id, created_at, deadline_at, updated_at, version)
       SELECT 'app', u.category, u.klass, '基准', 'normal', 'received', ST_SetSRID(ST_MakePoint(u.lng, u.lat), 4326), u.lng, u.lat, 'wgs84',
         (SELECT g.id FROM areas g WHERE g.level = 'grid' AND ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(u.lng, u.lat), 4326)) LIMIT 1),
         u.at, u.at + interval '1 day', u.at, 1
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::timestamptz[]) AS u(category, klass, lng, lat, at)`,
      [chunk.map((c) => c.category), chunk.map((c) => klass.get(c.category)), chunk.map((c) => c.lng), chunk.map((c) => c.lat), chunk.map((c) => c.at)],
    )
  }
}

async function cleanup() {
  await pool.query(`DELETE FROM hotspot_alerts WHERE since >= '2035-01-01' AND since < '2036-01-01'`)
  await pool.query(`DELETE FROM cases WHERE created_at >= '2035-01-01' AND created_at < '2036-01-01'`)
}

main()
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => pool.end())
