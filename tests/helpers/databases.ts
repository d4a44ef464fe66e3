import { inject } from 'vitest'
import { connectDatabase, type Database, type DatabaseMode } from '../../server/db/connect.ts'
import { buildApp, type App } from '../../server/app.ts'
import { loadConfig } from '../../server/plugins/infra/config.ts'

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
  app: App
  db: Database
  close(): Promise<void>
}

/** An app (API only, no web build) on one of the shared test databases. */
export async function openTestApp(target: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await connectDatabase({ url: target.url, mode: target.mode, poolSize: 4 })
  const app = await buildApp({ config: loadConfig(env), db, webRoot: false })
  await app.ready()
  return {
    app,
    db,
    async close() {
      await app.close()
      await db.close()
    },
  }
}
