import type pg from 'pg'
import { hashPassword } from '../../server/plugins/auth/passwords.ts'
import { insertAccount } from '../../server/plugins/auth/queries.ts'
import { DEMO_PASSWORD } from '../../server/plugins/auth/bootstrap.ts'
import type { Role } from '../../server/domain/vocabulary/index.ts'

/** The administrator every test app acts as unless a test says otherwise. */
export const TEST_ADMIN = { username: 'test-admin', password: 'test-admin-password' }
export { DEMO_PASSWORD }

let adminHash: Promise<string> | undefined

/** Create the test administrator if this database has none (idempotent, safe from parallel files). */
export async function ensureTestAdmin(pool: pg.Pool): Promise<void> {
  await insertAccount(pool, {
    username: TEST_ADMIN.username, displayName: '测试管理员', role: 'admin', areaId: null, department: null,
    passwordHash: await (adminHash ??= hashPassword(TEST_ADMIN.password)),
  })
}

/** An extra account for a test (created if missing), e.g. a street operator of another street. */
export async function ensureAccount(
  pool: pg.Pool,
  a: { username: string; role: Role; areaId: string | null; department?: string; password?: string },
): Promise<{ username: string; password: string }> {
  const password = a.password ?? 'test-password-1'
  await insertAccount(pool, {
    username: a.username, displayName: a.username, role: a.role, areaId: a.areaId, department: a.department ?? null,
    passwordHash: await hashPassword(password),
  })
  return { username: a.username, password }
}

/** The `name=value` of a session cookie from a login response's Set-Cookie header(s). */
export function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const found = all.find((c) => c.startsWith('hl_session='))
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`)
  return found.split(';')[0]
}

/** Sign in over real HTTP (for tests that use fetch or socket.io); returns the Cookie header value. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  return sessionCookie(res.headers.getSetCookie())
}
