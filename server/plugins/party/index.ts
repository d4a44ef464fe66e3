import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Scope } from '../../domain/access/policy.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { HELPERS_PER_CASE, RECENT_DAYS } from '../../domain/party/near.ts'
import { orgTree } from '../../domain/party/org-tree.ts'
import { PARTY_ORG_KIND_NAMES, type PartyOrgKind } from '../../domain/vocabulary/index.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { maskName, maskPhone } from '../../lib/mask.ts'
import {
  AreaQuery, BuildingNearParams, BuildingNearQuery, BuildingNearResponse, HouseholdMap, NearQuery, NearResponse, OrgsQuery, OrgTree,
} from './schemas.ts'
import {
  areaInScope, casesNearBuilding, findArea, findBuilding, householdBuildings, householdCounts, householdsIn, householdsOf, nearCounts,
  openCasesNear, orgsUnder, type Db, type HouseholdRow,
} from './queries.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

const outside = (what: string) => new HttpError(403, 'OUT_OF_SCOPE', `${what} 不在您的辖区内 (${what} is outside your area)`)

const rule = (radius: number) => `诉求位置到有党员中心户的楼栋轮廓的直线距离不超过 ${radius} 米`

/** The area asked for, or the principal's own (the district for an unscoped one); 404 unknown, 403 outside. */
async function resolveArea(db: Db, asked: string | undefined, scope: Scope) {
  let id = asked ?? scope.areaId
  if (id === null) {
    const { rows } = await db.query<{ id: string }>("SELECT id FROM areas WHERE level = 'district' ORDER BY code LIMIT 1")
    if (!rows[0]) throw notFound('no district is loaded')
    id = rows[0].id
  }
  const area = await findArea(db, id)
  if (!area) throw notFound(`no area with id ${id}`)
  if (!(await areaInScope(db, id, scope.areaId))) throw outside(`区域 ${id}`)
  return area
}

const maskHousehold = (h: HouseholdRow) => ({ householder: maskName(h.householder), phone: maskPhone(h.phone) })

const caseFacts = (r: { id: string; title: string; category: string; status: string; priority: string; created_at: Date; lng: number; lat: number }) => ({
  id: Number(r.id),
  title: r.title,
  category: r.category,
  categoryName: findCategory(r.category)?.name ?? r.category,
  status: r.status as never,
  priority: r.priority as never,
  createdAt: r.created_at.toISOString(),
  location: { lng: r.lng, lat: r.lat },
})

const round1 = (v: number) => Math.round(v * 10) / 10
const share = (near: number, total: number) => ({ near, total, share: total > 0 ? near / total : null })

/**
 * 组织进楼 on the map: the party organisation under an area as a tree (党委 → 支部 → 小组 → 中心户), the
 * buildings with 党员中心户 as a layer, and the cases near them (中心户 as the first responder).
 * Areas are read within the principal's scope (403 outside); names and phones leave masked, and only
 * where the scope reaches the org or building (as the building card does).
 */
