import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toFeature, toFeatureCollection } from '../../lib/geojson.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { maskName, maskPhone } from '../../lib/mask.ts'
import { parseBbox } from './bbox.ts'
import { BuildingCollection, BuildingFeature, BuildingParams, ListBuildingsQuery } from './schemas.ts'
import { buildingsInArea, buildingsInBbox, getBuilding, type BuildingRow } from './queries.ts'

const props = (r: BuildingRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  floors: r.floors,
  households: r.households,
  residents: r.residents,
  partyGroup: r.party_group,
  gridId: r.grid_id,
  compoundId: r.compound_id,
})

/** Buildings (楼栋) for the map, bounded by viewport or area, and one building's card. */
const buildings: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/buildings',
    { schema: { querystring: ListBuildingsQuery, response: { 200: BuildingCollection, 400: ErrorResponse } } },
    async (request) => {
      const { bbox, area, limit } = request.query
      if ((bbox === undefined) === (area === undefined)) throw badRequest('give exactly one of bbox or area', 'BAD_QUERY')
      // One row more than asked tells whether the answer was cut.
      const { rows } = bbox !== undefined
        ? await buildingsInBbox(app.db.pool, parseBbox(bbox), limit + 1)
        : await buildingsInArea(app.db.pool, area!, limit + 1)
      const truncated = rows.length > limit
      return { ...toFeatureCollection(rows.slice(0, limit), props), truncated }
    },
  )

  app.get(
    '/api/buildings/:id',
    { schema: { params: BuildingParams, response: { 200: BuildingFeature, 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const found = await getBuilding(app.db.pool, request.params.id, request.scope())
      if (!found) throw notFound(`no building with id ${request.params.id}`)
      return toFeature(found.row, (r) => ({
        ...props(r),
        partyMemberHouseholds: r.party_member_households,
        compound: found.compound && { id: found.compound.id, name: found.compound.name, propertyCompany: found.compound.company },
        partyGroup: found.group && { ...found.group, secretary: maskName(found.group.secretary) },
        partyHouseholds: found.households.map((h) => ({ householder: maskName(h.householder), phone: maskPhone(h.phone) })),
        ancestors: found.ancestors,
      }))
    },
  )
}

export default buildings
