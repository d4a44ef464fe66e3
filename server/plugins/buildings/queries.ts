import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { BBox } from './bbox.ts'

export interface BuildingRow {
  id: string
  name: string
  kind: string
  floors: number
  households: number
  residents: number
  party_member_households: number
  party_group: boolean
  grid_id: string
  compound_id: string | null
  geometry: string
}

const COLUMNS = `b.id, b.name, b.kind, b.floors, b.households, b.residents, b.party_member_households,
  EXISTS (SELECT 1 FROM party_orgs o WHERE o.building_id = b.id AND o.kind = 'building_group') AS party_group,
  b.grid_id, b.compound_id, ST_AsGeoJSON(b.footprint, 7) AS geometry`

/** Buildings in a viewport; the envelope is built once so the GiST index on footprint is used. */
export function buildingsInBbox(db: pg.Pool, [w, s, e, n]: BBox, limit: number) {
  return db.query<BuildingRow>(
    `SELECT ${COLUMNS} FROM buildings b
     WHERE b.footprint && ST_MakeEnvelope($1, $2, $3, $4, 4326)
     ORDER BY b.id LIMIT $5`,
    [w, s, e, n, limit],
  )
}

export function buildingsInArea(db: pg.Pool, areaId: string, limit: number) {
  return db.query<BuildingRow>(
    `SELECT ${COLUMNS} FROM buildings b
     JOIN area_closure c ON c.descendant_id = b.grid_id AND c.ancestor_id = $1
     ORDER BY b.id LIMIT $2`,
    [areaId, limit],
  )
}

/** A building's card; its party households and group secretary only where the scope reaches (see getAreaContext). */
export async function getBuilding(db: pg.Pool, id: string, scope: Scope) {
  const { rows } = await db.query<BuildingRow>(`SELECT ${COLUMNS} FROM buildings b WHERE b.id = $1`, [id])
  const row = rows[0]
  if (!row) return null
  const [compound, group, households, ancestors] = await Promise.all([
    db.query<{ id: string; name: string; company: string | null }>(
      `SELECT c.id, c.name, p.name AS company FROM compounds c
       LEFT JOIN property_companies p ON p.id = c.property_company_id WHERE c.id = $1`,
      [row.compound_id],
    ),
    db.query<{ name: string; secretary: string | null; members: number }>(
      `SELECT name, CASE WHEN $2 AND area_in_scope($3, $4) THEN secretary END AS secretary, members FROM party_orgs
       WHERE building_id = $1 AND kind = 'building_group' LIMIT 1`,
      [id, scope.personalData, row.grid_id, scope.areaId],
    ),
    db.query<{ householder: string; phone: string | null }>(
      'SELECT householder, phone FROM party_households WHERE building_id = $1 AND $2 AND area_in_scope($3, $4) ORDER BY id',
      [id, scope.personalData, row.grid_id, scope.areaId],
    ),
    db.query<{ id: string; name: string; level: string }>(
      `SELECT a.id, a.name, a.level FROM area_closure c JOIN areas a ON a.id = c.ancestor_id
       WHERE c.descendant_id = $1 ORDER BY c.depth DESC`,
      [row.grid_id],
    ),
  ])
  return { row, compound: compound.rows[0] ?? null, group: group.rows[0] ?? null, households: households.rows, ancestors: ancestors.rows }
}
