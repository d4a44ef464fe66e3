/**
 * CPU time of an idle wall display (not a timed test): the wall (/screen on the demo kiosk key) open
 * in headless Chromium with software WebGL (SwiftShader, as on a kiosk without a GPU), nothing
 * arriving, for `--minutes` per window. Two builds of the web app side by side in one run, on the same
 * server and database: the working tree's (`after`) and `--before` (a git ref, built into a cache
 * folder once), alternating window by window so that load from elsewhere on the machine falls on both.
 *
 *   npm run bench:wall -- [--before main] [--minutes 1] [--rounds 3] [--settle 15] [--view screen|explore|planner]
 *
 * --view explore / planner opens the drill-down (as the demo commander) or the planner (as the demo
 * planner) instead of the wall, left alone the same way: a screen left open on a desk.
 *
 * Per window: CPU seconds of the whole browser (every Chromium process: the renderer's main thread,
 * the GPU process where SwiftShader rasterises, the compositor), and the renderer's TaskDuration and
 * ScriptDuration from CDP Performance.getMetrics, each per minute; and how many frames maplibre drew.
 * Medians over the rounds.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildApp } from '../server/app.ts'
import { connectDatabase } from '../server/db/connect.ts'
import { startEmbeddedPostgis } from '../server/db/embedded.ts'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import { DEMO_KIOSK_KEY, DEMO_PASSWORD } from '../server/plugins/auth/bootstrap.ts'
import { loadConfig } from '../server/plugins/infra/config.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/browser.ts'
import { ensureWebBuilt } from '../tests/e2e/web-build.ts'

const { values: args } = parseArgs({
  options: {
    before: { type: 'string', default: 'main' },
    minutes: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    /** Seconds after the wall is idle before a window starts (first tiles, fonts, charts settle). */
    settle: { type: 'string', default: '15' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    view: { type: 'string', default: 'screen' },
  },
})

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const WINDOW_MS = Number(args.minutes) * 60_000
const ROUNDS = Number(args.rounds)
const SETTLE_MS = Number(args.settle) * 1000
const VIEWPORT = { width: Number(args.width), height: Number(args.height) }
const say = (m: string) => console.log(`[bench:wall] ${m}`)
const VIEWS = { screen: null, explore: 'commander', planner: 'planner' } as const
type View = keyof typeof VIEWS
if (!(args.view! in VIEWS)) throw new Error(`--view must be one of ${Object.keys(VIEWS).join(', ')}`)
const VIEW = args.view as View

