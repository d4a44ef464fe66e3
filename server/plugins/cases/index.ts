import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { badRequest, notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { allowedActions } from '../../domain/cases/lifecycle.ts'
import { maskEventPayload, toCaseView } from '../../domain/cases/view.ts'
import type { Status } from '../../domain/cases/types.ts'
import {
  CaseDetail, CaseList, CaseParams, CaseView, EventList, EventsQuery, IntakeBody, ListQuery, StatsQuery, StatsResponse, TransitionBody,
} from './schemas.ts'
import { findArea, getCase, listCases, usePreparedStatements } from './queries.ts'
import { caseEvents, latestSettledEventId, readEvents, readSettledEvents } from './log-queries.ts'
import { rowToMessage, toLiveEvent, transitionCase } from './service.ts'
import { intakeCase } from './intake.ts'
import { toAction, transitionBodyError } from './to-action.ts'
import { caseStats } from './stats.ts'
import { taxonomy, Taxonomy } from './taxonomy-route.ts'
import { hasWindow, windowOf } from './window.ts'
import caseExport from './export.ts'

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }

/** The closed loop: intake, transitions, queries and KPIs; every write is pushed on /live. */
const cases: FastifyPluginAsyncTypebox = async (app) => {
  if (app.db.mode === 'external') usePreparedStatements(app.db.pool)
  app.live.setSource({
    eventName: 'case-event',
    latestId: () => latestSettledEventId(app.db.pool),
    readSettled: async (after, upTo, limit) => (await readSettledEvents(app.db.pool, after, upTo, limit)).map((r) => toLiveEvent(rowToMessage(r))),
    readRange: async (after, upTo, key, limit) => (await readEvents(app.db.pool, after, upTo, key, limit)).map((r) => toLiveEvent(rowToMessage(r))),
    checkKey: async (key) => ((await findArea(app.db.pool, key)) ? null : `no area with id ${key}`),
  })

  app.post('/api/cases', { schema: { body: IntakeBody, response: { 200: CaseView, 201: CaseView, ...errors } } }, async (request, reply) => {
    const { state, created } = await intakeCase(app, request.body, request.actor)
    return reply.code(created ? 201 : 200).send(toCaseView(state, new Date().toISOString()))
  })

  app.get('/api/cases', { schema: { querystring: ListQuery, response: { 200: CaseList, ...errors } } }, async (request) => {
    const q = request.query
    const now = new Date()
    const area = q.area ? await findArea(app.db.pool, q.area) : undefined
    if (q.area && !area) throw notFound(`no area with id ${q.area}`)
    const { total, states } = await listCases(app.db.pool, {
      area: area ? { level: area.level, id: area.id } : undefined,
      statuses: q.status?.split(',') as Status[] | undefined,
      categories: q.category?.split(','),
      class721: q.class721,
      source: q.source,
      range: windowOf(q, now),
      overdue: q.overdue,
      now: now.toISOString(),
      limit: q.limit,
      offset: q.offset,
    })
    return { total, limit: q.limit, offset: q.offset, items: states.map((s) => toCaseView(s, now.toISOString())) }
  })

  app.get('/api/cases/stats', { schema: { querystring: StatsQuery, response: { 200: StatsResponse, ...errors } } }, async (request) => {
    const now = new Date()
    return caseStats(app.db.pool, request.query.area ?? null, windowOf(hasWindow(request.query) ? request.query : { window: '7d' }, now)!, now)
  })

  await app.register(caseExport)

  app.get('/api/cases/categories', { schema: { response: { 200: Taxonomy } } }, async () => taxonomy)

  app.get('/api/cases/:id', { schema: { params: CaseParams, response: { 200: CaseDetail, ...errors } } }, async (request) => {
    const state = await getCase(app.db.pool, request.params.id)
    if (!state) throw notFound(`no case with id ${request.params.id}`)
    const events = await caseEvents(app.db.pool, state.id)
    return {
      ...toCaseView(state, new Date().toISOString()),
      allowedActions: allowedActions(state),
      events: events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), actor: e.actor, payload: maskEventPayload(e) })),
    }
  })

  app.post(
    '/api/cases/:id/transitions',
    // The body's errors are worded here, where the body is at hand: what the chosen action needs, and the value refused.
    { schema: { params: CaseParams, body: TransitionBody, response: { 200: CaseDetail, ...errors } }, attachValidation: true },
    async (request) => {
      const invalid = request.validationError
      if (invalid) {
        if (invalid.validationContext === 'body') throw transitionBodyError(invalid.validation, request.body)
        throw badRequest(invalid.message, 'VALIDATION')
      }
      const next = await transitionCase(app, request.params.id, toAction(request.body), request.actor)
      return { ...toCaseView(next, next.updatedAt), allowedActions: allowedActions(next) }
    },
  )

  app.get('/api/events', { schema: { querystring: EventsQuery, response: { 200: EventList, ...errors } } }, async (request) => {
    const { after, limit, area } = request.query
    if (area && !(await findArea(app.db.pool, area))) throw notFound(`no area with id ${area}`)
    // Only up to what this instance has delivered in order: beyond it an earlier id may still commit.
    const rows = await readEvents(app.db.pool, after, app.live.watermark(), area ?? null, limit)
    return { events: rows.map(rowToMessage) }
  })
}

export default cases
