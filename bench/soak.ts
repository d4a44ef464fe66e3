/**
 * Memory soak of the embedded database (not a timed test): the real server (`server/server.ts`) in a
 * child process on a fresh DATA_DIR, with bench/lib/memory-probe.ts preloaded so the bench can ask it
 * for process.memoryUsage() after a full GC over IPC.
 *
 *   npm run bench:soak -- [--cases 20000] [--warmup 2000] [--concurrency 8]
 *
 * 1. First start on an empty DATA_DIR (the demo district is generated and loaded), memory at listen.
 * 2. Restart on the same DATA_DIR, memory at listen: the start a site sees every day.
 * 3. Warm-up: `warmup` intakes, each followed by a read, then the baseline (heap after GC, RSS).
 * 4. Soak: `cases` more intakes with reads, memory after every quarter; one socket.io client on /live
 *    receives every case as the simulator's viewers would.
 * 5. The embedded PostGIS alone with pglite-postgis's full bundle and with the server's light one
 *    (server/db/postgis-bundle.ts), each in its own process on the soaked DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { BENCH_ACCOUNT, benchCookie } from './lib/bench-account.ts'
import { samplePlaces } from './lib/sample-places.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { io } from 'socket.io-client'

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    /** Child mode: start the embedded PostGIS alone with the full or the light bundle and report memory. */
    'postgis-alone': { type: 'string' },
    'data-dir': { type: 'string' },
  },
})

/** Every request the bench makes carries these (an auth header goes here once the API needs one). */
/** Request headers; the bench account's session cookie is added once the server runs. */
const HEADERS: Record<string, string> = { 'content-type': 'application/json' }

interface Memory {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

if (args['postgis-alone']) void postgisAlone(args['postgis-alone'], args['data-dir']!)
else void main()

async function main() {
  const total = Number(args.cases)
  const warmup = Number(args.warmup)
  const concurrency = Number(args.concurrency)
  const dataDir = mkdtempSync(join(tmpdir(), 'hl-soak-'))
  const load = loadavg()[0]
  const rows: string[] = []
  try {
    let server = await startServer(dataDir)
    const firstStart = await server.memory()
    await server.stop()
    server = await startServer(dataDir)
    const start = await server.memory()
    const base = `http://127.0.0.1:${server.port}`
    HEADERS.cookie = await benchCookie(base)
    const places = await samplePlaces(base, HEADERS)
    const live = io(`${base}/live`, { transports: ['websocket'], reconnection: false, extraHeaders: HEADERS })
    let pushed = 0
    live.on('case-event', () => pushed++)

    let sent = 0
    const run = async (n: number) => {
      const end = sent + n
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent < end) await oneCase(base, places, sent++)
        }),
      )
    }
    const t0 = performance.now()
    await run(warmup)
    const warm = await server.memory()
    rows.push(row(`after warm-up (${warmup} cases)`, warm, warm))
    const quarters = 4
    for (let q = 1; q <= quarters; q++) {
      await run(Math.round(total / quarters))
      rows.push(row(`after ${(warmup + Math.round((total * q) / quarters)).toLocaleString('en')} cases`, await server.memory(), warm))
    }
    const seconds = (performance.now() - t0) / 1000
    const end = await server.memory()
    live.close()
    await server.stop()

    const alone: Record<string, Memory> = {}
    for (const bundle of ['full', 'light']) alone[bundle] = await postgisAloneInChild(bundle, dataDir)

    const mb = (v: number) => `${(v / 1e6).toFixed(0)} MB`
    console.log(`
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${load.toFixed(1)} at start
embedded PostGIS, DATA_DIR on local disk; ${warmup + total} intakes, each followed by a read, ${concurrency} at a time, in ${seconds.toFixed(0)} s (${((warmup + total) / seconds).toFixed(0)} cases/s); /live client received ${pushed}

| server process | RSS | JS heap after GC | external (of which ArrayBuffers) | heap vs warm-up |
|---|---:|---:|---:|---:|
${row('first start (demo loaded), at listen', firstStart, null)}
${row('restart, at listen', start, null)}
${rows.join('\n')}

heap after GC: ${mb(warm.heapUsed)} after warm-up → ${mb(end.heapUsed)} after the soak (${pct(end.heapUsed / warm.heapUsed)}); RSS ${mb(start.rss)} at start → ${mb(end.rss)} after the soak

| embedded PostGIS alone (PGlite 0.5.8, pglite-postgis 0.2.8) | RSS | JS heap | external (of which ArrayBuffers) |
|---|---:|---:|---:|
| full bundle (postgis, raster, topology, tiger geocoder) | ${mb(alone.full.rss)} | ${mb(alone.full.heapUsed)} | ${mb(alone.full.external)} (${mb(alone.full.arrayBuffers)}) |
| light bundle (postgis only; the server's) | ${mb(alone.light.rss)} | ${mb(alone.light.heapUsed)} | ${mb(alone.light.external)} (${mb(alone.light.arrayBuffers)}) |`)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function row(label: string, m: Memory, warm: Memory | null): string {
  const mb = (v: number) => `${(v / 1e6).toFixed(0)} MB`
  return `| ${label} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.external)} (${mb(m.arrayBuffers)}) | ${warm ? pct(m.heapUsed / warm.heapUsed) : ''} |`
}

