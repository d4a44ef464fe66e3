import type pg from 'pg'
import type { Principal } from '../../domain/access/policy.ts'
import type { AuditAction, KeyPurpose, Role, Source } from '../../domain/vocabulary/index.ts'

type Db = pg.Pool | pg.PoolClient

export interface AccountRow {
  id: number
  username: string
  display_name: string
  role: Role
  area_id: string | null
  department: string | null
  password_hash: string
  demo: boolean
  disabled: boolean
  failed_logins: number
  locked_until: Date | null
  created_at: Date
}

const ACCOUNT_COLUMNS = 'id::int, username, display_name, role, area_id, department, password_hash, demo, disabled, failed_logins, locked_until, created_at'

export async function accountByName(db: Db, username: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE lower(username) = lower($1)`, [username])
  return rows[0] ?? null
}

export async function accountById(db: Db, id: number): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [id])
  return rows[0] ?? null
}

export async function listAccounts(db: Db): Promise<AccountRow[]> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY demo, role, username`)
  return rows
}

export async function countAccounts(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts')
  return rows[0].n
}

export interface NewAccount {
  username: string
  displayName: string
  role: Role
  areaId: string | null
  department: string | null
  passwordHash: string
  demo?: boolean
}

/** Insert unless the username exists; returns the new id or null. */
export async function insertAccount(db: Db, a: NewAccount): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO accounts (username, display_name, role, area_id, department, password_hash, demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING id::int`,
    [a.username, a.displayName, a.role, a.areaId, a.department, a.passwordHash, a.demo ?? false],
  )
  return rows[0]?.id ?? null
}

export interface AccountChange {
  displayName?: string
  role?: Role
  areaId?: string | null
  department?: string | null
  disabled?: boolean
  passwordHash?: string
}

export async function updateAccount(db: Db, id: number, c: AccountChange): Promise<AccountRow | null> {
  const sets: string[] = []
  const params: unknown[] = [id]
  const set = (column: string, value: unknown) => {
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (c.displayName !== undefined) set('display_name', c.displayName)
  if (c.role !== undefined) set('role', c.role)
  if (c.areaId !== undefined) set('area_id', c.areaId)
  if (c.department !== undefined) set('department', c.department)
  if (c.disabled !== undefined) set('disabled', c.disabled)
  if (c.passwordHash !== undefined) {
    set('password_hash', c.passwordHash)
    sets.push('password_changed_at = now()', 'failed_logins = 0', 'locked_until = NULL')
  }
  if (!sets.length) return accountById(db, id)
  const { rows } = await db.query<AccountRow>(`UPDATE accounts SET ${sets.join(', ')} WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`, params)
  return rows[0] ?? null
}

/**
 * Count a failed sign-in and lock the account once failures pile up: after 5 in a row for 1 minute,
 * doubling with each further failure up to 15 minutes (OWASP's backoff, without a permanent lock an
 * attacker could use to keep a user out).
 */
export async function recordFailedLogin(db: Db, id: number): Promise<Date | null> {
  const { rows } = await db.query<{ locked_until: Date | null }>(
    `UPDATE accounts SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= 5
         THEN now() + least(interval '15 minutes', interval '1 minute' * power(2, failed_logins + 1 - 5)) END
     WHERE id = $1 RETURNING locked_until`,
    [id],
  )
  return rows[0]?.locked_until ?? null
}

export async function recordLogin(db: Db, id: number): Promise<void> {
  await db.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id])
}

export async function insertSession(db: Db, tokenHash: string, owner: { accountId?: number; keyId?: number }, ttlHours: number): Promise<Date> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (token_hash, account_id, key_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))
     RETURNING expires_at`,
    [tokenHash, owner.accountId ?? null, owner.keyId ?? null, ttlHours],
  )
  return rows[0].expires_at
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteSessionsOf(db: Db, accountId: number, except: string | null): Promise<void> {
  await db.query('DELETE FROM sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2', [accountId, except])
}

