import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { startEmbeddedPostgis, type EmbeddedPostgis } from '../server/db/embedded.ts'
import { migrate } from '../server/db/migrate.ts'
import { ensureDemoData } from '../server/db/seed.ts'
import type { TestDatabase } from './helpers/databases.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databases: TestDatabase[]
  }
}

// The demo district the tests run on: the default seed at scale 1, as `npm start` loads it.
export const TEST_SEED = 20240701

const log = (m: string) => console.log(`[test-db] ${m}`)

interface Shared {
  ready: Promise<{ databases: TestDatabase[]; close: () => Promise<void> }>
  users: number
}
// The db and e2e projects both list this file; vitest runs each project's global setup in the main
// process, so a slot on globalThis lets them share one database and close it after the last one.
const SLOT = Symbol.for('hongse-linghang.test-databases')
const slots = globalThis as unknown as Record<symbol, Shared | undefined>

/**
 * One embedded PostGIS per test run (creating one costs ~10–20 s), migrated and loaded with the demo
 * district; with TEST_DATABASE_URL the same is done on that server after resetting its public schema.
 * Test files connect to both through `pg`, as the server does. Pure test files (the `unit` project)
 * never come here.
 */
export default async function setup(project: TestProject) {
  const shared = (slots[SLOT] ??= { ready: prepare(), users: 0 })
  shared.users++
  const { databases, close } = await shared.ready
  project.provide('databases', databases)
  return async () => {
    if (--shared.users === 0) {
      slots[SLOT] = undefined
      await close()
    }
  }
}

async function prepare() {
  const databases: TestDatabase[] = []
  const embedded: EmbeddedPostgis = await startEmbeddedPostgis({ maxConnections: 64, log })
  databases.push({ name: 'embedded', url: embedded.url, mode: 'embedded' })

  const externalUrl = process.env.TEST_DATABASE_URL
  if (externalUrl) {
    await resetExternal(externalUrl)
    databases.push({ name: 'external', url: externalUrl, mode: 'external' })
  } else {
    log('TEST_DATABASE_URL not set: database tests run on the embedded PostGIS only')
  }

  for (const d of databases) {
    const pool = new pg.Pool({ connectionString: d.url, max: 3 })
    try {
      await migrate(pool)
      await ensureDemoData(pool, { seed: TEST_SEED, scale: 1, log: (m) => log(`${d.name}: ${m}`) })
    } finally {
      await pool.end()
    }
  }
  return { databases, close: () => embedded.close() }
}

/** Start the external test database from an empty public schema, keeping PostGIS and pgRouting. */
async function resetExternal(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  try {
    await pool.query('DROP SCHEMA IF EXISTS public CASCADE')
    await pool.query('CREATE SCHEMA public')
    await pool.query('CREATE EXTENSION IF NOT EXISTS postgis')
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pgrouting')
    } catch (err) {
      log(`pgRouting is not available on TEST_DATABASE_URL (${(err as Error).message}); its tests will skip`)
    }
  } finally {
    await pool.end()
  }
}
