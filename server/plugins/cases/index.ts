import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { badRequest, notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { toCaseView, withoutPersonalData } from '../../domain/cases/view.ts'
import { mayTakeAction, scopeOf, type Principal, type Scope } from '../../domain/access/policy.ts'
import type { FastifyRequest } from 'fastify'
import { HttpError } from '../../lib/errors.ts'
import { areaWithin } from '../auth/queries.ts'
import type { Status } from '../../domain/cases/types.ts'
import {
  CaseDetail, CaseList, CaseParams, CaseView, DaysQuery, DaysResponse, EventList, EventsQuery, IntakeBody, ListQuery, NearbyList, NearbyQuery, QueueCounts, QueueQuery,
  StatsQuery, StatsResponse, TransitionBody,
} from './schemas.ts'
import { nearbyCases, queueCounts } from './queue-queries.ts'
import { toWgs84 } from '../../domain/cases/crs.ts'
import { caseInScope, findArea, getCase, listCases, pointInArea, usePreparedStatements } from './queries.ts'
import { intakeLocation, type Intake } from '../../domain/cases/create-case.ts'
import { revealReporter, UnmaskBody, Reporter } from './unmask.ts'
import { latestSettledEventId, readEvents, readSettledEvents } from './log-queries.ts'
import { rowToMessage, toLiveEvent, transitionCase } from './service.ts'
import { intakeCase } from './intake.ts'
import { toAction, transitionBodyError } from './to-action.ts'
import { caseDaysWithData, caseStats } from './stats.ts'
import { taxonomy, Taxonomy } from './taxonomy-route.ts'
import { hasWindow, windowOf } from './window.ts'
import caseExport from './export.ts'
import { caseDetail } from './detail.ts'
import { visiblePhotos } from '../photos/queries.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse }

/** Live subscription keys are area ids or `dept:<code>`; as a read filter they are a scope. */
const keyScope = (key: string | null): Scope | null =>
  key === null ? null : key.startsWith('dept:') ? { areaId: null, department: key.slice(5), personalData: true } : { areaId: key, department: null, personalData: true }

const outsideScope = () => new HttpError(403, 'OUT_OF_SCOPE', '此诉求不在您的辖区内 (this case is outside your area)')

/** The closed loop: intake, transitions, queries and KPIs; every write is pushed on /live. */
const cases: FastifyPluginAsyncTypebox = async (app) => {
  if (app.db.mode === 'external') usePreparedStatements(app.db.pool)
  app.live.setSource({
    eventName: 'case-event',
    latestId: () => latestSettledEventId(app.db.pool),
    readSettled: async (after, upTo, limit) => (await readSettledEvents(app.db.pool, after, upTo, limit))?.map((r) => toLiveEvent(rowToMessage(r))) ?? null,
    readRange: async (after, upTo, key, limit) => (await readEvents(app.db.pool, after, upTo, keyScope(key), limit)).map((r) => toLiveEvent(rowToMessage(r))),
    grant: async (handshake, areaId) => {
      const headers = handshake.token ? { ...handshake.headers, authorization: `Bearer ${handshake.token}` } : handshake.headers
      const principal = await app.auth.fromRequest({ headers })
      if (!principal) return 'unauthenticated: sign in, or send a kiosk or read key as auth.token'
      const scope = scopeOf(principal)
      if (principal.kind === 'key' && principal.purpose === 'intake') return 'an intake key cannot subscribe to live events'
      if (scope.department !== null) return { key: `dept:${scope.department}`, personalData: scope.personalData }
      if (areaId !== null) {
        if (!(await findArea(app.db.pool, areaId))) return `no area with id ${areaId}`
        if (!(await areaWithin(app.db.pool, areaId, scope.areaId))) return `area ${areaId} is outside your area`
      }
      return { key: areaId ?? scope.areaId, personalData: scope.personalData }
    },
    redact: (message) => {
      const m = message as ReturnType<typeof rowToMessage>
      return { ...m, case: withoutPersonalData(m.case) }
    },
  })

  /** The case as this principal may see it. */
  const shown = (request: FastifyRequest, view: ReturnType<typeof toCaseView>) => (request.scope().personalData ? view : withoutPersonalData(view))

  /** 404 for no such case, 403 for a case outside the principal's scope (decided in SQL). */
  async function requireCaseInScope(request: FastifyRequest, id: number) {
    const where = await caseInScope(app.db.pool, id, request.scope())
    if (where === 'absent') throw notFound(`no case with id ${id}`)
    if (where === 'outside') throw outsideScope()
  }

  /** A street, community or grid account reports inside its own area (a bad location is intake's 400). */
  async function requirePlaceInScope(request: FastifyRequest, intake: Intake) {
    const root = request.scope().areaId
    if (root === null) return
    let at
    try {
      at = intakeLocation(intake)
    } catch {
      return
    }
    if (!(await pointInArea(app.db.pool, root, at.lng, at.lat))) {
      throw new HttpError(403, 'OUT_OF_SCOPE', '上报位置不在您的辖区内 (the location is outside your area)')
    }
  }

  /** An area asked for must lie inside the principal's; none asked for means the principal's own. */
  async function areaInScope(request: FastifyRequest, areaId: string | undefined): Promise<string | undefined> {
    const root = request.scope().areaId
    if (areaId === undefined) return root ?? undefined
    if (!(await findArea(app.db.pool, areaId))) throw notFound(`no area with id ${areaId}`)
    if (!(await areaWithin(app.db.pool, areaId, root))) throw new HttpError(403, 'OUT_OF_SCOPE', `区域 ${areaId} 不在您的辖区内 (area ${areaId} is outside your area)`)
    return areaId
  }

  /** Photos cited by a report or an action: each uploaded before and visible to this principal. */
  async function requirePhotos(request: FastifyRequest, ids: readonly string[] | undefined): Promise<readonly string[]> {
    if (!ids?.length) return []
    const visible = await visiblePhotos(app.db.pool, ids, request.actor, request.scope())
    const unknown = ids.filter((id) => !visible.has(id))
    if (unknown.length) throw badRequest(`照片不存在或未上传 (no uploaded photo ${unknown.join(', ')}; upload to POST /api/photos first)`, 'UNKNOWN_PHOTO')
    return ids
  }

  app.post('/api/cases', { config: { access: 'intake', rateLimit: INTAKE_LIMIT }, schema: { body: IntakeBody, response: { 200: CaseView, 201: CaseView, ...errors } } }, async (request, reply) => {
    checkSource(request.principal!, request.body.source)
    await requirePlaceInScope(request, request.body)
    const photos = await requirePhotos(request, request.body.photos)
    const { state, created } = await intakeCase(app, request.body, request.actor, photos)
    return reply.code(created ? 201 : 200).send(shown(request, toCaseView(state, new Date().toISOString())))
  })

  app.get('/api/cases', { schema: { querystring: ListQuery, response: { 200: CaseList, ...errors } } }, async (request) => {
    const q = request.query
    const now = new Date()
    const area = q.area ? await findArea(app.db.pool, q.area) : undefined
    if (q.area && !area) throw notFound(`no area with id ${q.area}`)
    const { total, states } = await listCases(app.db.pool, {
      area: area ? { level: area.level, id: area.id } : undefined,
      scope: request.scope(),
      statuses: q.status?.split(',') as Status[] | undefined,
      categories: q.category?.split(','),
      class721: q.class721,
      source: q.source,
      range: windowOf(q, now),
      overdue: q.overdue,
      buildingId: q.building,
      priorities: q.priority?.split(','),
      q: q.q,
      whistle: q.whistle,
      now: now.toISOString(),
      limit: q.limit,
      offset: q.offset,
      sort: q.sort,
      order: q.order,
    })
    return { total, limit: q.limit, offset: q.offset, items: states.map((s) => shown(request, toCaseView(s, now.toISOString()))) }
  })

  app.get('/api/cases/stats', { schema: { querystring: StatsQuery, response: { 200: StatsResponse, ...errors } } }, async (request) => {
    const now = new Date()
    const area = await areaInScope(request, request.query.area)
    return caseStats(app.db.pool, area ?? null, windowOf(hasWindow(request.query) ? request.query : { window: '7d' }, now)!, now)
  })

  app.get('/api/cases/days', { schema: { querystring: DaysQuery, response: { 200: DaysResponse, ...errors } } }, async (request) => {
    const area = await areaInScope(request, request.query.area)
    return caseDaysWithData(app.db.pool, area ?? null, request.query.days, new Date())
  })

  await app.register(caseExport)

  app.get('/api/cases/queue', { config: { access: 'read_cases' }, schema: { querystring: QueueQuery, response: { 200: QueueCounts, ...errors } } }, async (request) => {
    const areaId = request.query.area === undefined ? undefined : await areaInScope(request, request.query.area)
    const area = areaId === undefined ? null : await findArea(app.db.pool, areaId)
    return queueCounts(app.db.pool, request.scope(), area && { level: area.level, id: area.id }, new Date().toISOString())
  })

  app.get('/api/cases/nearby', { config: { access: 'read_cases' }, schema: { querystring: NearbyQuery, response: { 200: NearbyList, ...errors } } }, async (request) => {
    const { lng, lat, crs, category } = request.query
    let at
    try {
      at = toWgs84({ lng, lat }, crs ?? 'wgs84')
    } catch (err) {
      throw badRequest((err as Error).message, 'BAD_COORDINATES')
    }
    const now = new Date().toISOString()
    const rows = await nearbyCases(app.db.pool, at, category ?? null, request.scope(), now)
    return { items: rows.map((r) => ({ ...shown(request, toCaseView(r.state, now)), distanceM: r.distanceM, likelyDuplicate: r.likelyDuplicate })) }
  })

  app.get('/api/cases/categories', { schema: { response: { 200: Taxonomy } } }, async () => taxonomy)

  app.get('/api/cases/:id', { config: { access: 'read_cases' }, schema: { params: CaseParams, response: { 200: CaseDetail, ...errors } } }, async (request) => {
    await requireCaseInScope(request, request.params.id)
    const state = await getCase(app.db.pool, request.params.id)
    if (!state) throw notFound(`no case with id ${request.params.id}`)
    return caseDetail(app.db.pool, request.principal!, state, new Date().toISOString())
  })

  // 查看联系方式: the reporter's name and phone in full, for a stated reason, written to the audit log.
  app.post('/api/cases/:id/reporter', { config: { access: 'unmask', rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { params: CaseParams, body: UnmaskBody, response: { 200: Reporter, ...errors } } }, async (request) => {
    await requireCaseInScope(request, request.params.id)
    return revealReporter(app.db.pool, request.params.id, request.actor, request.body.reason, request.ip)
  })

  app.post(
    '/api/cases/:id/transitions',
    // The body's errors are worded here, where the body is at hand: what the chosen action needs, and the value refused.
    { config: { access: 'transition' }, schema: { params: CaseParams, body: TransitionBody, response: { 200: CaseDetail, ...errors } }, attachValidation: true },
    async (request) => {
      const invalid = request.validationError
      if (invalid) {
        if (invalid.validationContext === 'body') throw transitionBodyError(invalid.validation, request.body)
        throw badRequest(invalid.message, 'VALIDATION')
      }
      const action = toAction(request.body)
      const principal = request.principal!
      if (!mayTakeAction(principal, action.action)) {
        throw new HttpError(403, 'ACTION_NOT_ALLOWED', `您的角色不能执行此操作 (your role may not ${action.action} a case)`)
      }
      await requireCaseInScope(request, request.params.id)
      // An unknown target is the lifecycle's 400 (UNKNOWN_TARGET); a known one must lie in the actor's area.
      if (action.action === 'dispatch' && action.level !== 'department' && (await findArea(app.db.pool, action.to))) await areaInScope(request, action.to)
      const photos = await requirePhotos(request, request.body.photos)
      const next = await transitionCase(app, request.params.id, action, request.actor, photos)
      return caseDetail(app.db.pool, principal, next, next.updatedAt)
    },
  )

  app.get('/api/events', { schema: { querystring: EventsQuery, response: { 200: EventList, ...errors } } }, async (request) => {
    const { after, limit } = request.query
    const scope = request.scope()
    const area = scope.department === null ? await areaInScope(request, request.query.area) : undefined
    const filter: Scope = { ...scope, areaId: area ?? null }
    // Only up to what this instance has delivered in order: beyond it an earlier id may still commit.
    const rows = await readEvents(app.db.pool, after, app.live.watermark(), filter, limit)
    return { events: rows.map(rowToMessage).map((m) => (scope.personalData ? m : { ...m, case: withoutPersonalData(m.case) })) }
  })
}

/** Cases posted per minute by one account or key (a hotline's busiest minute is far below this). */
const INTAKE_LIMIT = { max: 1200, timeWindow: '1 minute' }

/** An external system's key posts as its own source only (a 12345 key cannot pose as 微信红管家). */
function checkSource(p: Principal, source: string) {
  if (p.kind === 'key' && p.source !== null && p.source !== source) {
    throw new HttpError(403, 'WRONG_SOURCE', `此密钥只能以来源 ${p.source} 上报 (this key posts as ${p.source}, not ${source})`)
  }
}

export default cases
