/**
 * Hotspot detector recall and false alarms (not a timed test): the demo district with its generated
 * history (server/simulator/history.ts, which records every hotspot it plants in planted_hotspots),
 * replayed as the live server would see it. The detector runs every `--step` minutes through the last
 * `--eval-days` days, exactly as the server's runner does (runHotspots: detect, then open / update /
 * close alerts), each run seeing only the cases created before its instant. Then every planted hotspot
 * is matched with the alerts, and every alert with the plants.
 *
 *   DATABASE_URL=postgres://…/an_empty_db npm run bench:hotspot-recall -- [--days 90] [--per-day 400]
 *     [--eval-days 28] [--step 15]
 *
 * Needs a real PostgreSQL + PostGIS in a database of its own: the demo and its history are loaded there
 * when it has no cases (a fixed end date, so every run sees the same history), and its alerts are
 * cleared before the replay.
 *
 * A plant is found when an alert of its category opens between its start and 3 h after its end with its
 * centre within the plant's radius + 250 m of the plant's centre. An alert that matches no plant is a
 * false alarm (the history's ordinary cases fall where people live, in their usual categories: an alert
 * there is the detector crying wolf).
 */
import pg from 'pg'
import { parseArgs } from 'node:util'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { ensureDemoHistory } from '../server/db/seed-history.ts'
import { runHotspots } from '../server/plugins/hotspots/run.ts'
import { machine } from './coverage-report.ts'

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '90' },
    'per-day': { type: 'string', default: '400' },
    'eval-days': { type: 'string', default: '28' },
    step: { type: 'string', default: '15' },
  },
})
const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL
if (!url) {
  console.error('bench:hotspot-recall needs DATABASE_URL: an empty PostgreSQL database with PostGIS of its own')
  process.exit(2)
}
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The history ends here on every run (China midnight), so the figures are reproducible. */
const END = Date.parse('2026-11-01T00:00:00+08:00')
const EVAL_DAYS = Number(values['eval-days'])
const STEP_MS = Number(values.step) * 60_000
const MATCH_PAD_M = 250
const MATCH_AFTER_MS = 3 * HOUR

const say = (m: string) => console.error(`[bench:hotspot-recall] ${m}`)
const pool = new pg.Pool({ connectionString: url, max: 4 })

interface Plant {
  id: number
  category: string
  lng: number
  lat: number
  radius_m: number
  starts_at: Date
  ends_at: Date
  cases: number
}
interface Alert {
  id: number
  category: string
  lng: number
  lat: number
  observed: number
  expected: number
  since: Date
  detected_at: Date
}

/** Metres between two WGS-84 points (equirectangular: ample at a district's size). */
function metres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const k = 111_320
  const dx = (a.lng - b.lng) * k * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180))
  const dy = (a.lat - b.lat) * k
  return Math.hypot(dx, dy)
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]