const party: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.pool

  app.get('/api/party/orgs', { schema: { querystring: OrgsQuery, response: { 200: OrgTree, ...errors } } }, async (request) => {
    const scope = request.scope()
    const area = await resolveArea(db, request.query.area, scope)
    const depth = request.query.depth
    const [rows, counts] = await Promise.all([orgsUnder(db, area.id, scope), householdCounts(db, area.id)])
    const nodes = orgTree(rows, counts, depth)
    // 中心户 hang one level below their group: listed when that level is still within the depth.
    const groupIds = nodes.filter((n) => n.depth < depth && n.households > 0 && n.childCount === 0).map((n) => n.id)
    const households = groupIds.length ? await householdsOf(db, groupIds, scope) : []
    const roots = nodes.filter((n) => n.depth === 0)
    return {
      area,
      depth,
      nodes: nodes.map((n) => ({
        ...n,
        kind: n.kind as PartyOrgKind,
        kindName: PARTY_ORG_KIND_NAMES[n.kind as PartyOrgKind] ?? n.kind,
        secretary: maskName(n.secretary),
      })),
      households: households.map((h) => ({ id: h.id, orgId: h.org_id, buildingId: h.building_id, ...maskHousehold(h) })),
      totals: {
        orgs: rows.length,
        members: roots.reduce((s, n) => s + n.members, 0),
        groups: roots.reduce((s, n) => s + n.groups, 0),
        households: [...counts.values()].reduce((s, n) => s + n, 0),
      },
    }
  })

  app.get('/api/party/households', { schema: { querystring: AreaQuery, response: { 200: HouseholdMap, ...errors } } }, async (request) => {
    const area = await resolveArea(db, request.query.area, request.scope())
    const rows = await householdBuildings(db, area.id)
    return {
      type: 'FeatureCollection' as const,
      area,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        geometry: JSON.parse(r.geometry) as { type: string; coordinates: unknown },
        properties: {
          id: r.id,
          name: r.name,
          gridId: r.grid_id,
          floors: r.floors,
          households: r.households,
          groupId: r.group_id,
          groupName: r.group_name,
          branchId: r.branch_id,
          branchName: r.branch_name,
        },
      })),
    }
  })

  app.get(
    '/api/party/cases-near',
    { config: { access: 'read_cases' }, schema: { querystring: NearQuery, response: { 200: NearResponse, ...errors } } },
    async (request) => {
      const now = new Date()
      const scope = request.scope()
      const { radius, limit } = request.query
      const area = await resolveArea(db, request.query.area, scope)
      const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000)
      const [counts, rows] = await Promise.all([
        nearCounts(db, area.id, scope, radius, since),
        openCasesNear(db, area.id, scope, radius, limit + 1, HELPERS_PER_CASE),
      ])
      const people = await householdsIn(db, [...new Set(rows.map((r) => r.building_id))], scope)
      const byBuilding = new Map<string, HouseholdRow[]>()
      for (const h of people) byBuilding.set(h.building_id, [...(byBuilding.get(h.building_id) ?? []), h])
      const cases = new Map<string, ReturnType<typeof caseFacts> & { helpers: unknown[] }>()
      for (const r of rows) {
        let c = cases.get(r.id)
        if (!c) cases.set(r.id, (c = { ...caseFacts(r), helpers: [] }))
        c.helpers.push({
          buildingId: r.building_id,
          buildingName: r.building_name,
          gridId: r.grid_id,
          distanceM: round1(r.distance_m),
          households: (byBuilding.get(r.building_id) ?? []).map(maskHousehold),
        })
      }
      const list = [...cases.values()]
      return {
        asOf: now.toISOString(),
        area,
        radiusM: radius,
        rule: rule(radius),
        recentDays: RECENT_DAYS,
        open: share(counts.open_near, counts.open_total),
        recent: share(counts.recent_near, counts.recent_total),
        cases: list.slice(0, limit) as never,
        truncated: list.length > limit,
      }
    },
  )

  app.get(
    '/api/party/buildings/:id/cases-near',
    {
      config: { access: 'read_cases' },
      schema: { params: BuildingNearParams, querystring: BuildingNearQuery, response: { 200: BuildingNearResponse, ...errors } },
    },
    async (request) => {
      const now = new Date()
      const scope = request.scope()
      const { radius } = request.query
      const building = await findBuilding(db, request.params.id)
      if (!building) throw notFound(`no building with id ${request.params.id}`)
      if (!(await areaInScope(db, building.grid_id, scope.areaId))) throw outside(`楼栋 ${building.id}`)
      const rows = await casesNearBuilding(db, building.id, scope, radius, new Date(now.getTime() - RECENT_DAYS * 86_400_000))
      return {
        asOf: now.toISOString(),
        building: { id: building.id, name: building.name, households: building.households },
        radiusM: radius,
        rule: rule(radius).replace('有党员中心户的楼栋', '本楼'),
        recentDays: RECENT_DAYS,
        cases: rows.map((r) => ({ ...caseFacts(r), distanceM: round1(r.distance_m), open: r.open })),
      }
    },
  )
}

export default party