/** The principal behind a live session, or null (unknown, expired, disabled account, revoked key). */
export async function sessionPrincipal(db: Db, tokenHash: string): Promise<Principal | null> {
  const { rows } = await db.query(
    `SELECT a.id::int AS account_id, a.username, a.display_name, a.role, a.area_id, a.department,
            k.id::int AS key_id, k.name AS key_name, k.purpose, k.source, k.area_id AS key_area_id
     FROM sessions s
     LEFT JOIN accounts a ON a.id = s.account_id AND NOT a.disabled
     LEFT JOIN api_keys k ON k.id = s.key_id AND k.revoked_at IS NULL
     WHERE s.token_hash = $1 AND s.expires_at > now() AND (a.id IS NOT NULL OR k.id IS NOT NULL)`,
    [tokenHash],
  )
  const r = rows[0]
  if (!r) return null
  if (r.account_id !== null) {
    return { kind: 'user', accountId: r.account_id, username: r.username, displayName: r.display_name, role: r.role, areaId: r.area_id, department: r.department }
  }
  return { kind: 'key', keyId: r.key_id, name: r.key_name, purpose: r.purpose, source: r.source, areaId: r.key_area_id }
}

export interface KeyRow {
  id: number
  name: string
  purpose: KeyPurpose
  source: Source | null
  area_id: string | null
  key_prefix: string
  created_by: string
  created_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
}

const KEY_COLUMNS = 'id::int, name, purpose, source, area_id, key_prefix, created_by, created_at, revoked_at, last_used_at'

export async function keyByHash(db: Db, keyHash: string): Promise<KeyRow | null> {
  // last_used_at is for the admin's list; a minute's precision spares a write per request.
  const { rows } = await db.query<KeyRow>(
    `UPDATE api_keys SET last_used_at = now()
     WHERE key_hash = $1 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
     RETURNING ${KEY_COLUMNS}`,
    [keyHash],
  )
  if (rows[0]) return rows[0]
  const again = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash])
  return again.rows[0] ?? null
}

export async function insertKey(
  db: Db,
  k: { name: string; purpose: KeyPurpose; source: Source | null; areaId: string | null; keyHash: string; keyPrefix: string; createdBy: string },
): Promise<KeyRow> {
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO api_keys (name, purpose, source, area_id, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${KEY_COLUMNS}`,
    [k.name, k.purpose, k.source, k.areaId, k.keyHash, k.keyPrefix, k.createdBy],
  )
  return rows[0]
}

export async function listKeys(db: Db): Promise<KeyRow[]> {
  const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC`)
  return rows
}

export async function revokeKey(db: Db, id: number): Promise<KeyRow | null> {
  const { rows } = await db.query<KeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
    [id],
  )
  return rows[0] ?? null
}

export interface AuditEntry {
  actor: string
  action: AuditAction
  target?: string | null
  reason?: string | null
  ip?: string | null
  detail?: Record<string, unknown> | null
}

export async function writeAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, target, reason, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.actor, e.action, e.target ?? null, e.reason ?? null, e.ip ?? null, e.detail ?? null,
  ])
}

export async function listAudit(db: Db, f: { action?: AuditAction; actor?: string; before?: number; limit: number }) {
  const where: string[] = []
  const params: unknown[] = []
  if (f.action) where.push(`action = $${params.push(f.action)}`)
  if (f.actor) where.push(`actor = $${params.push(f.actor)}`)
  if (f.before) where.push(`id < $${params.push(f.before)}`)
  params.push(f.limit)
  const { rows } = await db.query<{ id: number; at: Date; actor: string; action: AuditAction; target: string | null; reason: string | null; ip: string | null; detail: Record<string, unknown> | null }>(
    `SELECT id::int, at, actor, action, target, reason, ip, detail FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  )
  return rows
}

export async function areaExists(db: Db, id: string): Promise<{ id: string; name: string; level: string } | null> {
  const { rows } = await db.query('SELECT id, name, level FROM areas WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function areaWithin(db: Db, area: string, root: string | null): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT area_in_scope($1, $2) AS ok', [area, root])
  return rows[0].ok
}
