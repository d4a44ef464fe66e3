import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { HttpError } from '../../lib/errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting; recorded as the actor of case events. */
    actor: string
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The one place where writes are authorised. Permissive for now: every write is allowed and the actor
 * is taken from the X-Actor header. Roles and area scope (a community may only act on its own cases)
 * go here later without touching any route.
 */
export function authorizeWrite(request: FastifyRequest): void {
  const header = request.headers['x-actor']
  const actor = typeof header === 'string' && header.trim() ? header.trim().slice(0, 64) : 'anonymous'
  if (/[\u0000-\u001f]/.test(actor)) throw new HttpError(400, 'BAD_ACTOR', 'X-Actor must be printable text')
  request.actor = actor
}

export default fp(
  async (app) => {
    app.decorateRequest('actor', 'anonymous')
    app.addHook('preHandler', async (request) => {
      if (WRITE_METHODS.has(request.method)) authorizeWrite(request)
    })
  },
  { name: 'auth' },
)
