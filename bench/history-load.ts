/**
 * How long the demo's generated case history takes to load (server/db/seed-history.ts), on the embedded
 * PostGIS and, with --url, on a PostgreSQL server (its public schema is dropped and rebuilt).
 *   npx tsx bench/history-load.ts [--days 90] [--per-day 100] [--url postgres://…]
 */
import pg from 'pg'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgis } from '../server/db/embedded.ts'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { ensureDemoHistory } from '../server/db/seed-history.ts'
import { machine } from './coverage-report.ts'

const { values } = parseArgs({ options: { days: { type: 'string', default: '90' }, 'per-day': { type: 'string', default: '100' }, url: { type: 'string' }, 'skip-embedded': { type: 'boolean' } } })
const days = Number(values.days)
const perDay = Number(values['per-day'])

async function measure(name: string, url: string, reset: boolean) {
  const pool = new pg.Pool({ connectionString: url, max: 3 })
  try {
    if (reset) await pool.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; CREATE EXTENSION IF NOT EXISTS postgis')
    await migrate(pool)
    await ensureDemoData(pool, { seed: 20240701, scale: 1 })
    const t = Date.now()
    const cpu = process.cpuUsage()
    await ensureDemoHistory(pool, { seed: 20240701, days, perDay, log: (m) => console.error(`${name}: ${m}`) })
    const ms = Date.now() - t
    // This process's CPU: the loader, and for the embedded database PGlite itself (it runs in-process).
    const used = process.cpuUsage(cpu)
    const cpuS = (used.user + used.system) / 1e6
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
              pg_size_pretty(pg_total_relation_size('case_events')) AS events_size`,
    )
    console.log(`| ${name} | ${days} × ${perDay} | ${rows[0].cases} | ${rows[0].events} | ${rows[0].events_size} | ${(ms / 1000).toFixed(1)} s | ${cpuS.toFixed(1)} s |`)
  } finally {
    await pool.end()
  }
}

console.log(`machine: ${machine()}`)
console.log('| database | days × per day | cases | events | case_events size | load (wall) | CPU of this process |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
if (!values['skip-embedded']) {
  const embedded = await startEmbeddedPostgis({ log: () => {} })
  try {
    await measure('embedded', embedded.url, false)
  } finally {
    await embedded.close()
  }
}
if (values.url) await measure('PostgreSQL', values.url, true)
