import type pg from 'pg'
import { inTransaction } from '../../../server/db/transaction.ts'
import { refreshDerived } from '../../lib/load-dataset.ts'
import { ImportError } from './report.ts'

export interface ImportRunOptions {
  /** Recorded in dataset_info.source ("import:osm map.osm.pbf"). */
  source: string
  /** dataset_info.name for a database that has none yet. */
  name?: string
  /** Remove the generated demo district first instead of refusing to mix real data with it. @default false */
  clearDemo?: boolean
}

/**
 * Run one import as one transaction: all of it lands or none. At the end the dataset revision is bumped
 * (the row is created if the database has none) and the materialised views refreshed, so a running
 * server rebuilds its tiles and walking model on its next revision check without a restart.
 */
export async function runImport<T>(pool: pg.Pool, options: ImportRunOptions, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    // Import statements run over temporary tables without statistics, and PostGIS functions carry high
    // cost estimates, so PostgreSQL JIT-compiled small statements for ~300 ms each that ran in ~1 ms
    // (grids --auto on Haidian 2.5 s → 0.34 s, the Shenzhen OSM sample 0.93 s → 0.41 s without it).
    await client.query('SET LOCAL jit = off')
    await guardDemo(client, options.clearDemo ?? false)
    const result = await work(client)
    await client.query(
      `INSERT INTO dataset_info (name, source) VALUES ($1, $2)
       ON CONFLICT (singleton) DO UPDATE SET source = $2, revision = dataset_info.revision + 1, loaded_at = now()`,
      [options.name ?? 'imported district', options.source],
    )
    await refreshDerived(client)
    return result
  })
}

/**
 * Real data next to the generated demo district would mix two places in one map (and the demo's small
 * walk node ids could meet OSM's), so an import into a database holding the demo stops unless asked to
 * clear it.
 */
async function guardDemo(client: pg.PoolClient, clear: boolean): Promise<void> {
  const { rows } = await client.query<{ source: string }>('SELECT source FROM dataset_info')
  if (rows[0]?.source !== 'generated') return
  if (!clear) {
    throw new ImportError(
      'the database holds the generated demo district; pass --clear-demo to remove it before importing real data ' +
        '(and start the server with DEMO_DATA=false so it is not generated again)',
    )
  }
  // Demo accounts (listed on the sign-in page) go with the demo; real accounts stay.
  await client.query('DELETE FROM accounts WHERE demo')
  await client.query('DELETE FROM api_keys WHERE demo')
  await client.query(`TRUNCATE case_events, cases, station_candidates, landuse, walk_edges, walk_nodes, stations, workers,
    party_households, party_orgs, buildings, compound_gates, compounds, property_companies, areas CASCADE`)
  await client.query("UPDATE dataset_info SET name = 'imported district', seed = NULL, scale = NULL")
}
