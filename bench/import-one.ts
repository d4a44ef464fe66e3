/** One import for bench/import.ts, in its own process; prints {ms, maxRssMb, loaded} as the last line. */
import pg from 'pg'
import { migrate } from '../server/db/migrate.ts'
import '../server/db/connect.ts'
import { importAreas } from '../geodata/import/areas/import-areas.ts'
import { importOsm } from '../geodata/import/osm/import-osm.ts'

const [kind, file, ...rest] = process.argv.slice(2)
const opt = (k: string) => (rest.includes(k) ? rest[rest.indexOf(k) + 1] : undefined)
const base = new URL(process.env.BENCH_DATABASE_URL!)
const name = `hl_bench_import_${process.pid}`
const admin = new pg.Pool({ connectionString: base.toString(), max: 1 })
// The name is made from the pid above, never from input.
await admin.query(`CREATE DATABASE "${name}"`)
const url = new URL(base)
url.pathname = `/${name}`
const pool = new pg.Pool({ connectionString: url.toString(), max: 4 })
// DROP DATABASE … WITH (FORCE) ends connections the pool is still closing; that is expected here.
pool.on('error', () => {})
try {
  await pool.query('CREATE EXTENSION IF NOT EXISTS postgis')
  await migrate(pool)
  const t = performance.now()
  const report = kind === 'areas'
    ? await importAreas(pool, file, { level: opt('--level') as 'district', crs: opt('--crs') as 'gcj02' })
    : await importOsm(pool, file, { makeDistrict: opt('--make-district') })
  const ms = performance.now() - t
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, loaded: report.loaded }))
} finally {
  await pool.end()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
}
