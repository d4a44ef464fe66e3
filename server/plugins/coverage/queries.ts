import type pg from 'pg'
import { geometrySelect, type ExportRow } from '../../lib/export/pages.ts'
import type { AreaInput, BuildingInput, StationInput, WalkEdgeInput, WalkNodeInput } from '../../engine/types.ts'
import { LAND_SITE_KINDS, type SiteSource } from '../../domain/vocabulary/index.ts'

/**
 * Everything the coverage engine needs, read in one go. Coordinates travel as JSON arrays built in
 * SQL, which is several times faster to parse than one GeoJSON object per row.
 */
export async function loadCoverageInputs(db: pg.Pool) {
  try {
    const [nodes, edges, buildings, areas, stations] = await Promise.all([
      db.query<{ id: number; x: number; y: number }>('SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y FROM walk_nodes ORDER BY id'),
      db.query<{ id: number; source: number; target: number; length_m: number; compound_id: string | null; coords: string }>(
        `SELECT id, source, target, length_m, compound_id,
                (SELECT json_agg(json_build_array(round(ST_X(p.geom)::numeric, 7), round(ST_Y(p.geom)::numeric, 7)) ORDER BY p.path)
                 FROM ST_DumpPoints(e.geom) p)::text AS coords
         FROM walk_edges e ORDER BY id`,
      ),
      db.query<{ id: string; grid_id: string; compound_id: string | null; residents: number; households: number; pmh: number; x: number; y: number }>(
        `SELECT id, grid_id, compound_id, residents, households, party_member_households AS pmh,
                ST_X(entrance) AS x, ST_Y(entrance) AS y FROM buildings ORDER BY id`,
      ),
      db.query<{ id: string; level: AreaInput['level']; parent_id: string | null; name: string }>(
        'SELECT id, level, parent_id, name FROM areas ORDER BY code',
      ),
      db.query<{ id: string; kind: string; status: StationInput['status']; compound_id: string | null; name: string; x: number; y: number }>(
        'SELECT id, kind, status, compound_id, name, ST_X(geom) AS x, ST_Y(geom) AS y FROM stations ORDER BY id',
      ),
    ])
    return {
      network: {
        nodes: nodes.rows.map((r): WalkNodeInput => ({ id: r.id, lngLat: [r.x, r.y] })),
        edges: edges.rows.map(
          (r): WalkEdgeInput => ({
            id: r.id,
            source: r.source,
            target: r.target,
            lengthM: r.length_m,
            compoundId: r.compound_id,
            coords: JSON.parse(r.coords),
          }),
        ),
      },
      buildings: buildings.rows.map(
        (r): BuildingInput => ({
          id: r.id,
          gridId: r.grid_id,
          compoundId: r.compound_id,
          residents: r.residents,
          households: r.households,
          partyMemberHouseholds: r.pmh,
          entrance: [r.x, r.y],
        }),
      ),
      areas: areas.rows.map((r): AreaInput => ({ id: r.id, level: r.level, parentId: r.parent_id, name: r.name })),
      stations: stations.rows.map(
        (r): StationInput & { name: string } => ({ id: r.id, kind: r.kind, status: r.status, compoundId: r.compound_id, name: r.name, lngLat: [r.x, r.y] }),
      ),
    }
  } catch (err) {
    throw new Error(`loading the walk network and buildings for coverage: ${(err as Error).message}`)
  }
}

export type CoverageInputs = Awaited<ReturnType<typeof loadCoverageInputs>>

/** Buildings by id with footprints, for the gaps layer and exports. */
export function buildingFootprints(db: pg.Pool, ids: string[]) {
  return db.query<{ id: string; name: string; grid_id: string; residents: number; households: number; geometry: string }>(
    `SELECT id, name, grid_id, residents, households, ST_AsGeoJSON(footprint, 7) AS geometry
     FROM buildings WHERE id = ANY($1::text[])`,
    [ids],
  )
}

/** Footprints by building id as WKB with their bounds, for the GeoPackage export of the gaps. */
export async function footprintsWkb(db: pg.Pool, ids: string[]): Promise<Map<string, ExportRow>> {
  const { rows } = await db.query<ExportRow & { id: string }>(
    `SELECT id, name, ${geometrySelect('footprint', 'wkb')} FROM buildings WHERE id = ANY($1::text[])`,
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r]))
}

/** Walled compounds' outlines: a point inside one is reached only through its gates. */
export async function compoundOutlines(db: pg.Pool) {
  const { rows } = await db.query<{ id: string; geometry: string }>(
    'SELECT id, ST_AsGeoJSON(geom, 7) AS geometry FROM compounds WHERE walled ORDER BY id',
  )
  return rows
}

/** A place a station could go other than a street node: its source, a name people use, where it is. */
export interface SiteCandidate {
  id: string
  source: Exclude<SiteSource, 'street'>
  name: string
  compoundId: string | null
  lngLat: [number, number]
}

/**
 * Every candidate place of the non-street sources: public buildings at their entrances (inside their
 * compound), the import's station candidates, and vacant land at a point on its surface. Ids carry the
 * source (b:, p:, l:) so that they never collide.
 */
export async function siteCandidates(db: pg.Pool): Promise<SiteCandidate[]> {
  const { rows } = await db.query<{ id: string; source: SiteCandidate['source']; name: string; compound_id: string | null; x: number; y: number }>(
    `SELECT 'b:' || id AS id, 'public_building' AS source, name, compound_id, ST_X(entrance) AS x, ST_Y(entrance) AS y
       FROM buildings WHERE kind = 'public'
     UNION ALL
     SELECT 'p:' || id, 'poi', coalesce(name, address, kind), NULL, ST_X(geom), ST_Y(geom) FROM station_candidates
     UNION ALL
     SELECT 'l:' || id, 'land', coalesce(name, '闲置用地'), NULL, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))
       FROM landuse WHERE kind = ANY($1::text[])
     ORDER BY 1`,
    [LAND_SITE_KINDS],
  )
  return rows.map((r) => ({ id: r.id, source: r.source, name: r.name, compoundId: r.compound_id, lngLat: [r.x, r.y] }))
}
