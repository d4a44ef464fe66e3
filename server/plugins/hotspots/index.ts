import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { mayAcknowledgeHotspot, type Scope } from '../../domain/access/policy.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { toCaseView, withoutPersonalData } from '../../domain/cases/view.ts'
import type { HotspotChange, HotspotStatus } from '../../domain/vocabulary/index.ts'
import { isDatabaseUnavailable } from '../../db/unavailable.ts'
import { inTransaction } from '../../db/transaction.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, HttpError, notFound } from '../../lib/errors.ts'
import { writeAudit } from '../auth/queries.ts'
import { listCases } from '../cases/queries.ts'
import { acknowledgeAlert, alertInScope, getAlerts, listAlerts, type AlertRow } from './queries.ts'
import { runHotspots } from './run.ts'
import { HotspotScheduler } from './scheduler.ts'
import { HotspotDetail, HotspotList, HotspotListQuery, HotspotParams, HotspotView, type HotspotMessageT, type HotspotViewT } from './schemas.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }

/** The socket.io event alerts are pushed under on /live. */
export const HOTSPOT_EVENT = 'hotspot'
/** Closed alerts stay in the default list this long, so a wall shows what just faded. */
const RECENTLY_CLOSED_MS = 2 * 3_600_000

export interface HotspotPluginOptions {
  /** Run the detector in the background (false: only on demand, e.g. in tests). */
  runner: boolean
}

function toView(a: AlertRow, personalData: boolean): HotspotViewT {
  const { caseIds, acknowledgedBy, districtId: _district, ...rest } = a
  return {
    ...rest,
    categoryName: findCategory(a.category)?.name ?? a.category,
    caseCount: caseIds.length,
    ...(personalData ? { acknowledgedBy } : {}),
  }
}

/** The live subscription keys that reach an alert: its areas, and the department of its category. */
function alertKeys(a: AlertRow): string[] {
  const keys = [a.districtId, a.streetId, a.communityId, a.gridId].filter((k): k is string => k !== null)
  const dept = findCategory(a.category)?.department
  return dept ? [...keys, `dept:${dept}`] : keys
}

/**
 * 热点预警: the detector's runs (after new cases and every minute, one instance at a time), the alerts'
 * routes, and their push on /live.
 */
