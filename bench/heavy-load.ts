/**
 * Heavy engine work against everything else (not a timed test): the server in a child process, the
 * most expensive what-if the schema allows sent back to back, and /api/health asked at a steady rate
 * meanwhile (open loop: a stalled server shows as many slow answers, not one). Run twice in one go:
 * ENGINE_WORKERS=0 (the engine in the request thread, as before) and the default worker pool.
 *
 *   npm run bench:heavy -- [--seconds 30] [--rate 20] [--what-ifs 1] [--workers 1] [--embedded]
 *
 * Uses DATABASE_URL, else TEST_DATABASE_URL (its demo district is loaded if missing), else (or with
 * --embedded) an in-memory embedded PostGIS.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { benchCookie } from './lib/bench-account.ts'
import { serveForBench } from './lib/bench-server.ts'
import { cpus, loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { percentile } from '../server/domain/cases/kpi.ts'
import { LIMITS } from '../server/plugins/coverage/schemas.ts'

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '20' },
    'what-ifs': { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    embedded: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
})

/** Every request the bench makes carries these (an auth header goes here once the API needs one). */
const HEADERS: Record<string, string> = { 'content-type': 'application/json' }

if (args.serve) void serve()
else void main()

/** Child mode: the server under test, API only, printing its port when listening. */
function serve() {
  return serveForBench({
    config: { ENGINE_WORKERS: process.env.ENGINE_WORKERS },
    // The request thread's own view: how late its event loop ran, whatever the client saw.
    listening() {
      const delay = monitorEventLoopDelay({ resolution: 10 })
      delay.enable()
      process.on('SIGUSR2', () => {
        console.log(`LOOP ${delay.percentile(50) / 1e6} ${delay.percentile(99) / 1e6} ${delay.max / 1e6}`)
        delay.reset()
      })
    },
  })
}

interface Figures {
  label: string
  health: number[]
  healthFailed: number
  whatIf: number[]
  whatIfFailed: number
  whatIfBytes: number
  /** The server's event-loop delay p50, p99, max (ms). */
  loop?: number[]
}

async function main() {
  const seconds = Number(args.seconds)
  const rate = Number(args.rate)
  const dbUrl = args.embedded ? undefined : process.env.DATABASE_URL || process.env.TEST_DATABASE_URL
  const load = loadavg()[0]
  const runs: Figures[] = []
  let body: unknown
  let mode = ''
  for (const workers of ['0', args.workers]) {
    const { child, port, db } = await startServer(dbUrl, workers)
    mode = db
    const base = `http://127.0.0.1:${port}`
    try {
      HEADERS.cookie = await benchCookie(base)
      body ??= await heaviestWhatIf(base)
      // The model and the baseline for these minutes are built once; not counted.
      await postWhatIf(base, body)
      await loopDelay(child)
      const label = workers === '0' ? 'in the request thread (ENGINE_WORKERS=0, as before)' : `in ${workers} worker thread${workers === '1' ? '' : 's'} (ENGINE_WORKERS=${workers})`
      const fig = await measure(base, body, seconds, rate, Number(args['what-ifs']), label)
      fig.loop = await loopDelay(child)
      runs.push(fig)
    } finally {
      await stop(child)
    }
  }
  const f = (v: number | null) => (v === null ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0))
  const b = body as { add: unknown[]; move: unknown[]; remove: unknown[]; minutes: number[] }
  console.log(`
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${load.toFixed(1)} at start
database: ${mode}; demo district scale 1; ${seconds} s per run; /api/health asked ${rate}×/s (open loop); ${args['what-ifs']} what-if client(s) back to back
what-if (the heaviest allowed): ${b.add.length} added, ${b.move.length} moved, ${b.remove.length} removed, minutes ${b.minutes.join(',')}, with their isochrones (${(runs[0].whatIfBytes / 1e6).toFixed(1)} MB answer)

| engine | /api/health p50 | p99 | max | health answers | server event-loop delay p99 / max | what-if p50 | what-ifs answered |
|---|---:|---:|---:|---:|---:|---:|---:|
${runs.map((r) => `| ${r.label} | ${f(percentile(r.health, 0.5))} ms | ${f(percentile(r.health, 0.99))} ms | ${f(Math.max(...r.health))} ms | ${r.health.length}${r.healthFailed ? ` (+${r.healthFailed} failed)` : ''} | ${f(r.loop![1])} / ${f(r.loop![2])} ms | ${f(percentile(r.whatIf, 0.5))} ms | ${r.whatIf.length}${r.whatIfFailed ? ` (+${r.whatIfFailed} failed)` : ''} |`).join('\n')}`)
}

