import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toFeatureCollection } from '../../lib/geojson.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { ListStationsQuery, StationCollection } from './schemas.ts'
import { listStations, type StationRow } from './queries.ts'

export const stationProps = (r: StationRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  status: r.status,
  floorArea: r.floor_area,
  hours: r.hours,
  services: r.services,
  address: r.address,
  areaId: r.area_id,
  compoundId: r.compound_id,
})

/** 党群服务阵地: centres and stations by kind and status. */
const stations: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/stations',
    { schema: { querystring: ListStationsQuery, response: { 200: StationCollection, 400: ErrorResponse } } },
    async (request) => {
      const { rows } = await listStations(app.db.pool, request.query)
      return toFeatureCollection(rows, stationProps)
    },
  )
}

export default stations
