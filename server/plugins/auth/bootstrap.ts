import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { Role } from '../../domain/vocabulary/index.ts'
import { countAccounts, insertAccount, writeAudit } from './queries.ts'
import { hashPassword } from './passwords.ts'
import { tokenHash } from './tokens.ts'

/**
 * On an empty accounts table, create the first administrator: with ADMIN_PASSWORD, or with a generated
 * password printed once (it is not stored anywhere but as its hash). Returns the generated password.
 */
export async function ensureAdmin(pool: pg.Pool, opts: { username: string; password?: string; log: (m: string) => void }): Promise<string | null> {
  if ((await countAccounts(pool)) > 0) return null
  const password = opts.password ?? randomBytes(12).toString('base64url')
  const id = await insertAccount(pool, {
    username: opts.username,
    displayName: '系统管理员',
    role: 'admin',
    areaId: null,
    department: null,
    passwordHash: await hashPassword(password),
  })
  if (id === null) return null // another instance created it meanwhile
  await writeAudit(pool, { actor: 'system', action: 'account_create', target: opts.username, detail: { role: 'admin', first: true } })
  if (opts.password) {
    opts.log(`created the administrator account '${opts.username}' with ADMIN_PASSWORD`)
    return null
  }
  opts.log(`created the administrator account '${opts.username}'; its password, shown only this once: ${password}`)
  return password
}

/** The demo district's accounts share one password, shown on the sign-in page while the demo is loaded. */
export const DEMO_PASSWORD = 'lanxi-demo'
/** The demo wall display's kiosk key (/screen?kiosk=…), listed the same way. */
export const DEMO_KIOSK_KEY = 'kiosk_lanxi-demo-wall'

interface DemoAccount {
  username: string
  displayName: string
  role: Role
  /**
   * Which area: the first street, that street's first community, that community's first grid; null for
   * the district-level roles, which also see cases reported outside every grid (flagged 界外).
   */
  level: 'street' | 'community' | 'grid' | null
  department?: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'commander', displayName: '区指挥中心值班员', role: 'commander', level: null },
  { username: 'street', displayName: '街道网格中心', role: 'street_operator', level: 'street' },
  { username: 'community', displayName: '社区工作站', role: 'community_worker', level: 'community' },
  { username: 'grid', displayName: '网格员', role: 'community_worker', level: 'grid' },
  { username: 'housing', displayName: '区住建局', role: 'department', level: null, department: 'housing' },
  { username: 'planner', displayName: '规划科', role: 'planner', level: null },
]

/**
 * One account per role on the generated demo district (and its kiosk key), so `npm start` still opens
 * everything at once: the sign-in page lists them while the demo is loaded. Nothing happens on a
 * database without the demo, and accounts that exist are left alone.
 */
export async function ensureDemoAccounts(pool: pg.Pool): Promise<number> {
  const demo = await pool.query<{ source: string }>('SELECT source FROM dataset_info')
  if (demo.rows[0]?.source !== 'generated') return 0
  const have = await pool.query<{ username: string }>('SELECT username FROM accounts WHERE demo')
  const missing = DEMO_ACCOUNTS.filter((a) => !have.rows.some((r) => r.username === a.username))
  let created = 0
  if (missing.length) {
    const { rows } = await pool.query<{ street: string; community: string; grid: string }>(
      `SELECT s.id AS street, c.id AS community, g.id AS grid
       FROM areas d JOIN areas s ON s.parent_id = d.id JOIN areas c ON c.parent_id = s.id JOIN areas g ON g.parent_id = c.id
       WHERE d.level = 'district' ORDER BY d.code, s.code, c.code, g.code LIMIT 1`,
    )
    const areas = rows[0]
    if (!areas) return 0
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    for (const a of missing) {
      const id = await insertAccount(pool, {
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        areaId: a.level ? areas[a.level] : null,
        department: a.department ?? null,
        passwordHash,
        demo: true,
      })
      if (id !== null) created++
    }
  }
  await pool.query(
    `INSERT INTO api_keys (name, purpose, key_hash, key_prefix, created_by, demo)
     VALUES ('演示大屏', 'kiosk', $1, $2, 'system', true) ON CONFLICT (key_hash) DO NOTHING`,
    [tokenHash(DEMO_KIOSK_KEY), DEMO_KIOSK_KEY.slice(0, 10)],
  )
  return created
}
