/**
 * pgRouting doing the coverage benchmark's work in the database, at its best: the network in an indexed
 * edge table, every search bounded by the largest threshold, per-station searches reading only the edges
 * whose bounding box meets the station's reach (GiST), and the area statistics in the same statement
 * (GROUP BY ROLLUP street → community → grid). Works in its own schema, dropped afterwards.
 */
import pg from 'pg'
import type { CoverageModel } from '../server/engine/index.ts'

const SCHEMA = 'bench_coverage'

export interface PgStation {
  /** Walk node id the station's search starts from (pgRouting searches start at nodes). */
  node: number
  x: number
  y: number
}

export interface PgFigures {
  loadMs: number
  perStationMs: number
  oneCallEquicostMs: number
  oneCallPerOriginMs: number
  /** District residents covered within each threshold, per form, to check they did the same work. */
  covered: { perStation: number[]; equicost: number[]; perOrigin: number[] }
}

export async function benchPgrouting(
  url: string,
  model: CoverageModel,
  stations: PgStation[],
  thresholdsM: number[],
  /** leaf area index → [street, community, grid] ids */
  hierarchy: (leaf: number) => [string, string, string],
  runs: number,
  timed: <T>(runs: number, fn: () => Promise<T>) => Promise<{ ms: number; value: T }>,
): Promise<PgFigures> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const t0 = performance.now()
    await load(client, model, stations, hierarchy)
    const loadMs = performance.now() - t0
    const maxM = thresholdsM[thresholdsM.length - 1]
    const edgesSql = `SELECT id, source, target, cost, reverse_cost FROM ${SCHEMA}.edges`
    const perStation = `
      SELECT d.node, min(d.agg_cost) AS cost
        FROM ${SCHEMA}.stations s
       CROSS JOIN LATERAL pgr_drivingDistance(
             '${edgesSql} WHERE box && ST_MakeEnvelope(' || (s.x - $1) || ',' || (s.y - $1) || ',' || (s.x + $1) || ',' || (s.y + $1) || ')',
             s.node, $1::float8, directed => false) d
       GROUP BY d.node`
    const oneCall = (equicost: boolean) => `
      SELECT node, min(agg_cost) AS cost
        FROM pgr_drivingDistance('${edgesSql}', ARRAY(SELECT DISTINCT node FROM ${SCHEMA}.stations), $1::float8,
                                 directed => false, equicost => ${equicost})
       GROUP BY node`
    const run = (nearest: string) => timed(runs, () => client.query(statsSql(nearest, thresholdsM), [maxM]).then((r) => covered(r.rows, thresholdsM)))
    const a = await run(perStation)
    const b = await run(oneCall(true))
    const c = await run(oneCall(false))
    return {
      loadMs,
      perStationMs: a.ms,
      oneCallEquicostMs: b.ms,
      oneCallPerOriginMs: c.ms,
      covered: { perStation: a.value, equicost: b.value, perOrigin: c.value },
    }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => {})
    await client.end()
  }
}

/** Nearest-station metres per node (the `nearest` query), joined to buildings, counted per area level. */
function statsSql(nearest: string, thresholdsM: number[]): string {
  const per = thresholdsM
    .map((t, i) => `sum(b.residents) FILTER (WHERE n.cost + b.snap <= ${t}) AS r${i},
                    sum(b.households) FILTER (WHERE n.cost + b.snap <= ${t}) AS h${i},
                    count(*) FILTER (WHERE n.cost + b.snap <= ${t}) AS b${i},
                    sum(b.pmh) FILTER (WHERE n.cost + b.snap <= ${t}) AS p${i}`)
    .join(',\n')
  return `
    WITH n AS (${nearest})
    SELECT b.street_id, b.community_id, b.grid_id,
           sum(b.residents) AS residents, sum(b.households) AS households, count(*) AS buildings, sum(b.pmh) AS pmh,
           ${per}
      FROM ${SCHEMA}.buildings b
      LEFT JOIN n ON n.node = b.node
     GROUP BY ROLLUP (b.street_id, b.community_id, b.grid_id)`
}

function covered(rows: Record<string, unknown>[], thresholdsM: number[]): number[] {
  const district = rows.find((r) => r.street_id === null)!
  return thresholdsM.map((_, i) => Number(district[`r${i}`] ?? 0))
}

async function load(client: pg.Client, model: CoverageModel, stations: PgStation[], hierarchy: (leaf: number) => [string, string, string]) {
  const g = model.graph
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  await client.query(`CREATE SCHEMA ${SCHEMA}`)
  await client.query(`CREATE TABLE ${SCHEMA}.edges (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL,
                        cost float8 NOT NULL, reverse_cost float8 NOT NULL, box geometry NOT NULL)`)
  const geo = g.geometry
  const edges = []
  for (let e = 0; e < geo.edgeCount; e++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (let k = geo.vertexStart[e]; k < geo.vertexStart[e + 1]; k++) {
      x0 = Math.min(x0, geo.vx[k]), x1 = Math.max(x1, geo.vx[k]), y0 = Math.min(y0, geo.vy[k]), y1 = Math.max(y1, geo.vy[k])
    }
    const sub = g.baseSubStart[e]
    edges.push({ i: g.baseEdgeIds[e], s: g.nodeIds[g.edgeSource[sub]], t: g.nodeIds[g.edgeTarget[g.baseSubStart[e + 1] - 1]], c: geo.along[geo.vertexStart[e + 1] - 1], x0, y0, x1, y1 })
  }
  await client.query(
    `INSERT INTO ${SCHEMA}.edges SELECT i, s, t, c, c, ST_MakeEnvelope(x0, y0, x1, y1)
       FROM json_to_recordset($1::json) AS r(i bigint, s bigint, t bigint, c float8, x0 float8, y0 float8, x1 float8, y1 float8)`,
    [JSON.stringify(edges)],
  )
  await client.query(`CREATE INDEX ON ${SCHEMA}.edges USING gist (box)`)
  await client.query(`CREATE INDEX ON ${SCHEMA}.edges (source); CREATE INDEX ON ${SCHEMA}.edges (target)`)
  const t = model.buildings
  const buildings = t.ids.map((id, b) => {
    const [street, community, grid] = hierarchy(t.area[b])
    return { id, n: g.nodeIds[t.node[b]], s: t.snapM[b], r: t.residents[b], h: t.households[b], p: t.partyMemberHouseholds[b], st: street, co: community, gr: grid }
  })
  await client.query(`CREATE TABLE ${SCHEMA}.buildings AS
      SELECT id, n AS node, s AS snap, r AS residents, h AS households, p AS pmh, st AS street_id, co AS community_id, gr AS grid_id
        FROM json_to_recordset($1::json) AS r(id text, n bigint, s float8, r float8, h float8, p float8, st text, co text, gr text)`,
    [JSON.stringify(buildings)])
  await client.query(`CREATE INDEX ON ${SCHEMA}.buildings (node)`)
  await client.query(`CREATE TABLE ${SCHEMA}.stations AS SELECT * FROM json_to_recordset($1::json) AS r(node bigint, x float8, y float8)`,
    [JSON.stringify(stations)])
  await client.query(`ANALYZE ${SCHEMA}.edges; ANALYZE ${SCHEMA}.buildings; ANALYZE ${SCHEMA}.stations`)
}
