import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { badRequest, HttpError, notFound, unavailableAs503 } from '../../lib/errors.ts'
import { caseInScope, getCase, listCases } from '../cases/queries.ts'
import { intakeCase } from '../cases/intake.ts'
import {
  CreatedRequest, CreateRequestBody, ListRequestsQuery, Open311Error, RequestParams, Service, ServiceDefinition, ServiceRequests,
} from './schemas.ts'
import { services, statusesFor, toIntake, toServiceRequest } from './mapping.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { parseInstant } from '../../lib/instant.ts'

const DAY_MS = 86_400_000
/** GeoReport v2 defaults: the last 90 days, at most 1000 requests. */
const DEFAULT_SPAN_DAYS = 90
const MAX_REQUESTS = 1000

const errors = { 400: Open311Error, 404: Open311Error }

/** A read key (a GIS tool, a wall display) gets no free text or address, where residents write personal details. */
function visible<T extends { description: string | null; address: string | null }>(request: FastifyRequest, r: T): T {
  return request.scope().personalData ? r : { ...r, description: null, address: null }
}

/**
 * Open311 GeoReport v2 (JSON) on the same case store, so existing 311 clients can post and read.
 * service_code is the case category code. Errors use GeoReport's own shape, [{code, description}],
 * which 311 clients parse; that is the only reason this plugin has its own error handler.
 */
const open311: FastifyPluginAsyncTypebox = async (app) => {
  // 311 clients post form-encoded bodies; JSON is accepted too.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    err = unavailableAs503(err, request.log)
    if (err instanceof HttpError && err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds))
    const status = err instanceof HttpError ? err.statusCode : err.validation ? 400 : (err.statusCode ?? 500)
    if (status === 503) return reply.code(503).send([{ code: 503, description: err.message }])
    if (status >= 500) {
      request.log.error({ err }, 'open311 request failed')
      return reply.code(500).send([{ code: 500, description: 'the server failed to handle this request' }])
    }
    return reply.code(status).send([{ code: status, description: err.message }])
  })

  app.get('/open311/v2/services.json', { config: { access: 'public' }, schema: { response: { 200: Type.Array(Service) } } }, async () => services)

  app.get('/open311/v2/services/:code(^[a-z0-9_]+).json', { config: { access: 'public' }, schema: { response: { 200: ServiceDefinition, ...errors } } }, async (request) => {
    const { code } = request.params as { code: string }
    if (!findCategory(code)) throw notFound(`no service with code ${code}`)
    // No service has extra attributes (metadata is false for all of them).
    return { service_code: code, attributes: [] }
  })

  // GeoReport clients send their key as `api_key`; a key bound to a source posts as that source.
  app.post('/open311/v2/requests.json', { config: { access: 'intake', apiKeyParam: true, rateLimit: { max: 1200, timeWindow: '1 minute' } }, schema: { body: CreateRequestBody, response: { 200: CreatedRequest, ...errors } } }, async (request) => {
    const p = request.principal!
    const intake = toIntake(request.body)
    const { state } = await intakeCase(app, p.kind === 'key' && p.source ? { ...intake, source: p.source } : intake, request.actor)
    return [{ service_request_id: String(state.id), service_notice: null, account_id: request.body.account_id ?? null }]
  })

  app.get('/open311/v2/requests.json', { schema: { querystring: ListRequestsQuery, response: { 200: ServiceRequests, ...errors } } }, async (request) => {
    const q = request.query
    const now = Date.now()
    const to = q.end_date ? parseDate(q.end_date, 'end_date') : now
    const from = q.start_date ? parseDate(q.start_date, 'start_date') : to - DEFAULT_SPAN_DAYS * DAY_MS
    if (from > to) throw badRequest('start_date must not be after end_date')
    const ids = q.service_request_id?.split(',').map(Number)
    const { states } = await listCases(app.db.pool, {
      ids,
      categories: q.service_code?.split(','),
      statuses: q.status ? statusesFor(q.status.split(',')) : undefined,
      // Asking for ids overrides the date window, as the spec says.
      range: ids ? null : { from: new Date(from).toISOString(), to: new Date(to + 1).toISOString() },
      scope: request.scope(),
      now: new Date(now).toISOString(),
      limit: MAX_REQUESTS,
      offset: 0,
    })
    return states.map((st) => visible(request, toServiceRequest(st)))
  })

  app.get('/open311/v2/requests/:id(^\\d+).json', { schema: { params: RequestParams, response: { 200: ServiceRequests, ...errors } } }, async (request) => {
    const where = await caseInScope(app.db.pool, request.params.id, request.scope())
    if (where === 'outside') throw new HttpError(403, 'OUT_OF_SCOPE', `service request ${request.params.id} is outside your area`)
    const state = where === 'inside' ? await getCase(app.db.pool, request.params.id) : null
    if (!state) throw notFound(`no service request ${request.params.id}`)
    return [visible(request, toServiceRequest(state))]
  })
}

function parseDate(v: string, name: string): number {
  const t = parseInstant(v)
  if ('problem' in t) throw badRequest(`${name} ${t.problem === 'is not an ISO 8601 time' ? 'must be a W3C (ISO 8601) date-time' : t.problem}, got ${v}`)
  return t.ms
}

export default open311
