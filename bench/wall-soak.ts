/**
 * Soak of the wall display (not a timed test): /screen on the demo kiosk key in headless Chromium
 * (software WebGL, as on a kiosk without a GPU) while the simulator feeds the server at a high rate,
 * for `--minutes`. Every 30 s, after a forced garbage collection (CDP HeapProfiler.collectGarbage):
 * the renderer's JS heap in use and its DOM nodes and event listeners (CDP Performance.getMetrics),
 * and how many cases the wall holds. Prints the table, first / last / max, and the slope per minute
 * over the second half (after the start-up has settled), which is what a leak shows as.
 *
 *   npm run bench:wall-soak -- [--minutes 10] [--speed 100] [--per-day 3000] [--every 30]
 *
 * The server runs in a child process (bench/lib/bench-server.ts) on BENCH_DATABASE_URL or the
 * embedded PostGIS; the simulator (server/simulator/run.ts) and the browser are driven from here.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { chromium, type CDPSession, type Page } from 'playwright-core'
import { DEMO_KIOSK_KEY } from '../server/plugins/auth/bootstrap.ts'
import { startSimulation } from '../server/simulator/run.ts'
import { CHROMIUM_PATH } from '../tests/e2e/browser.ts'
import { ensureWebBuilt } from '../tests/e2e/web-build.ts'
import { serveForBench } from './lib/bench-server.ts'

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    'web-root': { type: 'string' },
    minutes: { type: 'string', default: '10' },
    speed: { type: 'string', default: '100' },
    'per-day': { type: 'string', default: '3000' },
    every: { type: 'string', default: '30' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
  },
})

const say = (m: string) => console.log(`[bench:wall-soak] ${m}`)
/** The flags the brief names: headless, no sandbox, no GPU (so SwiftShader), no background networking. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-renderer-backgrounding', '--disable-background-timer-throttling']

if (args.serve) void serveForBench({ webRoot: args['web-root'], config: { LOG_LEVEL: 'warn' } })
else
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })

async function startServer(webRoot: string): Promise<{ child: ChildProcess; base: string; mode: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', '--web-root', webRoot], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /LISTENING (\d+) (\S+) (\S+)/.exec(out)
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, mode: `${m[2]} (PostGIS ${m[3]})` })
    })
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening`)))
  })
}

interface Sample {
  t: number
  heapMb: number
  nodes: number
  listeners: number
  cases: number | null
  snapshots: number | null
}

async function sample(cdp: CDPSession, page: Page, t0: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? NaN
  const state = await page.evaluate(() => (window as unknown as { __screen?: { state(): { cases: number; statsRequests: number } } }).__screen?.state() ?? null)
  return {
    t: (Date.now() - t0) / 60_000,
    heapMb: get('JSHeapUsedSize') / 2 ** 20,
    nodes: get('Nodes'),
    listeners: get('JSEventListeners'),
    cases: state?.cases ?? null,
    snapshots: state?.statsRequests ?? null,
  }
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my)
    den += (xs[i] - mx) ** 2
  }
  return den ? num / den : NaN
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length ? (s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2) : NaN
}

/** The snapshot route's time at demo scale, before the simulator starts: the median of `n` back to back. */
async function snapshotTimes(base: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    const res = await fetch(`${base}/api/wall/snapshot`, { headers: { authorization: `Bearer ${DEMO_KIOSK_KEY}` } })
    if (!res.ok) throw new Error(`snapshot ${res.status}: ${await res.text()}`)
    await res.arrayBuffer()
    out.push(performance.now() - t)
  }
  return out
}