const pct = (ratio: number) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`

const CATEGORIES = ['water_supply', 'drainage', 'sanitation', 'property_service', 'parking', 'noise', 'elevator', 'street_vending']

/** One intake (a full one: spatial assignment, duplicate check, event, push) and one read of what the dashboard asks. */
async function oneCase(base: string, places: [number, number][], n: number) {
  const p = places[(n * 7919) % places.length]
  const res = await fetch(`${base}/api/cases`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({
      source: 'app', externalId: `soak-${n}`, category: CATEGORIES[n % CATEGORIES.length], title: '浸泡测试',
      description: '楼道灯坏了，晚上看不见。'.repeat(4), location: { lng: p[0], lat: p[1] }, reporter: { name: '测试', phone: '13800000000' },
    }),
  })
  if (res.status !== 201) throw new Error(`intake ${n}: HTTP ${res.status} ${await res.text()}`)
  const { id } = (await res.json()) as { id: number }
  const reads = [`/api/cases/${id}`, '/api/cases?limit=50', '/api/cases/stats?window=24h', `/api/events?after=${Math.max(0, id - 20)}&limit=50`]
  const read = await fetch(base + reads[n % reads.length], { headers: HEADERS })
  if (!read.ok) throw new Error(`read ${reads[n % reads.length]}: HTTP ${read.status} ${await read.text()}`)
  await read.arrayBuffer()
}

interface Server {
  port: number
  memory(): Promise<Memory>
  stop(): Promise<void>
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './bench/lib/memory-probe.ts', 'server/server.ts'], {
    // The first administrator is the bench account; no rate limits on a bench's thousands of intakes.
    // No demo history unless asked for: the figures in BENCHMARKS.md were taken on an empty case log.
    env: {
      DEMO_HISTORY_DAYS: '0',
      ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIMULATE: 'false',
      ADMIN_USERNAME: BENCH_ACCOUNT.username, ADMIN_PASSWORD: BENCH_ACCOUNT.password, RATE_LIMIT: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('serving on')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening:\n${out}`)))
  })
  return {
    port,
    memory: () => ask(child),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function ask(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string } & Memory) => {
      if (m.type !== 'memory') return
      child.off('message', onMessage)
      resolve(m)
    }
    child.on('message', onMessage)
    child.send('memory')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

async function postgisAloneInChild(bundle: string, dataDir: string): Promise<Memory> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--postgis-alone', bundle, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const code = await new Promise((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`embedded PostGIS with the ${bundle} bundle failed (exit ${code})`)
  return JSON.parse(out.trim().split('\n').pop()!) as Memory
}

/** Child mode: what embedded.ts does, with either bundle, then memory after GC. */
async function postgisAlone(bundle: string, dataDir: string) {
  const { setFlagsFromString } = await import('node:v8')
  const { runInNewContext } = await import('node:vm')
  const { PGlite } = await import('@electric-sql/pglite')
  const { postgis } = await import('@electric-sql/pglite-postgis')
  const { lightPostgis } = await import('../server/db/postgis-bundle.ts')
  const db = await PGlite.create({ dataDir, extensions: { postgis: bundle === 'light' ? await lightPostgis() : postgis } })
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  await db.query('SELECT count(*) FROM buildings WHERE ST_Intersects(footprint, ST_Buffer(entrance, 10))')
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  await db.close()
  console.log(JSON.stringify({ rss, heapUsed, external, arrayBuffers }))
}

