import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorOf, can, scopeOf, type Permission, type Principal, type Scope } from '../../domain/access/policy.ts'
import { keyByHash, sessionPrincipal } from './queries.ts'
import { tokenHash } from './tokens.ts'

/**
 * What a route needs: 'public' (health, sign-in, the web app, Open311's service list), or a permission
 * (server/domain/access/policy.ts), or a list of which any one will do. Routes that say nothing need 'read'. `apiKeyParam` lets GeoReport
 * clients send their key as the `api_key` parameter.
 */
export type Access = 'public' | Permission | readonly Permission[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    apiKeyParam?: boolean
  }
  interface FastifyRequest {
    /** Who is asking; null only on public routes. */
    principal: Principal | null
    /** Recorded as the actor of case events: the signed-in username or the key's name, never a header. */
    actor: string
    /** What the principal may reach (throws on public routes without a principal). */
    scope(): Scope
  }
}

export const SESSION_COOKIE = 'hl_session'
/** Principals looked up from a session are kept this long, so a page of tiles costs one query, not fifty. */
const CACHE_MS = 10_000
const CACHE_MAX = 10_000

interface Cached {
  principal: Principal | null
  until: number
}

export interface Authenticator {
  /** The principal behind a session token or API key (cached briefly), or null. */
  fromSession(token: string): Promise<Principal | null>
  fromKey(key: string): Promise<Principal | null>
  /** Whoever the request's cookie or Authorization/X-API-Key header names, or null. */
  fromRequest(request: { headers: FastifyRequest['headers']; cookies?: Record<string, string | undefined> }): Promise<Principal | null>
  /** Forget cached principals: after a sign-out, an account change or a key revocation. */
  forget(): void
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Authenticator
  }
}

const unauthenticated = (reply: FastifyReply) =>
  reply.code(401).send({ error: 'Unauthorized', message: '请先登录 (sign in, or send an API key)', code: 'UNAUTHENTICATED' })

export function forbidden(reply: FastifyReply, message: string) {
  return reply.code(403).send({ error: 'Forbidden', message, code: 'FORBIDDEN' })
}

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return undefined
}

/**
 * The one place requests are authenticated and authorised. Every route's `access` is checked before
 * validation (an anonymous caller learns nothing about a route's schema); scope is applied by each
 * domain's SQL through `request.scope()`.
 */
export default fp(
  async (app) => {
    await app.register(cookie)
    const cache = new Map<string, Cached>()

    async function cached(hash: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
      const hit = cache.get(hash)
      if (hit && hit.until > Date.now()) return hit.principal
      const principal = await load()
      if (cache.size >= CACHE_MAX) cache.clear()
      cache.set(hash, { principal, until: Date.now() + CACHE_MS })
      return principal
    }

    const auth: Authenticator = {
      fromSession: (token) => cached(`s:${tokenHash(token)}`, () => sessionPrincipal(app.db.pool, tokenHash(token))),
      fromKey: (key) =>
        cached(`k:${tokenHash(key)}`, async () => {
          const row = await keyByHash(app.db.pool, tokenHash(key))
          return row && { kind: 'key', keyId: row.id, name: row.name, purpose: row.purpose, source: row.source, areaId: row.area_id }
        }),
      async fromRequest(request) {
        const session = request.cookies?.[SESSION_COOKIE] ?? parseCookie(request.headers.cookie, SESSION_COOKIE)
        if (session) {
          const p = await auth.fromSession(session)
          if (p) return p
        }
        const header = request.headers.authorization
        const bearer = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined
        const key = bearer ?? (typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined)
        return key ? auth.fromKey(key) : null
      },
      forget: () => cache.clear(),
    }
    app.decorate('auth', auth)
    app.decorateRequest('principal', null)
    app.decorateRequest('actor', 'anonymous')
    app.decorateRequest('scope', function (this: FastifyRequest) {
      if (!this.principal) throw new Error('scope() on a request without a principal')
      return scopeOf(this.principal)
    })

    // The web app's files are public: mark the static routes as they are added.
    app.addHook('onRoute', (route) => {
      if (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))) {
        if (route.url === '/*' || route.url === '/') route.config = { ...(route.config ?? {}), access: 'public' }
      }
    })

    app.addHook('preValidation', async (request, reply) => {
      if (request.routeOptions.url === undefined) return // no such route: the 404 handler answers
      const access = request.routeOptions.config?.access ?? 'read'
      // A public route answers whoever asks, also while the database that holds sessions is away
      // (health must be able to say `degraded`); elsewhere such a failure is the error handler's 503.
      let principal = access === 'public' ? await auth.fromRequest(request).catch(() => null) : await auth.fromRequest(request)
      if (!principal && request.routeOptions.config?.apiKeyParam) {
        const param = (request.body as Record<string, unknown> | undefined)?.api_key ?? (request.query as Record<string, unknown>)?.api_key
        if (typeof param === 'string' && param) principal = await auth.fromKey(param)
      }
      request.principal = principal
      if (principal) request.actor = actorOf(principal)
      if (access === 'public') return
      if (!principal) return unauthenticated(reply)
      const needed: readonly Permission[] = typeof access === 'string' ? [access] : access
      if (!needed.some((p) => can(principal, p))) {
        const what = needed.join(' / ')
        return forbidden(reply, `无权限: 此操作需要 ${what} 权限 (your ${principal.kind === 'user' ? `role ${principal.role}` : `${principal.purpose} key`} may not ${what})`)
      }
    })
  },
  { name: 'auth', dependencies: ['db'] },
)
