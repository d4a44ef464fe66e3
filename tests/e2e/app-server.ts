/**
 * The server a browser test talks to: the real app, started in-process on a free loopback port over the
 * run's shared test database (tests/global-setup.ts), serving the built web app. E2E_BASE_URL points
 * the tests at an already running server instead (handy while developing the web app).
 */
import type { AddressInfo } from 'node:net'

export interface RunningServer {
  base: string
  close(): Promise<void>
}

export async function startServer(webRoot: string): Promise<RunningServer> {
  const external = process.env.E2E_BASE_URL
  if (external) return { base: external.replace(/\/+$/, ''), close: async () => {} }

  // Imported here so that pointing at an external server needs none of the server's modules.
  const { testDatabases } = await import('../helpers/databases.ts')

  const target = testDatabases()[0]
  if (!target) throw new Error('no test database: run through vitest with tests/global-setup.ts, or set E2E_BASE_URL')
  return startServerOn(webRoot, target.url, target.mode)
}

/** The real app on a given database (e.g. one a test imported a district into), on a free loopback port. */
export async function startServerOn(webRoot: string, url: string, mode: 'embedded' | 'external'): Promise<RunningServer> {
  const { connectDatabase } = await import('../../server/db/connect.ts')
  const { buildApp } = await import('../../server/app.ts')
  const { loadConfig } = await import('../../server/plugins/infra/config.ts')
  const db = await connectDatabase({ url, mode, poolSize: 4 })
  const app = await buildApp({ config: loadConfig({}), db, webRoot })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    async close() {
      await app.close()
      await db.close()
    },
  }
}
