import { connectDatabase, redact, type Database } from '../../../server/db/connect.ts'
import { migrate } from '../../../server/db/migrate.ts'
import { loadConfig } from '../../../server/plugins/infra/config.ts'
import { ImportError } from './report.ts'
import { embeddedInUse } from './embedded-lock.ts'

/**
 * Open the database exactly as the server does: DATABASE_URL when set, else the embedded PostGIS in
 * DATA_DIR (default .data), validated by the server's own config; then apply pending migrations so an
 * import into a fresh database works before the server ever ran.
 */
export async function openImportDatabase(log: (m: string) => void): Promise<Database> {
  const config = loadConfig()
  if (!config.DATABASE_URL) {
    const holder = embeddedInUse(config.DATA_DIR)
    if (holder) {
      throw new ImportError(
        `the embedded database in ${config.DATA_DIR} is in use by process ${holder} (probably the server): ` +
          'the embedded PostGIS serves one process at a time, so stop the server, import, then start it again ' +
          '(with DATABASE_URL a server and imports can run together)',
      )
    }
  }
  const db = await connectDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, log })
  log(`database: ${db.mode === 'embedded' ? `embedded PostGIS in ${config.DATA_DIR}` : redact(db.url)} (PostGIS ${db.postgis})`)
  const migrated = await migrate(db.pool)
  if (migrated.applied.length) log(`applied migrations: ${migrated.applied.join(', ')}`)
  return db
}
