import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { actionsFor, PERMISSIONS, can } from '../../domain/access/policy.ts'
import { HttpError, badRequest } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import type { Config } from '../infra/config.ts'
import { SESSION_COOKIE } from './guard.ts'
import { DemoAccounts, KioskBody, LoginBody, Me, PasswordBody } from './schemas.ts'
import {
  accountById, accountByName, areaExists, deleteSession, deleteSessionsOf, insertSession, recordFailedLogin, recordLogin, updateAccount, writeAudit,
} from './queries.ts'
import { checkPassword, hashPassword, passwordProblem } from './passwords.ts'
import { newToken, tokenHash } from './tokens.ts'
import { DEMO_ACCOUNTS, DEMO_KIOSK_KEY, DEMO_PASSWORD } from './bootstrap.ts'
import adminRoutes from './admin.ts'

const KIOSK_SESSION_HOURS = 24 * 30
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse }

/** Sign-in, sign-out, who am I, password change, the wall display's kiosk sign-in; admin routes below /api/admin. */
const auth: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const loginLimit = { max: 20, timeWindow: '1 minute' }

  function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) {
    const secure = config.COOKIE_SECURE === 'auto' ? request.protocol === 'https' : config.COOKIE_SECURE === 'true'
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires })
  }

  app.post('/api/auth/login', { config: { access: 'public', rateLimit: loginLimit }, schema: { body: LoginBody, response: { 200: Me, ...errors } } }, async (request, reply) => {
    const { username, password } = request.body
    const account = await accountByName(app.db.pool, username)
    if (account?.locked_until && account.locked_until > new Date()) {
      const seconds = Math.ceil((account.locked_until.getTime() - Date.now()) / 1000)
      await writeAudit(app.db.pool, { actor: username, action: 'login_failed', ip: request.ip, reason: 'locked' })
      reply.header('Retry-After', String(seconds))
      throw new HttpError(429, 'ACCOUNT_LOCKED', `连续登录失败次数过多，请 ${seconds} 秒后再试 (too many failed sign-ins; try again in ${seconds} s)`)
    }
    const ok = await checkPassword(account?.password_hash ?? null, password)
    if (!account || !ok || account.disabled) {
      if (account && !ok) await recordFailedLogin(app.db.pool, account.id)
      await writeAudit(app.db.pool, {
        actor: account?.username ?? username.slice(0, 64), action: 'login_failed', ip: request.ip,
        reason: !account ? 'unknown user' : account.disabled ? 'disabled' : 'wrong password',
      })
      throw new HttpError(401, 'BAD_CREDENTIALS', '用户名或密码错误 (wrong username or password)')
    }
    await recordLogin(app.db.pool, account.id)
    const token = newToken('hs')
    const expires = await insertSession(app.db.pool, tokenHash(token), { accountId: account.id }, config.SESSION_HOURS)
    await writeAudit(app.db.pool, { actor: account.username, action: 'login', ip: request.ip })
    setSessionCookie(request, reply, token, expires)
    return describe({ kind: 'user', accountId: account.id, username: account.username, displayName: account.display_name, role: account.role, areaId: account.area_id, department: account.department })
  })

  // The wall display: /screen?kiosk=<key> trades a kiosk key for a long session cookie.
  app.post('/api/auth/kiosk', { config: { access: 'public', rateLimit: loginLimit }, schema: { body: KioskBody, response: { 200: Me, ...errors } } }, async (request, reply) => {
    const principal = await app.auth.fromKey(request.body.token)
    if (!principal || principal.kind !== 'key' || principal.purpose !== 'kiosk') {
      throw new HttpError(401, 'BAD_KIOSK_KEY', '大屏令牌无效或已吊销 (unknown or revoked kiosk key)')
    }
    const token = newToken('hs')
    const expires = await insertSession(app.db.pool, tokenHash(token), { keyId: principal.keyId }, KIOSK_SESSION_HOURS)
    setSessionCookie(request, reply, token, expires)
    return describe(principal)
  })

  app.post('/api/auth/logout', { config: { access: 'public' }, schema: { response: { 204: { type: 'null' } } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      await deleteSession(app.db.pool, tokenHash(token))
      app.auth.forget()
      if (request.principal?.kind === 'user') await writeAudit(app.db.pool, { actor: request.principal.username, action: 'logout', ip: request.ip })
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send(null)
  })

  app.get('/api/auth/me', { schema: { response: { 200: Me, ...errors } } }, async (request) => describe(request.principal!))

  app.post('/api/auth/password', { config: { rateLimit: loginLimit }, schema: { body: PasswordBody, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    const p = request.principal!
    if (p.kind !== 'user') throw new HttpError(403, 'FORBIDDEN', '只有账号可以修改密码 (only accounts have passwords)')
    const account = await accountById(app.db.pool, p.accountId)
    if (!account || !(await checkPassword(account.password_hash, request.body.current))) {
      throw new HttpError(401, 'BAD_CREDENTIALS', '当前密码不正确 (the current password is wrong)')
    }
    const problem = passwordProblem(request.body.next, account.username)
    if (problem) throw badRequest(problem, 'WEAK_PASSWORD')
    await updateAccount(app.db.pool, account.id, { passwordHash: await hashPassword(request.body.next) })
    // Other sessions of this account end: a changed password is often a suspected leak.
    await deleteSessionsOf(app.db.pool, account.id, request.cookies[SESSION_COOKIE] ? tokenHash(request.cookies[SESSION_COOKIE]!) : null)
    app.auth.forget()
    await writeAudit(app.db.pool, { actor: account.username, action: 'password_change', ip: request.ip })
    return reply.code(204).send(null)
  })

  // Listed on the sign-in page only while the generated demo district is loaded and DEMO_DATA is on.
  app.get('/api/auth/demo-accounts', { config: { access: 'public' }, schema: { response: { 200: DemoAccounts } } }, async () => {
    if (!config.DEMO_DATA) return { accounts: [], kioskKey: null }
    const { rows } = await app.db.pool.query<{ username: string; display_name: string; role: string; area_name: string | null }>(
      `SELECT a.username, a.display_name, a.role, ar.name AS area_name FROM accounts a LEFT JOIN areas ar ON ar.id = a.area_id
       WHERE a.demo AND NOT a.disabled AND EXISTS (SELECT 1 FROM dataset_info WHERE source = 'generated')`,
    )
    const order = DEMO_ACCOUNTS.map((a) => a.username)
    rows.sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username))
    const kiosk = await app.auth.fromKey(DEMO_KIOSK_KEY)
    return {
      accounts: rows.map((r) => ({ username: r.username, password: DEMO_PASSWORD, role: r.role as never, displayName: r.display_name, areaName: r.area_name })),
      kioskKey: rows.length && kiosk ? DEMO_KIOSK_KEY : null,
    }
  })

  async function describe(p: NonNullable<FastifyRequest['principal']>) {
    const area = p.areaId ? await areaExists(app.db.pool, p.areaId) : null
    const permissions = PERMISSIONS.filter((x) => can(p, x))
    if (p.kind === 'user') {
      return {
        kind: 'user' as const, username: p.username, role: p.role, areaId: p.areaId, displayName: p.displayName,
        areaName: area?.name ?? null, department: p.department, permissions, actions: [...actionsFor(p)],
      }
    }
    return {
      kind: p.purpose === 'kiosk' ? ('kiosk' as const) : ('key' as const), username: `key:${p.name}`, role: null, areaId: p.areaId,
      displayName: p.name, areaName: area?.name ?? null, department: null, permissions, actions: [],
    }
  }

  await app.register(adminRoutes)
}

export default auth
