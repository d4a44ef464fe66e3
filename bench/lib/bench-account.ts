import type pg from 'pg'
import { hashPassword } from '../../server/plugins/auth/passwords.ts'
import { insertAccount } from '../../server/plugins/auth/queries.ts'

/** The account benchmarks sign in as (an administrator: it reads and writes everything). */
export const BENCH_ACCOUNT = { username: 'bench', password: 'bench-password-1' }

export async function ensureBenchAccount(pool: pg.Pool): Promise<void> {
  await insertAccount(pool, {
    username: BENCH_ACCOUNT.username, displayName: 'benchmark', role: 'admin', areaId: null, department: null,
    passwordHash: await hashPassword(BENCH_ACCOUNT.password),
  })
}

/** Sign in over HTTP; the Cookie header value to send with every request and socket. */
export async function benchCookie(base: string, account = BENCH_ACCOUNT): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  if (!res.ok) throw new Error(`bench sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='))
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0]
}