const hotspots: FastifyPluginAsyncTypebox<HotspotPluginOptions> = async (app, opts) => {
  function push(change: HotspotChange, a: AlertRow) {
    const message: HotspotMessageT = { change, alert: toView(a, false) }
    app.live.broadcast(HOTSPOT_EVENT, alertKeys(a), message)
  }

  let unavailableLogged = false
  /** False when another instance held the lock, so that the scheduler tries again soon. */
  async function runNow(): Promise<boolean> {
    try {
      const r = await runHotspots(app.db.pool, { asOf: new Date() })
      unavailableLogged = false
      if (!r) return false
      const rows = await getAlerts(app.db.pool, [...r.opened, ...r.updated, ...r.closed])
      const byId = new Map(rows.map((a) => [a.id, a]))
      for (const [change, ids] of [['opened', r.opened], ['updated', r.updated], ['closed', r.closed]] as const) {
        for (const id of ids) if (byId.has(id)) push(change, byId.get(id)!)
      }
      if (r.opened.length || r.closed.length) app.log.info({ opened: r.opened, closed: r.closed, candidates: r.candidates }, 'hotspots: alerts changed')
      return true
    } catch (err) {
      // The database going away is not the detector's failure: say so once, and try again next time.
      if (isDatabaseUnavailable(err)) {
        if (!unavailableLogged) app.log.warn({ code: (err as { code?: string }).code }, 'hotspots: the database is unavailable; detection waits')
        unavailableLogged = true
      } else app.log.error({ err }, 'hotspots: a detection run failed')
      return true
    }
  }

  if (opts.runner) {
    const scheduler = new HotspotScheduler(runNow)
    const unsubscribe = app.live.onDeliver((e) => {
      const type = (e.message as { type?: string }).type
      if (type === 'created' || type === 'imported') scheduler.poke()
    })
    app.addHook('onReady', async () => {
      scheduler.start()
      scheduler.poke()
    })
    app.addHook('preClose', async () => {
      unsubscribe()
      await scheduler.stop()
    })
  }

  const scopeOfRequest = (request: FastifyRequest): Scope => request.scope()

  app.get('/api/hotspots', { config: { access: 'read_cases' }, schema: { querystring: HotspotListQuery, response: { 200: HotspotList, ...errors } } }, async (request) => {
    const now = new Date()
    let since: Date | null = null
    if (request.query.since !== undefined) {
      since = new Date(request.query.since)
      // Inside PostgreSQL's range and any sensible one: years 1970–9999.
      const ms = since.getTime()
      if (Number.isNaN(ms) || ms < 0 || ms >= Date.UTC(10_000, 0, 1)) {
        throw badRequest(`since must be an ISO date-time between 1970 and 9999 (got ${JSON.stringify(request.query.since)})`, 'BAD_DATETIME')
      }
    }
    const statuses = (request.query.status?.split(',') ?? ['open', 'acknowledged', 'closed']) as HotspotStatus[]
    const scope = scopeOfRequest(request)
    const rows = await listAlerts(app.db.pool, {
      scope,
      statuses,
      since,
      // Asked for by status, closed alerts of any age; by default only the recently closed.
      closedAfter: request.query.status?.includes('closed') ? new Date(0) : new Date(now.getTime() - RECENTLY_CLOSED_MS),
      limit: request.query.limit,
    })
    return { asOf: now.toISOString(), canAcknowledge: mayAcknowledgeHotspot(request.principal!), items: rows.map((a) => toView(a, scope.personalData)) }
  })

  /** 404 for no such alert, 403 for one outside the principal's scope. */
  async function requireAlert(request: FastifyRequest, id: number): Promise<AlertRow> {
    const where = await alertInScope(app.db.pool, id, scopeOfRequest(request))
    if (where === 'absent') throw notFound(`no hotspot alert with id ${id}`, 'NO_HOTSPOT')
    if (where === 'outside') throw new HttpError(403, 'OUT_OF_SCOPE', '此热点预警不在您的辖区内 (this alert is outside your area)')
    const [row] = await getAlerts(app.db.pool, [id])
    if (!row) throw notFound(`no hotspot alert with id ${id}`, 'NO_HOTSPOT')
    return row
  }

  app.get('/api/hotspots/:id', { config: { access: 'read_cases' }, schema: { params: HotspotParams, response: { 200: HotspotDetail, ...errors } } }, async (request) => {
    const alert = await requireAlert(request, request.params.id)
    const scope = scopeOfRequest(request)
    const now = new Date().toISOString()
    // The cases as this principal may see each (a case the alert names may lie outside a department's reach).
    const { states } = await listCases(app.db.pool, { ids: alert.caseIds, scope, now, limit: 500, offset: 0, sort: 'created', order: 'asc' })
    const cases = states.map((s) => (scope.personalData ? toCaseView(s, now) : withoutPersonalData(toCaseView(s, now))))
    return { alert: toView(alert, scope.personalData), canAcknowledge: mayAcknowledgeHotspot(request.principal!), cases }
  })

  app.post(
    '/api/hotspots/:id/acknowledge',
    { config: { access: 'transition' }, schema: { params: HotspotParams, response: { 200: HotspotView, ...errors } } },
    async (request) => {
      if (!mayAcknowledgeHotspot(request.principal!)) {
        throw new HttpError(403, 'ACTION_NOT_ALLOWED', '您的角色不能确认热点预警 (your role may not acknowledge hotspot alerts)')
      }
      const before = await requireAlert(request, request.params.id)
      if (before.status === 'closed') throw new HttpError(409, 'HOTSPOT_CLOSED', '该热点预警已消退 (this alert has closed)')
      const at = new Date()
      const changed = await inTransaction(app.db.pool, async (client) => {
        const ok = await acknowledgeAlert(client, before.id, request.actor, at)
        if (ok) await writeAudit(client, { actor: request.actor, action: 'hotspot_acknowledge', target: `hotspot:${before.id}`, ip: request.ip, detail: { category: before.category, gridId: before.gridId } })
        return ok
      })
      const [after] = await getAlerts(app.db.pool, [before.id])
      // A second acknowledgement changes nothing and is answered with the alert as it stands; one that
      // lost a race with the alert closing is the 409 above, told late.
      if (!changed && after.status === 'closed') throw new HttpError(409, 'HOTSPOT_CLOSED', '该热点预警已消退 (this alert has closed)')
      if (changed) push('acknowledged', after)
      return toView(after, scopeOfRequest(request).personalData)
    },
  )
}

export default hotspots
