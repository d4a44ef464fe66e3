import { fork } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { buildApp, DEFAULT_WEB_ROOT } from './app.ts'
import { ConfigError, loadConfig } from './plugins/infra/config.ts'
import { connectDatabase, DatabaseError, redact } from './db/connect.ts'
import { migrate } from './db/migrate.ts'
import { ensureDemoData } from './db/seed.ts'
import { ensureDemoHistory } from './db/seed-history.ts'
import { insertPlants } from './db/planted-hotspots.ts'
import type { PlantedHotspot } from './simulator/model.ts'
import { ensureAdmin } from './plugins/auth/bootstrap.ts'
import { consoleLastResortLog, installLastResort, type LastResortLog } from './lib/last-resort.ts'

const say = (m: string) => console.log(`[红色领航] ${m}`)
const WEB_SRC = new URL('../web/', import.meta.url).pathname

async function main() {
  let log: LastResortLog = consoleLastResortLog
  installLastResort(() => log)
  const config = loadConfig()
  const db = await connectDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    log: say,
  })
  say(`database: ${db.mode === 'embedded' ? `embedded PostGIS in ${config.DATA_DIR}` : redact(db.url)} (PostGIS ${db.postgis})`)
  const migrated = await migrate(db.pool)
  if (migrated.applied.length) say(`applied migrations: ${migrated.applied.join(', ')}`)
  const adminPassword = await ensureAdmin(db.pool, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD, log: say })
  if (config.DEMO_DATA) {
    await ensureDemoData(db.pool, { seed: config.DEMO_SEED, scale: config.DEMO_SCALE, log: say })
    await ensureDemoHistory(db.pool, { seed: config.DEMO_SEED, days: config.DEMO_HISTORY_DAYS, perDay: config.DEMO_HISTORY_PER_DAY, log: say })
  }

  await ensureWebBuilt()
  const app = await buildApp({ config, db, logger: { level: config.LOG_LEVEL } })
  log = app.log
  let simulation: { stop(): Promise<void> } | undefined
  const close = async (signal: string) => {
    say(`${signal}: closing`)
    const timer = setTimeout(() => process.exit(1), 10_000).unref()
    try {
      await simulation?.stop()
      await app.close()
      await db.close()
    } finally {
      clearTimeout(timer)
      process.exit(0)
    }
  }
  process.once('SIGINT', () => void close('SIGINT'))
  process.once('SIGTERM', () => void close('SIGTERM'))
  await app.listen({ port: config.PORT, host: config.HOST })
  say(`serving on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`)
  // Again at the end, where it is not scrolled away by the demo's loading lines.
  if (adminPassword) say(`administrator '${config.ADMIN_USERNAME}', password shown only this once: ${adminPassword}`)
  if (config.SIMULATE) {
    const { startSimulation } = await import('./simulator/run.ts')
    const port = (app.server.address() as { port: number }).port
    const host = ['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : config.HOST
    const onPlant = (p: PlantedHotspot) => void insertPlants(db.pool, [p], 'simulator').catch((err) => say(`recording a planted hotspot: ${(err as Error).message}`))
    simulation = await startSimulation({ url: `http://${host}:${port}`, speed: config.SIMULATE_SPEED, log: say, onPlant }).catch((err) => {
      say(`simulator not started: ${(err as Error).message}`)
      return undefined
    })
  }
}

/** Build the web app on first start (or after its sources changed) so `npm start` is enough. */
async function ensureWebBuilt() {
  if (!existsSync(WEB_SRC)) return
  const index = join(DEFAULT_WEB_ROOT, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(WEB_SRC)) return
  say('building the web app (first start, or its sources changed)…')
  // In a child process: a build in the server's own process left it ~700 MB larger for good (measured).
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js')
  const config = new URL('../vite.config.ts', import.meta.url).pathname
  const child = fork(vite, ['build', '--config', config, '--logLevel', 'warn'], { execArgv: [], stdio: 'inherit' })
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve))
  if (code !== 0) throw new Error(`building the web app failed (vite exited with code ${code})`)
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DatabaseError) console.error(`[红色领航] ${err.message}`)
  else console.error('[红色领航] failed to start:', err)
  process.exit(1)
})
