/**
 * OGC API – Features benchmark (not a timed test): page through the buildings collection with
 * limit=1000 by following `next` links, as GDAL and QGIS do, and print features per second (median
 * of 3 walks after one warm-up walk); then download whole-layer exports (buildings and walk-edges as
 * CSV, GeoJSON and GeoPackage) and print features per second and the process's peak RSS growth.
 *
 *   npx tsx bench/ogc.ts [--scale 10] [--exports-only] [--skip-embedded] [--only walk-edges.gpkg]
 *
 * Always on an in-memory embedded PostGIS with the demo district; also on DATABASE_URL when it is set
 * (its demo district is loaded if the database is empty). The client runs in the server's process
 * over real HTTP (gzip, as curl-based clients ask for it), so figures include serialisation and
 * compression on both sides of one event loop.
 */
import type { AddressInfo } from 'node:net'
import { connectDatabase } from '../server/db/connect.ts'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { buildApp } from '../server/app.ts'
import { benchCookie, ensureBenchAccount } from './lib/bench-account.ts'
import { loadConfig } from '../server/plugins/infra/config.ts'

const SEED = 20240701
const LIMIT = 1000
const RUNS = 3
const args = process.argv.slice(2)
const SCALE = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1
const EXPORTS_ONLY = args.includes('--exports-only')
const SKIP_EMBEDDED = args.includes('--skip-embedded')
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : null
const EXPORT_LAYERS = [['buildings', 'buildings'], ['walk-edges', 'walk_edges']] as const
const EXPORT_FORMATS = ['csv', 'geojson', 'gpkg'] as const

interface Walk { features: number; pages: number; ms: number }

async function walk(origin: string): Promise<Walk> {
  let href: string | undefined = `${origin}/ogc/collections/buildings/items?limit=${LIMIT}`
  let features = 0
  let pages = 0
  const t0 = performance.now()
  while (href) {
    const res = await fetch(href, { headers: { cookie } })
    if (!res.ok) throw new Error(`paging buildings: ${href} answered ${res.status}`)
    const page = (await res.json()) as { features: unknown[]; links: { rel: string; href: string }[] }
    features += page.features.length
    pages++
    href = page.links.find((l) => l.rel === 'next')?.href
  }
  return { features, pages, ms: performance.now() - t0 }
}

let cookie = ''

interface Download { bytes: number; ms: number; peakRss: number }

/** One whole export over HTTP (gzip where the server compresses, as browsers ask), read to the end. */
async function download(href: string): Promise<Download> {
  const base = process.memoryUsage().rss
  let peak = base
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
  const t0 = performance.now()
  try {
    const res = await fetch(href, { headers: { cookie } })
    if (!res.ok || !res.body) throw new Error(`exporting: ${href} answered ${res.status}`)
    let bytes = 0
    const reader = res.body.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length
    return { bytes, ms: performance.now() - t0, peakRss: Math.max(peak, process.memoryUsage().rss) - base }
  } finally {
    clearInterval(sampler)
  }
}

async function exportBench(label: string, origin: string, count: (table: string) => Promise<number>) {
  // The app builds its walking model in the background at start; wait for it so it is not measured here.
  const ready = await fetch(`${origin}/api/coverage?minutes=15`, { headers: { cookie } })
  if (!ready.ok) throw new Error(`waiting for the coverage model: ${ready.status}`)
  await ready.arrayBuffer()
  for (const [layer, table] of EXPORT_LAYERS) {
    const n = await count(table)
    for (const format of EXPORT_FORMATS) {
      if (ONLY && ONLY !== `${layer}.${format}`) continue
      const href = `${origin}/ogc/collections/${layer}/export.${format}`
      await download(href)
      const runs: Download[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await download(href))
      runs.sort((a, b) => a.ms - b.ms)
      const median = runs[Math.floor(RUNS / 2)]!
      const peak = Math.max(...runs.map((r) => r.peakRss))
      console.log(
        `${label.padEnd(34)} export ${layer}.${format.padEnd(7)} ${n} features, ${(median.bytes / 1e6).toFixed(1)} MB: ` +
          `${median.ms.toFixed(0)} ms, ${Math.round((n / median.ms) * 1000).toLocaleString('en')} features/s ` +
          `(median of ${RUNS}; runs ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms; peak RSS +${(peak / 1e6).toFixed(0)} MB)`,
      )
    }
  }
}

async function bench(label: string, url: string | undefined) {
  const db = await connectDatabase({ url, log: () => {} })
  try {
    await migrate(db.pool)
    await ensureDemoData(db.pool, { seed: SEED, scale: SCALE, log: () => {} })
    await ensureBenchAccount(db.pool)
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false' }), db, webRoot: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      cookie = await benchCookie(origin)
      const count = async (table: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number
      if (EXPORTS_ONLY) return await exportBench(label, origin, count)
      await walk(origin)
      const walks: Walk[] = []
      for (let i = 0; i < RUNS; i++) walks.push(await walk(origin))
      walks.sort((a, b) => a.ms - b.ms)
      const median = walks[Math.floor(RUNS / 2)]
      const rate = (median.features / median.ms) * 1000
      console.log(
        `${label.padEnd(34)} ${median.features} buildings in ${median.pages} pages of ${LIMIT}: ` +
          `${median.ms.toFixed(0)} ms, ${Math.round(rate).toLocaleString('en')} features/s (median of ${RUNS}; ` +
          `runs ${walks.map((w) => w.ms.toFixed(0)).join(', ')} ms)`,
      )
      await exportBench(label, origin, count)
    } finally {
      await app.close()
    }
  } finally {
    await db.close()
  }
}

if (!SKIP_EMBEDDED) await bench('embedded PostGIS (PGlite)', undefined)
if (process.env.DATABASE_URL) await bench('DATABASE_URL (PostgreSQL + PostGIS)', process.env.DATABASE_URL)
else console.log('DATABASE_URL not set: real PostgreSQL not measured')
