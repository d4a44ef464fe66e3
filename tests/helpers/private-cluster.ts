/**
 * A throwaway PostgreSQL 15 cluster of the test's own, on a free loopback port, that the test may stop,
 * start and cut connections of without disturbing anyone else's server. Made with Debian's binaries;
 * run as the postgres user when we are root (initdb refuses root).
 */
import { execFile, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const BIN = '/usr/lib/postgresql/15/bin'
const EXTENSIONS = '/usr/share/postgresql/15/extension'
const run = promisify(execFile)
const asRoot = process.getuid?.() === 0

export interface PrivateCluster {
  url: string
  /** `pg_ctl stop -m <mode>`: fast rolls back open transactions and cuts every connection. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  start(): Promise<void>
  /**
   * pg_terminate_backend on every client connection to the test database, but its own and those whose
   * application_name is `spare` (the test's own pool); returns how many.
   */
  terminateAll(spare?: string): Promise<number>
  close(): Promise<void>
}

/** Why a private cluster cannot be made here, or null when it can. */
export function privateClusterUnavailable(): string | null {
  for (const b of ['initdb', 'pg_ctl', 'postgres']) if (!existsSync(join(BIN, b))) return `PostgreSQL 15 binaries (${BIN}/${b})`
  if (!existsSync(join(EXTENSIONS, 'postgis.control'))) return 'PostGIS for PostgreSQL 15 (postgresql-15-postgis-3)'
  if (asRoot && spawnSync('su', ['postgres', '-c', 'true']).status !== 0) return 'a postgres user to run initdb as (su postgres failed)'
  return null
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Run a PostgreSQL binary, as postgres when we are root; asynchronous, so an in-process server keeps running. */
async function pgBin(name: string, args: string[]): Promise<void> {
  const cmd = join(BIN, name)
  if (asRoot) await run('su', ['postgres', '-c', [cmd, ...args].map(quote).join(' ')])
  else await run(cmd, args)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

export async function startPrivateCluster(database = 'hl'): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hl-pg-'))
  const data = join(dir, 'data')
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout)
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout)
    chownSync(dir, uid, gid)
  }
  const port = await freePort()
  await pgBin('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`
  const start = () => pgBin('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start'])
  await start()
  const base = `postgres://postgres@127.0.0.1:${port}`
  const admin = new pg.Client(`${base}/postgres`)
  await admin.connect()
  await admin.query(`CREATE DATABASE ${database}`)
  await admin.end()
  const url = `${base}/${database}`
  const db = new pg.Client(url)
  await db.connect()
  await db.query('CREATE EXTENSION postgis')
  if (existsSync(join(EXTENSIONS, 'pgrouting.control'))) await db.query('CREATE EXTENSION pgrouting')
  await db.end()

  let running = true
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgBin('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])
    running = false
  }
  return {
    url,
    stop,
    async start() {
      await start()
      running = true
    },
    async terminateAll(spare) {
      const c = new pg.Client(url)
      await c.connect()
      try {
        const { rows } = await c.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
             AND application_name IS DISTINCT FROM $1`,
          [spare ?? null],
        )
        return rows[0].n as number
      } finally {
        await c.end()
      }
    },
    async close() {
      if (running) await stop('immediate').catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
