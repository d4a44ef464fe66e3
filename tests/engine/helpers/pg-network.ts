/** Loads a walk network into a pgRouting edge table of a scratch schema, in one INSERT … SELECT. */
import type pg from 'pg'
import type { WalkNetworkInput } from '../../../server/engine/index.ts'

export async function loadEdgeTable(client: pg.Client, table: string, network: WalkNetworkInput): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}`)
  await client.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, cost float8 NOT NULL, reverse_cost float8 NOT NULL)`)
  const rows = network.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, cost: e.lengthM }))
  await client.query(
    `INSERT INTO ${table} SELECT id, source, target, cost, cost FROM json_to_recordset($1::json) AS r(id bigint, source bigint, target bigint, cost float8)`,
    [JSON.stringify(rows)],
  )
}

/** Minimum over origins of pgr_drivingDistance's per-origin answers (equicost => false), node id → metres. */
export async function drivingDistance(client: pg.Client, table: string, origins: number[], maxM: number): Promise<Map<number, number>> {
  const { rows } = await client.query<{ node: string; cost: number }>(
    `SELECT node, min(agg_cost) AS cost
       FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM ${table}', $1::bigint[], $2::float8,
                                directed => false, equicost => false)
      GROUP BY node`,
    [origins, maxM],
  )
  return new Map(rows.map((r) => [Number(r.node), r.cost]))
}