/** Open the view and wait until it is idle (data loaded, map drawn); the wall signs in with the kiosk key. */
async function openView(page: Page, base: string): Promise<void> {
  const username = VIEWS[VIEW]
  if (username === null) {
    await page.goto(`${base}/screen?kiosk=${encodeURIComponent(DEMO_KIOSK_KEY)}`)
  } else {
    const res = await page.request.post(`${base}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } })
    if (!res.ok()) throw new Error(`signing in as ${username}: HTTP ${res.status()}`)
    await page.goto(`${base}/${VIEW}`)
  }
  await page.waitForFunction(
    (name) => (window as unknown as Record<string, { idle(): boolean } | undefined>)[`__${name}`]?.idle() === true,
    VIEW,
    { timeout: 120_000, polling: 500 },
  )
}

/** The web app of a git ref, built once into a cache folder named by its commit. */
async function buildRef(ref: string): Promise<{ sha: string; webRoot: string }> {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim()
  const dir = join(tmpdir(), 'hongse-bench-wall', sha)
  const webRoot = join(dir, 'dist/web')
  if (existsSync(join(webRoot, 'index.html'))) return { sha, webRoot }
  // The web app imports shared code from server/ (the vocabulary), so both come out of the ref.
  say(`building the web app of ${ref} (${sha}) into ${dir}…`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const tar = execFileSync('git', ['archive', sha, 'web', 'server', 'vite.config.ts', 'tsconfig.json', 'package.json'], { cwd: ROOT, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', dir], { input: tar })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  const { build } = await import('vite')
  await build({ configFile: join(dir, 'vite.config.ts'), logLevel: 'warn' })
  return { sha, webRoot }
}

/** Every process below this one (the browser and its renderer, GPU and utility processes). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>()
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = parents.get(ppid) ?? []
      list.push(Number(e))
      parents.set(ppid, list)
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = []
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c)
      walk(c)
    }
  }
  walk(pid)
  return out
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

/** CPU seconds (user + system) used so far by the given processes, those that still run. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0
  for (const p of pids) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').slice(0, 4096)
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ')
      ticks += Number(rest[11]) + Number(rest[12])
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS
}

interface WindowResult {
  browserCpuS: number
  taskS: number
  scriptS: number
  frames: number
}

async function idleWindow(base: string): Promise<WindowResult> {
  // A browser of its own per window: its processes are then exactly the new children of this one.
  const before = new Set(descendants(process.pid))
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const pids = descendants(process.pid).filter((p) => !before.has(p))
    const page: Page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
    // Who asks for animation frames: a loop that never stops is what keeps an idle page busy.
    await page.addInitScript(() => {
      const w = window as unknown as { __raf: Record<string, number>; __rafOn: boolean }
      w.__raf = {}
      w.__rafOn = false
      const raf = window.requestAnimationFrame.bind(window)
      window.requestAnimationFrame = (cb) => {
        if (w.__rafOn) {
          const line = (new Error().stack ?? '').split('\n')[2] ?? '?'
          const key = line.replace(/^\s*at\s*/, '').replace(/\?[^:)]*/, '').replace(/https?:\/\/[^/]+\//, '').replace(/:\d+\)?$/, '')
          w.__raf[key] = (w.__raf[key] ?? 0) + 1
        }
        return raf(cb)
      }
    })
    await openView(page, base)
    await page.waitForTimeout(SETTLE_MS)
    await page.evaluate(() => {
      const w = window as unknown as { __map?: { on(e: string, f: () => void): void }; __frames?: number }
      w.__frames = 0
      ;(window as unknown as { __rafOn: boolean }).__rafOn = true
      w.__map?.on('render', () => void (w.__frames = (w.__frames ?? 0) + 1))
    })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const metrics = async () => {
      const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      const get = (n: string) => m.find((x) => x.name === n)?.value ?? 0
      return { task: get('TaskDuration'), script: get('ScriptDuration') }
    }
    const all = () => [...new Set([...pids, ...descendants(process.pid).filter((p) => !before.has(p))])]
    const m0 = await metrics()
    const c0 = cpuSeconds(all())
    // The window itself: the page is left alone, as a wall is.
    await new Promise((r) => setTimeout(r, WINDOW_MS))
    const c1 = cpuSeconds(all())
    const m1 = await metrics()
    const frames = await page.evaluate(() => (window as { __frames?: number }).__frames ?? -1)
    const perMin = 60_000 / WINDOW_MS
    const raf = await page.evaluate(() => (window as unknown as { __raf: Record<string, number> }).__raf)
    const top = Object.entries(raf).sort((a, b) => b[1] - a[1]).slice(0, 4)
    say(`  animation frames requested per min: ${top.map(([k, n]) => `${Math.round(n * perMin)} from ${k}`).join('; ') || 'none'}`)
    return {
      browserCpuS: (c1 - c0) * perMin,
      taskS: (m1.task - m0.task) * perMin,
      scriptS: (m1.script - m0.script) * perMin,
      frames: Math.round(frames * perMin),
    }
  } finally {
    await browser.close()
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

async function main() {
  const beforeBuild = await buildRef(args.before!)
  const afterRoot = await ensureWebBuilt(say)
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'web'], { cwd: ROOT, encoding: 'utf8' }).trim() ? '+changes' : ''

  const embedded = await startEmbeddedPostgis({ maxConnections: 32, log: say })
  const db = await connectDatabase({ url: embedded.url, mode: 'embedded', poolSize: 6 })
  await migrate(db.pool)
  await ensureDemoData(db.pool, { seed: 20240701, scale: 1, log: say })

  const servers: { name: string; base: string; close: () => Promise<void> }[] = []
  for (const [name, webRoot] of [
    [`before (${args.before} ${beforeBuild.sha})`, beforeBuild.webRoot],
    [`after (${head}${dirty})`, afterRoot],
  ] as const) {
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false', LOG_LEVEL: 'warn' }), db, webRoot })
    await app.listen({ port: 0, host: '127.0.0.1' })
    servers.push({ name, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() })
  }

  const results = new Map<string, WindowResult[]>(servers.map((s) => [s.name, []]))
  say(`/${VIEW}; ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${VIEWPORT.width}×${VIEWPORT.height}, ${ROUNDS} rounds of ${args.minutes} min`)
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so neither always follows the other's browser shutting down.
    const order = round % 2 ? servers : [...servers].reverse()
    for (const s of order) {
      const r = await idleWindow(s.base)
      results.get(s.name)!.push(r)
      say(`round ${round} ${s.name}: browser ${r.browserCpuS.toFixed(2)} CPU s/min, renderer tasks ${r.taskS.toFixed(2)} s/min (script ${r.scriptS.toFixed(2)}), ${r.frames} map frames/min`)
    }
  }

  console.log(`\n| build | browser CPU s/min | renderer TaskDuration s/min | ScriptDuration s/min | map frames/min |`)
  console.log(`| --- | --- | --- | --- | --- |`)
  for (const [name, rs] of results) {
    const m = (f: (r: WindowResult) => number) => median(rs.map(f))
    console.log(`| ${name} | ${m((r) => r.browserCpuS).toFixed(2)} | ${m((r) => r.taskS).toFixed(2)} | ${m((r) => r.scriptS).toFixed(2)} | ${m((r) => r.frames)} |`)
  }
  say(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)

  for (const s of servers) await s.close()
  await db.close()
  await embedded.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
