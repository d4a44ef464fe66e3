import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest } from '../../lib/errors.ts'
import { searchPlaces } from './queries.ts'
import { PlaceSearchQuery, PlaceSearchResult } from './schemas.ts'

/** 地点搜索: buildings, compounds, stations and areas by name, for the intake form's address search. */
const places: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/places/search',
    { config: { access: 'read' }, schema: { querystring: PlaceSearchQuery, response: { 200: PlaceSearchResult, 400: ErrorResponse } } },
    async (request) => {
      const q = request.query.q.trim()
      if (!q) throw badRequest('q must hold part of a name', 'BAD_QUERY')
      return { items: await searchPlaces(app.db.pool, q, request.query.limit) }
    },
  )
}

export default places
