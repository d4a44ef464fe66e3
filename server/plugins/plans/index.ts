import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { compareRows, parseColumns } from '../../domain/plans/compare.ts'
import type { Scenario } from '../../domain/vocabulary/index.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, conflict, HttpError, notFound } from '../../lib/errors.ts'
import { valueOf } from '../coverage/index.ts'
import { deletePlan, getPlans, insertPlan, isDuplicateName, listPlans, updatePlan, type PlanRow } from './queries.ts'
import { CompareQuery, CompareResponse, Plan, PlanBody, PlanList, PlanParams, PlanPatch, type PlanChangesT, type PlanT } from './schemas.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const access = { access: 'plan' as const }
/** The comparison's minute values: the planner's two circles. */
const MINUTES = [5, 15]
/** The pipeline column: every station of the pipeline in service (the cumulative scenario "planned"). */
const PIPELINE: Scenario = 'planned'

function summary(p: PlanRow) {
  return {
    id: p.id,
    name: p.name,
    scenario: p.scenario,
    counts: { stationsAdded: p.changes.add?.length ?? 0, stationsMoved: p.changes.move?.length ?? 0, stationsRemoved: p.changes.remove?.length ?? 0 },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  }
}
const view = (p: PlanRow): PlanT => ({ ...summary(p), changes: p.changes })

const duplicate = (name: string) => conflict(`已有同名方案「${name}」 (you already have a plan named ${name})`, 'PLAN_NAME_TAKEN')

/**
 * 方案: a planner's named what-if plans, saved per account and seen only by their owner, and their
 * comparison side by side with the district now and after the pipeline. Every number comes from the
 * coverage engine's what-if op, called exactly as POST /api/coverage/what-if calls it.
 */
const plans: FastifyPluginAsyncTypebox = async (app) => {
  const ownerOf = (request: FastifyRequest) => {
    const p = request.principal!
    // The plan permission is only ever a role's (keys never plan), so this is defensive.
    if (p.kind !== 'user') throw new HttpError(403, 'FORBIDDEN', '只有账号可以保存方案 (only accounts save plans)')
    return p.accountId
  }

  /** The owner's plans by id: 404 for one that does not exist, 403 for another account's. */
  async function ownPlans(request: FastifyRequest, ids: number[]): Promise<Map<number, PlanRow>> {
    const owner = ownerOf(request)
    const rows = new Map((await getPlans(app.db.pool, ids)).map((p) => [p.id, p]))
    for (const id of ids) {
      const p = rows.get(id)
      if (!p) throw notFound(`没有编号为 ${id} 的方案 (no plan ${id})`, 'PLAN_NOT_FOUND')
      if (p.ownerId !== owner) throw new HttpError(403, 'FORBIDDEN', `方案 ${id} 不属于您 (plan ${id} is another account's)`)
    }
    return rows
  }

  /**
   * The engine's own checks (stations known in the scenario, none twice), so a saved plan can be answered.
   * With the planner's minute values, so the engine reuses the baseline it already holds for them.
   */
  async function check(scenario: Scenario, changes: PlanChangesT) {
    await app.coverageEngine.call('whatIf', { ...changes, scenario, minutes: MINUTES, level: 'district' })
  }

  app.get('/api/plans', { config: access, schema: { response: { 200: PlanList, ...errors } } }, async (request) => ({
    items: (await listPlans(app.db.pool, ownerOf(request))).map(summary),
  }))

  app.post('/api/plans', { config: access, schema: { body: PlanBody, response: { 201: Plan, ...errors } } }, async (request, reply) => {
    const owner = ownerOf(request)
    const body = { ...request.body, name: request.body.name.trim() }
    await check(body.scenario, body.changes)
    try {
      const row = await insertPlan(app.db.pool, owner, body)
      return reply.code(201).send(view(row))
    } catch (err) {
      if (isDuplicateName(err)) throw duplicate(body.name)
      throw err
    }
  })

  app.get('/api/plans/compare', { config: access, schema: { querystring: CompareQuery, response: { 200: CompareResponse, ...errors } } }, async (request) => {
    const specs = parseColumns(request.query.plans)
    if (typeof specs === 'string') throw badRequest(specs, 'BAD_COMPARE')
    const owned = await ownPlans(request, specs.flatMap((s) => (s.key === 'plan' ? [s.id] : [])))
    const columns = specs.map((s) => {
      if (s.key === 'now') return { key: 'now', label: '现状', scenario: 'current' as Scenario, planId: null, changes: {} }
      if (s.key === 'pipeline') return { key: 'pipeline', label: '规划全部建成', scenario: PIPELINE, planId: null, changes: {} }
      const p = owned.get(s.id)!
      return { key: String(p.id), label: p.name, scenario: p.scenario, planId: p.id, changes: p.changes }
    })
    // The same op and body shape as the what-if route: all areas, so that streets and communities come back together.
    const answers = await Promise.all(
      columns.map(async (c) => valueOf(await app.coverageEngine.call('whatIf', { ...c.changes, scenario: c.scenario, minutes: MINUTES }))),
    )
    return {
      minutes: MINUTES,
      columns: columns.map(({ changes: _c, ...c }, i) => ({ ...c, stations: answers[i]!.stations })),
      rows: compareRows(answers, MINUTES),
    }
  })

  app.get('/api/plans/:id', { config: access, schema: { params: PlanParams, response: { 200: Plan, ...errors } } }, async (request) => {
    const id = request.params.id
    return view((await ownPlans(request, [id])).get(id)!)
  })

  app.put('/api/plans/:id', { config: access, schema: { params: PlanParams, body: PlanPatch, response: { 200: Plan, ...errors } } }, async (request) => {
    const id = request.params.id
    const before = (await ownPlans(request, [id])).get(id)!
    const patch = { ...request.body, name: request.body.name?.trim() }
    if (patch.scenario !== undefined || patch.changes !== undefined) await check(patch.scenario ?? before.scenario, patch.changes ?? before.changes)
    try {
      const row = await updatePlan(app.db.pool, id, before.ownerId, patch)
      if (!row) throw notFound(`没有编号为 ${id} 的方案 (no plan ${id})`, 'PLAN_NOT_FOUND')
      return view(row)
    } catch (err) {
      if (isDuplicateName(err)) throw duplicate(patch.name!)
      throw err
    }
  })

  app.delete('/api/plans/:id', { config: access, schema: { params: PlanParams, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    const id = request.params.id
    const before = (await ownPlans(request, [id])).get(id)!
    await deletePlan(app.db.pool, id, before.ownerId)
    return reply.code(204).send(null)
  })
}

export default plans