async function measure(base: string, body: unknown, seconds: number, rate: number, clients: number, label: string): Promise<Figures> {
  const fig: Figures = { label, health: [], healthFailed: 0, whatIf: [], whatIfFailed: 0, whatIfBytes: 0 }
  const end = performance.now() + seconds * 1000
  const heavy = Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const t = performance.now()
      try {
        fig.whatIfBytes = await postWhatIf(base, body)
        fig.whatIf.push(performance.now() - t)
      } catch {
        fig.whatIfFailed++
      }
    }
  })
  const probes: Promise<void>[] = []
  const t0 = performance.now()
  let sent = 0
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate)
      for (; sent < due; sent++) {
        const t = performance.now()
        probes.push(
          fetch(`${base}/api/health`, { headers: HEADERS })
            .then(async (r) => {
              await r.arrayBuffer()
              if (!r.ok) throw new Error(String(r.status))
              fig.health.push(performance.now() - t)
            })
            .catch(() => void fig.healthFailed++),
        )
      }
      if (performance.now() >= end) {
        clearInterval(tick)
        done()
      }
    }, 5)
  })
  await Promise.all([...heavy, ...probes])
  return fig
}

async function postWhatIf(base: string, body: unknown): Promise<number> {
  const res = await fetch(`${base}/api/coverage/what-if`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) })
  const bytes = (await res.arrayBuffer()).byteLength
  if (res.status !== 200) throw new Error(`what-if: HTTP ${res.status}`)
  return bytes
}

/**
 * The most expensive what-if the schema allows: every station list at its limit (removals: the in-service
 * stations not moved), as many minute values as allowed at the largest the isochrones allow, isochrones on.
 */
async function heaviestWhatIf(base: string) {
  const stations = (await (await fetch(`${base}/api/stations?status=in_service`, { headers: HEADERS })).json()) as {
    features: { properties: { id: string } }[]
  }
  const { district } = (await (await fetch(`${base}/api/config`, { headers: HEADERS })).json()) as { district: { bbox: number[] } }
  const [x0, y0, x1, y1] = district.bbox
  // Spread over the district on a low-discrepancy sequence, so no two isochrones are alike.
  const at = (i: number) => ({ lng: x0 + (x1 - x0) * ((0.5 + i * 0.618034) % 1), lat: y0 + (y1 - y0) * ((0.5 + i * 0.754878) % 1) })
  const ids = stations.features.map((f) => f.properties.id)
  const move = ids.slice(0, LIMITS.move).map((id, i) => ({ id, ...at(1000 + i) }))
  return {
    add: Array.from({ length: LIMITS.add }, (_, i) => at(i)),
    move,
    remove: ids.slice(move.length, move.length + LIMITS.remove),
    minutes: Array.from({ length: LIMITS.whatIfIsochroneMinuteValues }, (_, i) => LIMITS.maxIsochroneMinutes - i).reverse(),
    isochrones: true,
  }
}

async function startServer(url: string | undefined, workers: string): Promise<{ child: ChildProcess; port: number; db: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve'], {
    env: { ...process.env, BENCH_DATABASE_URL: url ?? '', ENGINE_WORKERS: workers },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /LISTENING (\d+) (\S+)/.exec(out)
      if (m) resolve({ child, port: Number(m[1]), db: m[2] === 'embedded' ? 'embedded PostGIS (in memory)' : 'PostgreSQL + PostGIS on loopback' })
    })
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening`)))
  })
}

/** The server child's event-loop delay since the last ask (and a fresh start for the next). */
function loopDelay(child: ChildProcess): Promise<number[]> {
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      const m = /LOOP (\S+) (\S+) (\S+)/.exec(String(d))
      if (!m) return
      child.stdout!.off('data', onData)
      resolve(m.slice(1).map(Number))
    }
    child.stdout!.on('data', onData)
    child.kill('SIGUSR2')
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
