/**
 * The server under test in a bench's child process: the API only (no web app) on the demo district, over
 * BENCH_DATABASE_URL or the embedded PostGIS, rate limits off (a bench sends back to back on purpose), the
 * bench account in place. Prints `LISTENING <port> <mode> <postgis>` for the parent and closes on SIGTERM.
 */
import { ensureBenchAccount } from './bench-account.ts'

/**
 * `config` adds settings (e.g. ENGINE_WORKERS); `listening` runs once the port is open, before the line is
 * printed; `webRoot` serves a built web app too (a bench that drives the wall in a browser).
 */
export async function serveForBench(
  opts: { config?: Record<string, string | undefined>; listening?: () => void; webRoot?: string } = {},
): Promise<void> {
  const { connectDatabase } = await import('../../server/db/connect.ts')
  const { migrate } = await import('../../server/db/migrate.ts')
  const { ensureDemoData } = await import('../../server/db/seed.ts')
  const { buildApp } = await import('../../server/app.ts')
  const { loadConfig } = await import('../../server/plugins/infra/config.ts')
  const db = await connectDatabase({ url: process.env.BENCH_DATABASE_URL || undefined, log: (m) => console.error(m) })
  await migrate(db.pool)
  await ensureDemoData(db.pool, { seed: 20240701, scale: 1, log: (m) => console.error(m) })
  await ensureBenchAccount(db.pool)
  const app = await buildApp({ config: loadConfig({ ...opts.config, RATE_LIMIT: 'false' }), db, webRoot: opts.webRoot ?? false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  opts.listening?.()
  console.log(`LISTENING ${(app.server.address() as { port: number }).port} ${db.mode} ${db.postgis}`)
  process.once('SIGTERM', async () => {
    await app.close()
    await db.close()
    process.exit(0)
  })
}
