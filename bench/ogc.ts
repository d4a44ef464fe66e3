/**
 * OGC API – Features benchmark (not a timed test): page through the buildings collection with
 * limit=1000 by following `next` links, as GDAL and QGIS do, and print features per second (median
 * of 3 walks after one warm-up walk).
 *
 *   npx tsx bench/ogc.ts
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
import { benchCookie, ensureBenchAccount } from './bench-account.ts'
import { loadConfig } from '../server/plugins/infra/config.ts'

const SEED = 20240701
const LIMIT = 1000
const RUNS = 3

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

async function bench(label: string, url: string | undefined) {
  const db = await connectDatabase({ url, log: () => {} })
  try {
    await migrate(db.pool)
    await ensureDemoData(db.pool, { seed: SEED, scale: 1, log: () => {} })
    await ensureBenchAccount(db.pool)
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false' }), db, webRoot: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      cookie = await benchCookie(origin)
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
    } finally {
      await app.close()
    }
  } finally {
    await db.close()
  }
}

await bench('embedded PostGIS (PGlite)', undefined)
if (process.env.DATABASE_URL) await bench('DATABASE_URL (PostgreSQL + PostGIS)', process.env.DATABASE_URL)
else console.log('DATABASE_URL not set: real PostgreSQL not measured')
