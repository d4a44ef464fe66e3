import type pg from 'pg'
import { generateDistrict } from '../../geodata/generate/index.ts'
import { loadDataset } from '../../geodata/lib/load-dataset.ts'
import { ensureDemoAccounts } from '../plugins/auth/bootstrap.ts'

// Same role as the migration lock: two instances starting on an empty database load the demo once.
export const SEED_LOCK = 7_302_552

/**
 * Load the generated demo district when the database holds no geography yet.
 * Returns what it did so the caller can say so.
 */
export async function ensureDemoData(
  pool: pg.Pool,
  options: { seed: number; scale: number; log?: (m: string) => void },
): Promise<'loaded' | 'present'> {
  const log = options.log ?? (() => {})
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK])
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')
    if (rows[0].n > 0) {
      await ensureDemoAccounts(pool)
      return 'present'
    }
    let t = Date.now()
    log(`generating the demo district (seed ${options.seed}, scale ${options.scale})…`)
    const data = generateDistrict({ seed: options.seed, scale: options.scale })
    log(
      `generated ${data.areas.length} areas, ${data.buildings.length} buildings, ${data.stations.length} stations, ` +
        `${data.walkEdges.length} walk edges in ${Date.now() - t} ms; loading…`,
    )
    t = Date.now()
    let lastTable = ''
    await loadDataset(pool, data, {
      onProgress: (table, done, total) => {
        if (table !== lastTable || done === total) log(`  ${table}: ${done}/${total}`)
        lastTable = table
      },
    })
    log(`demo district loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`)
    const accounts = await ensureDemoAccounts(pool)
    if (accounts) log(`created ${accounts} demo accounts (listed on the sign-in page while the demo is loaded)`)
    return 'loaded'
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => {})
    client.release()
  }
}
