import { inject } from 'vitest'
import { connectDatabase, type Database, type DatabaseMode } from '../../server/db/connect.ts'
import { buildApp, type App } from '../../server/app.ts'
import { loadConfig } from '../../server/plugins/infra/config.ts'
import { ensureTestAdmin, sessionCookie, TEST_ADMIN } from './auth.ts'

export interface TestDatabase {
  name: 'embedded' | 'external'
  url: string
  mode: DatabaseMode
}

/** The databases prepared by tests/global-setup.ts: the embedded one, plus TEST_DATABASE_URL if set. */
export function testDatabases(): TestDatabase[] {
  return inject('databases')
}

export interface TestApp {
  /** The app; its `inject` acts as the test administrator unless the request carries its own cookie or key. */
  app: App
  db: Database
  /** Fastify's own inject: no credentials added (an anonymous request unless the test adds some). */
  raw: App['inject']
  /** The test administrator's Cookie header value (for fetch, socket.io and other real HTTP clients). */
  adminCookie: string
  /** Sign in through the API; returns the Cookie header value to send. */
  signIn(username: string, password: string): Promise<string>
  close(): Promise<void>
}

type InjectArg = string | (Record<string, unknown> & { url?: string; headers?: unknown; cookies?: unknown })

/**
 * An app (API only, no web build) on one of the shared test databases. Rate limits are off unless the
 * test's env turns them on (RATE_LIMIT=true), so that tests sending thousands of requests measure
 * behaviour, not the limiter. The background hotspot detector is off too (HOTSPOT_DETECTION=true turns
 * it on): it would reconcile alerts that another file's tests are looking at.
 */
export async function openTestApp(target: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await connectDatabase({ url: target.url, mode: target.mode, poolSize: 4 })
  const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false', HOTSPOT_DETECTION: 'false', ...env }), db, webRoot: false })
  await app.ready()
  await ensureTestAdmin(db.pool)
  const raw = app.inject.bind(app) as App['inject']
  const signIn = async (username: string, password: string) => {
    const res = await raw({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
    if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`)
    return sessionCookie(res.headers['set-cookie'])
  }
  const adminCookie = await signIn(TEST_ADMIN.username, TEST_ADMIN.password)
  const asAdmin = ((opts?: InjectArg, callback?: unknown) => {
    if (opts === undefined) return raw()
    const o: Record<string, unknown> = typeof opts === 'string' ? { url: opts } : { ...opts }
    const headers = { ...((o.headers as Record<string, string> | undefined) ?? {}) }
    const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name)
    if (!has('cookie') && !has('authorization') && !has('x-api-key') && !o.cookies) headers.cookie = adminCookie
    return (raw as (o: unknown, cb?: unknown) => unknown)({ ...o, headers }, callback)
  }) as App['inject']
  app.inject = asAdmin
  return {
    app,
    db,
    raw,
    adminCookie,
    signIn,
    async close() {
      await app.close()
      await db.close()
    },
  }
}
