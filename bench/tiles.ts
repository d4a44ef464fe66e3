/**
 * Vector tile benchmark (not a timed test): tiles per second and p99 latency, cold (empty cache, index
 * built on the first request) and warm, for geojson-vt and ST_AsMVT, on the embedded PostGIS and on a
 * real one (DATABASE_URL or TEST_DATABASE_URL; the demo district is loaded there if it has no areas).
 *
 *   npm run bench:tiles -- [--scale 1] [--zooms 13,14,15,16] [--set basemap]
 */
import pg from 'pg'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgis } from '../server/db/embedded.ts'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { canEncodeMvt, dataBounds } from '../server/plugins/tiles/queries.ts'
import { createTileService, type TileBackend } from '../server/plugins/tiles/tile-service.ts'
import { findTileSet } from '../server/plugins/tiles/tilesets.ts'
import { tileOf } from '../tests/helpers/tile-math.ts'
import { machine } from './coverage-report.ts'

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, zooms: { type: 'string', default: '13,14,15,16' }, set: { type: 'string', default: 'basemap' } },
})
const scale = Number(values.scale)
const zooms = values.zooms!.split(',').map(Number)
const set = findTileSet(values.set!)
if (!set) throw new Error(`no tile set ${values.set}`)
const realUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

/** Every tile over the data's extent at the given zooms. */
function tilesOver(bounds: [number, number, number, number]) {
  const out: [number, number, number][] = []
  for (const z of zooms) {
    const a = tileOf(bounds[0], bounds[3], z)
    const b = tileOf(bounds[2], bounds[1], z)
    for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) out.push([z, x, y])
  }
  return out
}

async function pass(service: Awaited<ReturnType<typeof createTileService>>, tiles: [number, number, number][]) {
  const times: number[] = []
  let bytes = 0
  const t0 = performance.now()
  for (const [z, x, y] of tiles) {
    const t = performance.now()
    const { tile } = await service.tile(set!, z, x, y)
    times.push(performance.now() - t)
    bytes += tile?.byteLength ?? 0
  }
  const total = performance.now() - t0
  times.sort((a, b) => a - b)
  return { tilesPerS: (tiles.length / total) * 1000, p50: pct(times, 0.5), p99: pct(times, 0.99), first: times.at(-1)!, mb: bytes / 1e6, total }
}

async function benchDatabase(name: string, pool: pg.Pool) {
  const bounds = await dataBounds(pool)
  if (!bounds) throw new Error(`${name}: no areas`)
  const tiles = tilesOver(bounds)
  const backends: TileBackend[] = (await canEncodeMvt(pool)) ? ['geojson-vt', 'postgis'] : ['geojson-vt']
  for (const backend of backends) {
    const service = await createTileService(pool, { backend })
    const cold = await pass(service, tiles)
    const warm = await pass(service, tiles)
    const row = (label: string, r: typeof cold) =>
      `| ${name} | ${backend} | ${label} | ${tiles.length} | ${r.tilesPerS.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(1)} | ${r.first.toFixed(0)} | ${r.mb.toFixed(1)} |`
    console.log(row('cold', cold))
    console.log(row('warm', warm))
  }
}

async function prepare(pool: pg.Pool) {
  await migrate(pool)
  await ensureDemoData(pool, { seed: 20240701, scale, log: (m) => console.error(m) })
}

console.log(`Tile set '${set.id}', zooms ${zooms.join(',')}, demo scale ${scale}; ${machine()}`)
console.log('| database | backend | pass | tiles | tiles/s | p50 ms | p99 ms | slowest ms | MB |')
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|')
const embedded = await startEmbeddedPostgis({ log: (m) => console.error(m) })
const ePool = new pg.Pool({ connectionString: embedded.url, max: 4 })
try {
  await prepare(ePool)
  await benchDatabase('embedded', ePool)
} finally {
  await ePool.end()
  await embedded.close()
}
if (realUrl) {
  const rPool = new pg.Pool({ connectionString: realUrl, max: 4 })
  try {
    await prepare(rPool)
    await benchDatabase('real PostgreSQL', rPool)
  } finally {
    await rPool.end()
  }
} else {
  console.log('(no DATABASE_URL / TEST_DATABASE_URL: the real PostGIS and ST_AsMVT were not measured)')
}
