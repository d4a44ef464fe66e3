import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { badRequest, conflict, HttpError, notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { DEPARTMENT_CODES, type DepartmentCode } from '../../domain/cases/taxonomy.ts'
import type { Role } from '../../domain/vocabulary/index.ts'
import {
  AccountList, Account, AccountPatchBody, ApiKey, ApiKeyList, AuditList, AuditQuery, CreatedKey, KeyParams, NewAccountBody, NewKeyBody, UsernameParams,
} from './schemas.ts'
import {
  accountByName, areaExists, deleteSessionsOf, insertAccount, insertKey, listAccounts, listAudit, listKeys, revokeKey, updateAccount, writeAudit,
  type AccountRow, type KeyRow,
} from './queries.ts'
import { hashPassword, passwordProblem } from './passwords.ts'
import { newToken, tokenHash } from './tokens.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const admin = { access: 'admin' as const }

const toAccount = (a: AccountRow) => ({
  id: a.id, username: a.username, displayName: a.display_name, role: a.role, areaId: a.area_id, department: a.department,
  demo: a.demo, disabled: a.disabled, locked: !!a.locked_until && a.locked_until > new Date(), createdAt: a.created_at.toISOString(),
})
const toKey = (k: KeyRow) => ({
  id: k.id, name: k.name, purpose: k.purpose, source: k.source, areaId: k.area_id, prefix: k.key_prefix, createdBy: k.created_by,
  createdAt: k.created_at.toISOString(), revokedAt: k.revoked_at?.toISOString() ?? null, lastUsedAt: k.last_used_at?.toISOString() ?? null,
})

/** Accounts, API keys and the audit log: the administrator's routes. Every change is audited. */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function checkPlacement(role: Role, areaId: string | null, department: string | null) {
    if (areaId !== null && !(await areaExists(app.db.pool, areaId))) throw badRequest(`no area with id ${areaId}`, 'UNKNOWN_AREA')
    if (role === 'department') {
      if (!department || !DEPARTMENT_CODES.includes(department as DepartmentCode)) {
        throw badRequest(`a department account needs a department: ${DEPARTMENT_CODES.join(', ')}`, 'UNKNOWN_DEPARTMENT')
      }
    } else if (department) throw badRequest('only department accounts have a department', 'UNEXPECTED_DEPARTMENT')
    if (['street_operator', 'community_worker'].includes(role) && areaId === null) {
      throw badRequest(`a ${role} account needs an area (its street, community or grid)`, 'AREA_REQUIRED')
    }
  }

  app.get('/api/admin/accounts', { config: admin, schema: { response: { 200: AccountList, ...errors } } }, async () => ({
    accounts: (await listAccounts(app.db.pool)).map(toAccount),
  }))

  app.post('/api/admin/accounts', { config: admin, schema: { body: NewAccountBody, response: { 201: Account, ...errors } } }, async (request, reply) => {
    const b = request.body
    const areaId = b.areaId ?? null
    const department = b.department ?? null
    await checkPlacement(b.role, areaId, department)
    const problem = passwordProblem(b.password, b.username)
    if (problem) throw badRequest(problem, 'WEAK_PASSWORD')
    const id = await insertAccount(app.db.pool, { username: b.username, displayName: b.displayName, role: b.role, areaId, department, passwordHash: await hashPassword(b.password) })
    if (id === null) throw conflict(`an account named ${b.username} exists`, 'ACCOUNT_EXISTS')
    await writeAudit(app.db.pool, { actor: request.actor, action: 'account_create', target: b.username, ip: request.ip, detail: { role: b.role, areaId, department } })
    return reply.code(201).send(toAccount((await accountByName(app.db.pool, b.username))!))
  })

  app.patch('/api/admin/accounts/:username', { config: admin, schema: { params: UsernameParams, body: AccountPatchBody, response: { 200: Account, ...errors } } }, async (request) => {
    const account = await accountByName(app.db.pool, request.params.username)
    if (!account) throw notFound(`no account named ${request.params.username}`)
    const b = request.body
    const role = b.role ?? account.role
    const areaId = b.areaId !== undefined ? b.areaId : account.area_id
    const department = b.department !== undefined ? b.department : role === 'department' ? account.department : null
    await checkPlacement(role, areaId, department)
    if (request.principal?.kind === 'user' && request.principal.accountId === account.id && (b.disabled || (b.role && b.role !== 'admin'))) {
      throw new HttpError(409, 'SELF_LOCKOUT', '不能停用或降级自己的账号 (an administrator cannot disable or demote itself)')
    }
    if (b.password !== undefined) {
      const problem = passwordProblem(b.password, account.username)
      if (problem) throw badRequest(problem, 'WEAK_PASSWORD')
    }
    const next = await updateAccount(app.db.pool, account.id, {
      displayName: b.displayName, role: b.role, areaId: b.areaId, department, disabled: b.disabled,
      passwordHash: b.password !== undefined ? await hashPassword(b.password) : undefined,
    })
    // A changed role, area, password or a disabled account takes effect now, not at the next sign-in.
    if (b.disabled || b.password !== undefined || b.role || b.areaId !== undefined) await deleteSessionsOf(app.db.pool, account.id, null)
    app.auth.forget()
    const changed = Object.keys(b).filter((k) => k !== 'password').concat(b.password !== undefined ? ['password'] : [])
    await writeAudit(app.db.pool, { actor: request.actor, action: 'account_update', target: account.username, ip: request.ip, detail: { changed } })
    return toAccount(next!)
  })

  app.get('/api/admin/keys', { config: admin, schema: { response: { 200: ApiKeyList, ...errors } } }, async () => ({
    keys: (await listKeys(app.db.pool)).map(toKey),
  }))

  app.post('/api/admin/keys', { config: admin, schema: { body: NewKeyBody, response: { 201: CreatedKey, ...errors } } }, async (request, reply) => {
    const b = request.body
    const source = b.source ?? null
    if ((b.purpose === 'intake') !== (source !== null)) {
      throw badRequest(b.purpose === 'intake' ? 'an intake key needs the source it posts as' : `a ${b.purpose} key has no source`, 'KEY_SOURCE')
    }
    const areaId = b.areaId ?? null
    if (areaId !== null && !(await areaExists(app.db.pool, areaId))) throw badRequest(`no area with id ${areaId}`, 'UNKNOWN_AREA')
    const key = newToken(b.purpose === 'kiosk' ? 'kiosk' : 'hk')
    const row = await insertKey(app.db.pool, { name: b.name, purpose: b.purpose, source, areaId, keyHash: tokenHash(key), keyPrefix: key.slice(0, 10), createdBy: request.actor })
    await writeAudit(app.db.pool, { actor: request.actor, action: 'key_create', target: `${row.id}:${b.name}`, ip: request.ip, detail: { purpose: b.purpose, source, areaId } })
    return reply.code(201).send({ key, apiKey: toKey(row) })
  })

  app.delete('/api/admin/keys/:id', { config: admin, schema: { params: KeyParams, response: { 200: ApiKey, ...errors } } }, async (request) => {
    const row = await revokeKey(app.db.pool, request.params.id)
    if (!row) throw notFound(`no key ${request.params.id}`)
    // Sessions opened with a kiosk key end with it.
    await app.db.pool.query('DELETE FROM sessions WHERE key_id = $1', [row.id])
    app.auth.forget()
    await writeAudit(app.db.pool, { actor: request.actor, action: 'key_revoke', target: `${row.id}:${row.name}`, ip: request.ip })
    return toKey(row)
  })

  app.get('/api/admin/audit', { config: admin, schema: { querystring: AuditQuery, response: { 200: AuditList, ...errors } } }, async (request) => ({
    entries: (await listAudit(app.db.pool, request.query)).map((e) => ({ ...e, at: e.at.toISOString() })),
  }))
}

export default adminRoutes