async function main() {
  const minutes = Number(args.minutes)
  const everyMs = Number(args.every) * 1000
  const webRoot = await ensureWebBuilt(say)
  const server = await startServer(webRoot)
  say(`server ${server.base}, ${server.mode}; ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS })
  let sim: Awaited<ReturnType<typeof startSimulation>> | null = null
  try {
    await snapshotTimes(server.base, 2) // the walking model is built on first use
    const idle = await snapshotTimes(server.base, 15)
    say(`GET /api/wall/snapshot, demo scale, idle: median ${median(idle).toFixed(0)} ms (min ${Math.min(...idle).toFixed(0)}, max ${Math.max(...idle).toFixed(0)}, n ${idle.length})`)

    const page = await (await browser.newContext({ viewport: { width: Number(args.width), height: Number(args.height) } })).newPage()
    const snapMs: number[] = []
    page.on('requestfinished', (req) => {
      if (!req.url().includes('/api/wall/snapshot')) return
      const t = req.timing()
      if (t.responseEnd > 0) snapMs.push(t.responseEnd - t.requestStart)
    })
    await page.goto(`${server.base}/screen?kiosk=${encodeURIComponent(DEMO_KIOSK_KEY)}`)
    await page.waitForFunction(() => (window as { __screen?: { idle(): boolean } }).__screen?.idle() === true, undefined, { timeout: 180_000, polling: 500 })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')

    sim = await startSimulation({ url: server.base, speed: Number(args.speed), perDay: Number(args['per-day']), warmup: 40, statusEvery: 0, concurrency: 4, log: () => {} })
    say(`simulator at ×${args.speed}, ${args['per-day']} reports per simulated day; sampling every ${args.every} s for ${minutes} min`)
    const t0 = Date.now()
    const samples: Sample[] = [await sample(cdp, page, t0)]
    while (Date.now() - t0 < minutes * 60_000) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + samples.length * everyMs - Date.now())))
      const s = await sample(cdp, page, t0)
      samples.push(s)
      say(`${s.t.toFixed(1)} min: heap ${s.heapMb.toFixed(1)} MB, ${s.nodes} nodes, ${s.listeners} listeners, ${s.cases} cases, ${s.snapshots} snapshots; simulator posted ${sim.stats.posted}, moved ${sim.stats.transitions}, errors ${sim.stats.errors}`)
    }
    const stats = { ...sim.stats }
    await sim.stop()
    sim = null

    console.log(`\n| min | JS heap used (MB) | DOM nodes | listeners | cases held | snapshots |`)
    console.log(`| --- | --- | --- | --- | --- | --- |`)
    for (const s of samples) console.log(`| ${s.t.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.nodes} | ${s.listeners} | ${s.cases ?? '—'} | ${s.snapshots ?? '—'} |`)
    const second = samples.filter((s) => s.t >= minutes / 2)
    const row = (name: string, f: (s: Sample) => number, digits: number) => {
      const ys = samples.map(f)
      const sl = slope(second.map((s) => s.t), second.map(f))
      return `| ${name} | ${ys[0].toFixed(digits)} | ${ys[ys.length - 1].toFixed(digits)} | ${Math.max(...ys).toFixed(digits)} | ${sl >= 0 ? '+' : ''}${sl.toFixed(digits + 1)} |`
    }
    console.log(`\n| measure | first | last | max | slope per min, second half |`)
    console.log(`| --- | --- | --- | --- | --- |`)
    console.log(row('JS heap used (MB)', (s) => s.heapMb, 1))
    console.log(row('DOM nodes', (s) => s.nodes, 0))
    console.log(row('event listeners', (s) => s.listeners, 0))
    console.log(row('cases held', (s) => s.cases ?? NaN, 0))
    // The wall keeps a day of cases by design (capped): heap that grows only with them is not a leak.
    const perCase = slope(second.map((s) => s.cases ?? NaN), second.map((s) => s.heapMb * 1024))
    console.log(`\nsecond half: ${perCase.toFixed(1)} KB of JS heap per case held more`)
    console.log(
      `\nsimulator: ${stats.posted} cases posted, ${stats.transitions} transitions, ${stats.errors} errors in ${minutes} min; ` +
        `the wall's snapshot requests under load: ${snapMs.length}, median ${median(snapMs).toFixed(0)} ms`,
    )
    say(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  } finally {
    if (sim) await sim.stop()
    await browser.close()
    server.child.kill('SIGTERM')
  }
}
