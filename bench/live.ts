/**
 * Live cases benchmark (not a timed test): start a server in a child process, connect N socket.io
 * clients to /live, post cases at a fixed rate for a bounded time, then print the sustained intake
 * rate, POST → client latency (p50/p99), and what was lost or doubled.
 *
 *   npm run bench:live -- [--clients 200] [--rate 1000] [--seconds 15] [--embedded] [--url http://host:port]
 *
 * Uses DATABASE_URL, else TEST_DATABASE_URL (a real PostgreSQL + PostGIS; its demo district is loaded
 * if missing), else (or with --embedded) an in-memory embedded PostGIS. Every POST is a full intake:
 * validation, CRS, spatial assignment (building, grid, community, street), duplicate check, case row
 * and event in one commit, then the push. Client and server share the machine.
 */
import { benchCookie } from './lib/bench-account.ts'
import { serveForBench } from './lib/bench-server.ts'
import { samplePlaces } from './lib/sample-places.ts'
import { spawn, type ChildProcess } from 'node:child_process'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { io, type Socket } from 'socket.io-client'
import { percentile } from '../server/domain/cases/kpi.ts'

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    embedded: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    /** A server that is already running (then nothing is started). */
    url: { type: 'string' },
    'max-in-flight': { type: 'string', default: '256' },
  },
})

if (args.serve) void serve()
else void main()

/** Child mode: the server under test, API only, printing its port when listening. */
function serve() {
  return serveForBench()
}

interface Received {
  ids: number[]
  at: Map<number, number>
}

