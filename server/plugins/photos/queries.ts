import type pg from 'pg'
import { inTransaction } from '../../db/transaction.ts'
import type { Scope } from '../../domain/access/policy.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'
import type { PreparedPhoto } from './image.ts'

type Db = pg.Pool | pg.PoolClient

/** Store a prepared photo and its uploader in one commit; false when the same photo was stored before. */
export async function storePhoto(pool: pg.Pool, p: PreparedPhoto, actor: string): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO photos (id, full_jpeg, thumb_jpeg, width, height) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [p.id, p.full, p.thumb, p.width, p.height],
    )
    await client.query('INSERT INTO photo_uploads (photo_id, actor) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.id, actor])
    return rowCount === 1
  })
}

/**
 * The condition that a photo (`p.id`) is visible: its uploader, or whoever may see a case whose history
 * lists it. Values go on `params`.
 */
function visibleSql(actor: string, scope: Scope, params: unknown[]): string {
  params.push(actor)
  const uploader = `EXISTS (SELECT 1 FROM photo_uploads u WHERE u.photo_id = p.id AND u.actor = $${params.length})`
  const onCase = `EXISTS (SELECT 1 FROM case_events e JOIN cases c ON c.id = e.case_id
                          WHERE e.payload -> 'photos' ? p.id AND ${caseScopeSql(scope, 'c', params)})`
  return `(${uploader} OR ${onCase})`
}

/** A photo's JPEG bytes if it exists and this actor may see it (null otherwise: no difference shown). */
export async function readPhoto(db: Db, id: string, size: 'full' | 'thumb', actor: string, scope: Scope): Promise<Buffer | null> {
  const params: unknown[] = [id, size]
  const visible = visibleSql(actor, scope, params)
  const { rows } = await db.query<{ bytes: Buffer }>(
    `SELECT CASE WHEN $2 = 'thumb' THEN p.thumb_jpeg ELSE p.full_jpeg END AS bytes FROM photos p WHERE p.id = $1 AND ${visible}`,
    params,
  )
  return rows[0]?.bytes ?? null
}

/** Of the given ids, those that exist and this actor may see (the ones a report or an action may cite). */
export async function visiblePhotos(db: Db, ids: readonly string[], actor: string, scope: Scope): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const params: unknown[] = [ids]
  const visible = visibleSql(actor, scope, params)
  const { rows } = await db.query<{ id: string }>(`SELECT p.id FROM photos p WHERE p.id = ANY($1::text[]) AND ${visible}`, params)
  return new Set(rows.map((r) => r.id))
}
