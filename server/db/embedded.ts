import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { serveWire } from './pglite-wire.ts'
import { lightPostgis } from './postgis-bundle.ts'

export interface EmbeddedPostgis {
  /** A postgres:// URL on a loopback port that `pg` connects to like any server. */
  url: string
  close(): Promise<void>
}

export interface EmbeddedOptions {
  /** Folder for the database files; undefined keeps it in memory (tests). */
  dataDir?: string
  /** Connections the wire server accepts; the pg pools must stay below it. @default 32 */
  maxConnections?: number
  log?: (message: string) => void
}

/**
 * Start PGlite with PostGIS and serve it on 127.0.0.1 over the PostgreSQL wire protocol, so the rest of
 * the server talks to it through `pg` exactly as it talks to a real PostgreSQL. PGlite is one session:
 * the wire server (pglite-wire.ts) runs one connection's batch at a time and keeps an open transaction's
 * batches together, so transactions stay isolated from other connections' statements.
 */
export async function startEmbeddedPostgis(options: EmbeddedOptions = {}): Promise<EmbeddedPostgis> {
  const log = options.log ?? (() => {})
  const started = Date.now()
  let dataDir: string | undefined
  if (options.dataDir) {
    dataDir = resolve(options.dataDir)
    mkdirSync(dataDir, { recursive: true })
    log(`opening embedded PostGIS in ${dataDir} (the first start unpacks PostGIS and takes about 20 s)…`)
  } else {
    log('starting an in-memory embedded PostGIS…')
  }
  const db = await PGlite.create({ dataDir, extensions: { postgis: await lightPostgis(log) } })
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const server = await serveWire(db, { host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 32 })
  const port = server.port
  log(`embedded PostGIS ready on 127.0.0.1:${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await server.close()
      await db.close()
    },
  }
}