async function main() {
  const clients = Number(args.clients)
  const rate = Number(args.rate)
  const seconds = Number(args.seconds)
  const maxInFlight = Number(args['max-in-flight'])
  const dbUrl = args.embedded ? undefined : process.env.DATABASE_URL || process.env.TEST_DATABASE_URL
  const runId = Date.now().toString(36)
  const prefix = `bench-${runId}-`
  const { child, port, mode } = args.url ? { child: null, port: 0, mode: `running server ${args.url}` } : await startServer(dbUrl)
  const base = args.url ?? `http://127.0.0.1:${port}`
  try {
    // Against --url, sign in as BENCH_USER/BENCH_PASSWORD (an account allowed to post and read every case).
    const cookie = await benchCookie(base, process.env.BENCH_USER ? { username: process.env.BENCH_USER, password: process.env.BENCH_PASSWORD ?? '' } : undefined)
    const places = await samplePlaces(base, { cookie })
    const sockets: Socket[] = []
    const received: Received[] = []
    const caughtUp: number[] = []
    for (let i = 0; i < clients; i++) {
      const r: Received = { ids: [], at: new Map() }
      received.push(r)
      const s = io(`${base}/live`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
      s.on('case-event', (m: { id: number; type: string; case: { externalId: string } }) => {
        if (m.type !== 'created' || !m.case.externalId?.startsWith(prefix)) return
        r.ids.push(m.id)
        r.at.set(Number(m.case.externalId.slice(prefix.length)), performance.now())
      })
      s.once('caught-up', (m: { lastEventId: number }) => caughtUp.push(m.lastEventId))
      sockets.push(s)
    }
    await until(() => caughtUp.length === clients, 30_000, `${clients} clients to connect`)
    // Warm up (first queries plan, JIT compiles); these cases are not counted.
    for (let i = 0; i < 50; i++) {
      const p = places[(i * 7919) % places.length]
      await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ source: 'app', externalId: `warmup-${runId}-${i}`, category: 'noise', title: '预热', location: { lng: p[0], lat: p[1] } }),
      }).then((r) => r.arrayBuffer())
    }
    console.log(`${clients} clients connected; posting ${rate} cases/s for ${seconds} s to a ${mode} database…`)

    const sentAt: number[] = []
    const httpMs: number[] = []
    let ok = 0
    let failed = 0
    let skipped = 0
    let inFlight = 0
    const total = Math.round(rate * seconds)
    const t0 = performance.now()
    let next = 0
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate))
        for (; next < due; next++) {
          if (inFlight >= maxInFlight) {
            skipped++ // the server is not keeping up: count it rather than queue without bound
            continue
          }
          const n = next
          const p = places[n % places.length]
          inFlight++
          sentAt[n] = performance.now()
          fetch(`${base}/api/cases`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({
              source: 'app', externalId: `${prefix}${n}`, category: CATEGORIES[n % CATEGORIES.length], title: '压测诉求',
              location: { lng: p[0] + jitter(n), lat: p[1] + jitter(n + 7) }, reporter: { name: '测试', phone: '13800000000' },
            }),
          })
            .then(async (res) => {
              await res.arrayBuffer()
              if (res.status === 201) ok++
              else failed++
              httpMs.push(performance.now() - sentAt[n])
            })
            .catch(() => failed++)
            .finally(() => inFlight--)
        }
        if (next >= total) {
          clearInterval(tick)
          done()
        }
      }, 5)
    })
    await until(() => inFlight === 0, 60_000, 'the last responses')
    const postSeconds = (performance.now() - t0) / 1000
    // Give pushes a moment to arrive, then count.
    await until(() => received.every((r) => r.at.size >= ok), 15_000, 'every client to receive every case').catch(() => {})

    const latencies: number[] = []
    let lost = 0
    let duplicated = 0
    let outOfOrder = 0
    for (const r of received) {
      lost += ok - r.at.size
      duplicated += r.ids.length - new Set(r.ids).size
      outOfOrder += r.ids.filter((id, i) => i > 0 && id <= r.ids[i - 1]).length
      for (const [n, t] of r.at) latencies.push(t - sentAt[n])
    }
    const disconnected = sockets.filter((s) => !s.connected).length
    const counts = received.map((r) => r.at.size).sort((a, b) => a - b)
    if (lost > 0) console.log(`clients disconnected at the end: ${disconnected}; received per client: min ${counts[0]}, median ${counts[counts.length >> 1]}, max ${counts[counts.length - 1]}`)
    for (const s of sockets) s.close()
    const f = (v: number | null) => (v === null ? '–' : v.toFixed(1))
    console.log(`
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}
database: ${mode}; ${clients} clients; offered ${rate}/s for ${seconds} s (max ${maxInFlight} requests in flight)
intake: ${ok} created, ${failed} failed, ${skipped} not sent (in-flight cap) in ${postSeconds.toFixed(1)} s → sustained ${(ok / postSeconds).toFixed(0)} cases/s
POST round trip: p50 ${f(percentile(httpMs, 0.5))} ms, p99 ${f(percentile(httpMs, 0.99))} ms
POST → client receipt (${latencies.length} deliveries): p50 ${f(percentile(latencies, 0.5))} ms, p99 ${f(percentile(latencies, 0.99))} ms, max ${f(latencies.reduce((m, v) => Math.max(m, v), 0))} ms
lost: ${lost}, duplicated: ${duplicated}, out of order: ${outOfOrder}`)
  } finally {
    child?.kill('SIGTERM')
  }
}

const CATEGORIES = ['water_supply', 'drainage', 'sanitation', 'property_service', 'parking', 'noise', 'elevator', 'street_vending']
/** A few metres of spread so that reports do not all sit on one spot (they are still duplicates-prone). */
const jitter = (n: number) => (((n * 2654435761) % 1000) / 1000 - 0.5) * 0.0002

async function startServer(url: string | undefined): Promise<{ child: ChildProcess; port: number; mode: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve'], {
    env: { ...process.env, BENCH_DATABASE_URL: url ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /LISTENING (\d+) (\S+) (\S+)/.exec(out)
      if (m) resolve({ child, port: Number(m[1]), mode: `${m[2]} (PostGIS ${m[3]})` })
    })
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening`)))
  })
}


async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
