/**
 * The server a browser test talks to: the real app, started in-process on a free loopback port over the
 * run's shared test database (tests/global-setup.ts), serving the built web app. E2E_BASE_URL points
 * the tests at an already running server instead (handy while developing the web app).
 */
import type { AddressInfo } from 'node:net'

export interface RunningServer {
  base: string
  /** A signed-in administrator's Cookie header value (`hl_session=…`), for the API client and the pages. */
  cookie: string
  close(): Promise<void>
}

/** Sign in as the test administrator (tests/helpers/auth.ts), or as E2E_USER / E2E_PASSWORD against an external server. */
async function adminCookie(base: string): Promise<string> {
  const { signInOverHttp, TEST_ADMIN } = await import('../helpers/auth.ts')
  return signInOverHttp(base, process.env.E2E_USER ?? TEST_ADMIN.username, process.env.E2E_PASSWORD ?? TEST_ADMIN.password)
}

export async function startServer(webRoot: string): Promise<RunningServer> {
  const external = process.env.E2E_BASE_URL
  if (external) {
    const base = external.replace(/\/+$/, '')
    return { base, cookie: await adminCookie(base), close: async () => {} }
  }

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
  const { ensureTestAdmin } = await import('../helpers/auth.ts')
  const db = await connectDatabase({ url, mode, poolSize: 4 })
  await ensureTestAdmin(db.pool)
  const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false' }), db, webRoot })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  return {
    base,
    cookie: await adminCookie(base),
    async close() {
      await app.close()
      await db.close()
    },
  }
}