async function main() {
  await migrate(pool)
  await ensureDemoData(pool, { seed: 20240701, scale: 1, log: say })
  const loaded = await ensureDemoHistory(pool, { seed: 20240701, days: Number(values.days), perDay: Number(values['per-day']), now: END, log: say })
  const { rows: span } = await pool.query<{ first: Date; last: Date; n: number }>('SELECT min(created_at) AS first, max(created_at) AS last, count(*)::int AS n FROM cases')
  say(`history ${loaded}: ${span[0].n} cases from ${span[0].first?.toISOString()} to ${span[0].last?.toISOString()}`)
  if (loaded === 'skipped' || !span[0].n) throw new Error('no history in this database (is it the generated demo?)')
  if (Math.abs(span[0].last.getTime() - END) > DAY) throw new Error(`this database's history does not end at ${new Date(END).toISOString()}: use an empty database`)

  await pool.query('DELETE FROM hotspot_alerts')
  const from = END - EVAL_DAYS * DAY
  const times: number[] = []
  let runs = 0
  const t0 = Date.now()
  for (let t = from; t <= END; t += STEP_MS) {
    const started = performance.now()
    await runHotspots(pool, { asOf: new Date(t) })
    times.push(performance.now() - started)
    if (++runs % 500 === 0) say(`${runs} runs, ${new Date(t).toISOString()}`)
  }
  const replayS = (Date.now() - t0) / 1000

  const plants = (
    await pool.query<Plant>(
      `SELECT id::int, category, ST_X(centre) AS lng, ST_Y(centre) AS lat, radius_m, starts_at, ends_at, cases
       FROM planted_hotspots WHERE origin = 'history' AND starts_at >= $1 AND starts_at < $2 ORDER BY starts_at`,
      [new Date(from), new Date(END - HOUR)],
    )
  ).rows
  const alerts = (
    await pool.query<Alert>(
      `SELECT id::int, category, ST_X(centre) AS lng, ST_Y(centre) AS lat, observed, expected, since, detected_at
       FROM hotspot_alerts ORDER BY detected_at`,
    )
  ).rows

  const matches = (p: Plant, a: Alert) =>
    a.category === p.category &&
    a.detected_at.getTime() >= p.starts_at.getTime() &&
    a.detected_at.getTime() <= p.ends_at.getTime() + MATCH_AFTER_MS &&
    metres(a, p) <= p.radius_m + MATCH_PAD_M
  const latencies: number[] = []
  const found = new Set<number>()
  for (const p of plants) {
    const first = alerts.find((a) => matches(p, a))
    if (!first) continue
    found.add(p.id)
    latencies.push((first.detected_at.getTime() - p.starts_at.getTime()) / 60_000)
  }
  const falseAlarms = alerts.filter((a) => !plants.some((p) => matches(p, a)))
  // Plants that started just before the window still explain alerts at its start.
  const early = (
    await pool.query<Plant>(
      `SELECT id::int, category, ST_X(centre) AS lng, ST_Y(centre) AS lat, radius_m, starts_at, ends_at, cases
       FROM planted_hotspots WHERE origin = 'history' AND starts_at < $1 AND ends_at > $2`,
      [new Date(from), new Date(from - MATCH_AFTER_MS)],
    )
  ).rows
  const unexplained = falseAlarms.filter((a) => !early.some((p) => matches(p, a)))

  const buckets: [string, (n: number) => boolean][] = [
    ['fewer than 4 cases', (n) => n < 4],
    ['4–7 cases', (n) => n >= 4 && n <= 7],
    ['8–15 cases', (n) => n >= 8 && n <= 15],
    ['16 cases or more', (n) => n >= 16],
    ['all', () => true],
  ]
  console.log(`\nMachine: ${machine()}; PostgreSQL at ${new URL(url!).host}; demo district (scale 1), ${span[0].n} history cases over ${values.days} days ` +
    `(${values['per-day']} a day), detector run every ${values.step} min over the last ${EVAL_DAYS} days: ${runs} runs in ${replayS.toFixed(0)} s.\n`)
  console.log('| planted hotspots | planted | found | recall |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [name, test] of buckets) {
    const ps = plants.filter((p) => test(p.cases))
    const f = ps.filter((p) => found.has(p.id)).length
    console.log(`| ${name} | ${ps.length} | ${f} | ${ps.length ? ((100 * f) / ps.length).toFixed(0) + ' %' : '—'} |`)
  }
  console.log(`\n- Alerts: ${alerts.length}; matching a plant ${alerts.length - falseAlarms.length}; false alarms ${unexplained.length} ` +
    `(${(unexplained.length / EVAL_DAYS).toFixed(2)} a day, ${((100 * unexplained.length) / Math.max(1, alerts.length)).toFixed(0)} % of alerts).`)
  console.log(`- Time from a plant's start to its first alert: median ${median(latencies).toFixed(0)} min, p90 ${latencies.length ? pct(latencies, 0.9).toFixed(0) : '—'} min.`)
  console.log(`- One run (detect + reconcile the alerts): median ${median(times).toFixed(0)} ms, p90 ${pct(times, 0.9).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms.`)
  if (unexplained.length) {
    console.log('\nFalse alarms (first 10): category, observed / expected, detected at')
    for (const a of unexplained.slice(0, 10)) console.log(`- ${a.category} ${a.observed} / ${a.expected.toFixed(2)} at ${a.detected_at.toISOString()}`)
  }
}

main()
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => pool.end())
