import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toFeature, toFeatureCollection } from '../../lib/geojson.ts'
import { notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { AreaCollection, AreaFeature, AreaParams, ListAreasQuery } from './schemas.ts'
import { getArea, getAreaContext, listAreas, type AreaRow } from './queries.ts'

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits

const summary = (r: AreaRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  level: r.level,
  parentId: r.parent_id,
  residents: r.residents,
  households: r.households,
  buildings: r.buildings,
  partyCoverage: r.residential_buildings > 0 ? r.party_groups / r.residential_buildings : null,
  childCount: r.child_count,
  areaKm2: round(r.area_km2, 4),
  labelPoint: r.label_lng === null || r.label_lat === null ? null : ([round(r.label_lng, 6), round(r.label_lat, 6)] as [number, number]),
  bbox: r.west === null ? null : ([r.west, r.south!, r.east!, r.north!] as [number, number, number, number]),
})

/** The area hierarchy: district → street → community → grid, with totals for drill-down. */
const areas: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/areas',
    { schema: { querystring: ListAreasQuery, response: { 200: AreaCollection, 400: ErrorResponse } } },
    async (request) => {
      const { rows } = await listAreas(app.db.pool, request.query)
      return toFeatureCollection(rows, summary)
    },
  )

  app.get(
    '/api/areas/:id',
    { schema: { params: AreaParams, response: { 200: AreaFeature, 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const row = await getArea(app.db.pool, request.params.id)
      if (!row) throw notFound(`no area with id ${request.params.id}`)
      const ctx = await getAreaContext(app.db.pool, row.id, request.scope())
      return toFeature(row, (r) => ({
        ...summary(r),
        ancestors: ctx.ancestors,
        children: ctx.children,
        totals: {
          residents: r.residents,
          households: r.households,
          buildings: r.buildings,
          residentialBuildings: r.residential_buildings,
          partyGroups: r.party_groups,
          partyMemberHouseholds: r.party_member_households,
          stations: ctx.stations,
        },
        party: { orgs: ctx.orgs },
        workers: ctx.workers,
        compounds: ctx.compounds,
      }))
    },
  )
}

export default areas
