import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { DEFAULT_TOP } from '../../domain/property/standing.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { CardQuery, CompanyCard, CompanyParams, CompoundMap, League, ListQuery, WindowQuery } from './schemas.ts'
import { league, leagueAnswer, rules, window } from './league.ts'
import { compoundPlaces, compoundShapes, figureRows, findCompany, latestCases } from './queries.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

/**
 * 红色物业 红黑榜: property companies ranked on the compounds they manage (server/domain/property/), each
 * company's card, and the compounds coloured by their company's standing for the drill-down map.
 */
const property: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/property-companies',
    { config: { access: 'read_cases' }, schema: { querystring: ListQuery, response: { 200: League, ...errors } } },
    async (request) => {
      const { window: name, top } = request.query
      return leagueAnswer(app.db.pool, request.scope(), name, top, new Date())
    },
  )

  app.get(
    '/api/property-companies/compounds',
    { config: { access: 'read_cases' }, schema: { querystring: WindowQuery, response: { 200: CompoundMap, ...errors } } },
    async (request) => {
      const w = window(request.query.window)
      const scope = request.scope()
      const [l, shapes] = await Promise.all([league(app.db.pool, scope, w.range, DEFAULT_TOP), compoundShapes(app.db.pool, scope)])
      return {
        type: 'FeatureCollection' as const,
        asOf: w.asOf,
        window: w.window,
        rankedOf: l.rankedOf,
        features: shapes.map((s) => {
          const c = s.company_id === null ? undefined : l.byId.get(s.company_id)
          return {
            type: 'Feature' as const,
            id: s.id,
            geometry: JSON.parse(s.geometry) as { type: string; coordinates: unknown },
            properties: {
              id: s.id,
              name: s.name,
              companyId: s.company_id,
              companyName: c?.name ?? null,
              list: c?.list ?? null,
              rank: c?.rank ?? null,
              score: c?.score ?? null,
              per1000: c?.per1000 ?? null,
            },
          }
        }),
      }
    },
  )

  app.get(
    '/api/property-companies/:id',
    { config: { access: 'read_cases' }, schema: { params: CompanyParams, querystring: CardQuery, response: { 200: CompanyCard, ...errors } } },
    async (request) => {
      const { id } = request.params
      const company = await findCompany(app.db.pool, id)
      if (!company) throw notFound(`no property company with id ${id}`)
      const w = window(request.query.window)
      const scope = request.scope()
      const l = await league(app.db.pool, scope, w.range, DEFAULT_TOP)
      const standing = l.byId.get(id)
      if (!standing) throw new HttpError(403, 'OUT_OF_SCOPE', `物业企业 ${id} 在您的辖区内没有管理的小区 (the company manages no compound in your area)`)
      const [rows, places, latest] = await Promise.all([
        figureRows(app.db.pool, scope, w.range, { level: 'compound', companyId: id }),
        compoundPlaces(app.db.pool, scope, id),
        latestCases(app.db.pool, scope, w.range, id, request.query.latest),
      ])
      const figures = new Map(rows.map((r) => [r.compoundId, r.figures]))
      return {
        asOf: w.asOf,
        window: w.window,
        rules: rules(DEFAULT_TOP),
        rankedOf: l.rankedOf,
        company: { ...standing, phone: company.phone },
        compounds: places.map((p) => ({
          id: p.id,
          name: p.name,
          communityName: p.community_name,
          gridName: p.grid_name,
          buildings: p.buildings,
          ...figures.get(p.id)!,
        })),
        latest: latest.map((c) => ({
          id: c.id,
          title: c.title,
          category: c.category,
          categoryName: findCategory(c.category)?.name ?? c.category,
          status: c.status,
          createdAt: c.created_at.toISOString(),
          compoundId: c.compound_id,
          compoundName: c.compound_name,
          buildingName: c.building_name,
        })),
      }
    },
  )
}

export default property
