import type pg from 'pg'
import type { Scenario } from '../../domain/vocabulary/index.ts'
import type { PlanChangesT } from './schemas.ts'

export interface PlanRow {
  id: number
  ownerId: number
  name: string
  scenario: Scenario
  changes: PlanChangesT
  createdAt: Date
  updatedAt: Date
}

const COLUMNS = `id::int, owner_id::int AS "ownerId", name, scenario, changes, created_at AS "createdAt", updated_at AS "updatedAt"`

/** PostgreSQL's unique_violation: the owner already has a plan of that name. */
export const isDuplicateName = (err: unknown) => (err as { code?: string }).code === '23505'

export async function listPlans(db: pg.Pool, ownerId: number): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanRow>(`SELECT ${COLUMNS} FROM plans WHERE owner_id = $1 ORDER BY updated_at DESC, id DESC`, [ownerId])
  return rows
}

export async function getPlans(db: pg.Pool, ids: number[]): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanRow>(`SELECT ${COLUMNS} FROM plans WHERE id = ANY($1::bigint[])`, [ids])
  return rows
}

export async function insertPlan(db: pg.Pool, ownerId: number, p: { name: string; scenario: Scenario; changes: PlanChangesT }): Promise<PlanRow> {
  const { rows } = await db.query<PlanRow>(
    `INSERT INTO plans (owner_id, name, scenario, changes) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [ownerId, p.name, p.scenario, JSON.stringify(p.changes)],
  )
  return rows[0]!
}

/** Only the owner's row is updated: null when it is not theirs (or gone). */
export async function updatePlan(
  db: pg.Pool,
  id: number,
  ownerId: number,
  p: { name?: string; scenario?: Scenario; changes?: PlanChangesT },
): Promise<PlanRow | null> {
  const { rows } = await db.query<PlanRow>(
    `UPDATE plans SET name = COALESCE($3, name), scenario = COALESCE($4, scenario), changes = COALESCE($5::jsonb, changes), updated_at = now()
      WHERE id = $1 AND owner_id = $2 RETURNING ${COLUMNS}`,
    [id, ownerId, p.name ?? null, p.scenario ?? null, p.changes ? JSON.stringify(p.changes) : null],
  )
  return rows[0] ?? null
}

export async function deletePlan(db: pg.Pool, id: number, ownerId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM plans WHERE id = $1 AND owner_id = $2', [id, ownerId])
  return (rowCount ?? 0) > 0
}
