import type pg from 'pg'
import { inTransaction } from '../../server/db/transaction.ts'
import type { Dataset } from '../dataset/index.ts'

export interface LoadOptions {
  /** Replace whatever geography is there (cases that point at it are removed too). @default false */
  replace?: boolean
  /** Rows per INSERT statement; each statement ships one JSON parameter. @default 5000 */
  chunk?: number
  /** Where the data came from, recorded in dataset_info. @default 'generated' */
  source?: string
  onProgress?: (table: string, done: number, total: number) => void
}

interface TableLoad {
  table: string
  rows: unknown[]
  /** Columns of json_to_recordset(...) AS r(<recordType>) and the INSERT that reads them. */
  recordType: string
  insert: string
}

const geo = (type: string, col: string) => `ST_SetSRID(ST_GeomFromGeoJSON(json_build_object('type', '${type}', 'coordinates', ${col})), 4326)`

/**
 * Load a generated or imported district in one transaction: either all of it lands or none.
 * Rows travel as one JSON parameter per chunk and are unpacked by json_to_recordset, which is an
 * order of magnitude faster than one parameterised INSERT per row through the embedded socket.
 */
export async function loadDataset(pool: pg.Pool, data: Dataset, options: LoadOptions = {}): Promise<void> {
  const chunk = options.chunk ?? 5000
  const loads: TableLoad[] = [
    {
      table: 'areas',
      rows: data.areas,
      recordType: 'id text, code text, name text, level text, "parentId" text, geom json',
      insert: `INSERT INTO areas (id, code, name, level, parent_id, geom)
               SELECT id, code, name, level, "parentId", ${geo('MultiPolygon', 'geom')} FROM r`,
    },
    {
      table: 'property_companies',
      rows: data.propertyCompanies,
      recordType: 'id text, name text, phone text',
      insert: 'INSERT INTO property_companies (id, name, phone) SELECT id, name, phone FROM r',
    },
    {
      table: 'compounds',
      rows: data.compounds,
      recordType: 'id text, name text, "communityId" text, "gridId" text, "propertyCompanyId" text, walled boolean, "builtYear" integer, geom json',
      insert: `INSERT INTO compounds (id, name, community_id, grid_id, property_company_id, walled, built_year, geom)
               SELECT id, name, "communityId", "gridId", "propertyCompanyId", walled, "builtYear", ${geo('Polygon', 'geom')} FROM r`,
    },
    {
      table: 'compound_gates',
      rows: data.compounds.flatMap((c) => c.gates.map((g) => ({ ...g, compoundId: c.id }))),
      recordType: 'id text, name text, "compoundId" text, "lngLat" json',
      insert: `INSERT INTO compound_gates (id, compound_id, name, geom)
               SELECT id, "compoundId", name, ${geo('Point', '"lngLat"')} FROM r`,
    },
    {
      table: 'buildings',
      rows: data.buildings,
      recordType:
        'id text, name text, kind text, "compoundId" text, "gridId" text, floors integer, households integer, residents integer, "partyMemberHouseholds" integer, footprint json, entrance json',
      insert: `INSERT INTO buildings (id, name, kind, compound_id, grid_id, floors, households, residents, party_member_households, footprint, entrance)
               SELECT id, name, kind, "compoundId", "gridId", floors, households, residents, "partyMemberHouseholds",
                      ${geo('Polygon', 'footprint')}, ${geo('Point', 'entrance')} FROM r`,
    },
    {
      table: 'party_orgs',
      // Parents first, so each chunk's foreign keys point at rows already inserted.
      rows: sortParentsFirst(data.partyOrgs),
      recordType: 'id text, kind text, name text, "areaId" text, "buildingId" text, "parentId" text, members integer, secretary text',
      insert: `INSERT INTO party_orgs (id, kind, name, area_id, building_id, parent_id, members, secretary)
               SELECT id, kind, name, "areaId", "buildingId", "parentId", members, secretary FROM r`,
    },
    {
      table: 'party_households',
      rows: data.partyHouseholds,
      recordType: 'id text, "buildingId" text, "orgId" text, householder text, phone text',
      insert: `INSERT INTO party_households (id, building_id, org_id, householder, phone)
               SELECT id, "buildingId", "orgId", householder, phone FROM r`,
    },
    {
      table: 'workers',
      rows: data.workers,
      recordType: 'id text, name text, phone text, role text, "areaId" text',
      insert: 'INSERT INTO workers (id, name, phone, role, area_id) SELECT id, name, phone, role, "areaId" FROM r',
    },
    {
      table: 'stations',
      rows: data.stations,
      recordType:
        'id text, name text, kind text, status text, "areaId" text, "compoundId" text, "floorArea" numeric, hours text, services json, address text, "lngLat" json',
      insert: `INSERT INTO stations (id, name, kind, status, area_id, compound_id, floor_area, hours, services, address, geom)
               SELECT id, name, kind, status, "areaId", "compoundId", "floorArea", hours,
                      ARRAY(SELECT json_array_elements_text(services)), address, ${geo('Point', '"lngLat"')} FROM r`,
    },
    {
      table: 'walk_nodes',
      rows: data.walkNodes,
      recordType: 'id bigint, "lngLat" json',
      insert: `INSERT INTO walk_nodes (id, geom) SELECT id, ${geo('Point', '"lngLat"')} FROM r`,
    },
    {
      table: 'walk_edges',
      rows: data.walkEdges,
      recordType: 'id bigint, source bigint, target bigint, "lengthM" float8, kind text, name text, "compoundId" text, coords json',
      insert: `INSERT INTO walk_edges (id, source, target, length_m, kind, name, compound_id, geom)
               SELECT id, source, target, "lengthM", kind, name, "compoundId", ${geo('LineString', 'coords')} FROM r`,
    },
    {
      table: 'landuse',
      rows: data.landuse,
      recordType: 'id text, kind text, name text, geom json',
      insert: `INSERT INTO landuse (id, kind, name, geom) SELECT id, kind, name, ${geo('Polygon', 'geom')} FROM r`,
    },
  ]

  await inTransaction(pool, async (client) => {
    const existing = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')).rows[0].n
    if (existing > 0) {
      if (!options.replace) throw new Error('loading a dataset: the database already holds a geography (use replace)')
      await clearGeography(client)
    }
    for (const load of loads) {
      for (let i = 0; i < load.rows.length; i += chunk) {
        const slice = load.rows.slice(i, i + chunk)
        try {
          await client.query(
            `WITH r AS (SELECT * FROM json_to_recordset($1::json) AS r(${load.recordType})) ${load.insert}`,
            [JSON.stringify(slice)],
          )
        } catch (err) {
          throw new Error(`loading ${load.table} rows ${i + 1}–${i + slice.length}: ${(err as Error).message}`)
        }
        options.onProgress?.(load.table, Math.min(i + chunk, load.rows.length), load.rows.length)
      }
    }
    await client.query(
      `INSERT INTO dataset_info (name, source, seed, scale) VALUES ($1, $2, $3, $4)
       ON CONFLICT (singleton) DO UPDATE SET name = $1, source = $2, seed = $3, scale = $4,
         revision = dataset_info.revision + 1, loaded_at = now()`,
      [data.meta.name, options.source ?? 'generated', data.meta.seed, data.meta.scale],
    )
    await refreshDerived(client)
  })
}

/** Recompute the materialised views that summarise the geography. */
export async function refreshDerived(client: pg.PoolClient | pg.Pool): Promise<void> {
  await client.query('REFRESH MATERIALIZED VIEW area_closure')
  await client.query('REFRESH MATERIALIZED VIEW area_totals')
  await client.query('ANALYZE')
}

async function clearGeography(client: pg.PoolClient): Promise<void> {
  // Cases reference buildings and areas; a geography replacement starts their history afresh.
  await client.query(`TRUNCATE case_events, cases, landuse, walk_edges, walk_nodes, stations, workers,
    party_households, party_orgs, buildings, compound_gates, compounds, property_companies, areas CASCADE`)
}

function sortParentsFirst<T extends { id: string; parentId: string | null }>(rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const depth = (r: T): number => {
    let d = 0
    for (let p = r.parentId; p && byId.has(p); p = byId.get(p)!.parentId) d++
    return d
  }
  return rows.map((r) => [depth(r), r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r)
}
