import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { placeLabel } from '../../domain/places/place-label.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest } from '../../lib/errors.ts'
import { describePoints, searchPlaces, type DescribeRow } from './queries.ts'
import { DescribeBody, DescribeQuery, DescribeResult, PlaceSearchQuery, PlaceSearchResult, type PlaceDescriptionT } from './schemas.ts'

const named = (id: string | null, name: string | null) => (id !== null && name !== null ? { id, name } : null)
const metres = (m: number) => Math.round(m * 10) / 10

function describe(row: DescribeRow, p: { lng: number; lat: number }): PlaceDescriptionT {
  const buildingCompound = named(row.building_compound_id, row.building_compound_name)
  const out: Omit<PlaceDescriptionT, 'label'> = {
    lng: p.lng,
    lat: p.lat,
    road: row.road_name !== null && row.road_m !== null ? { name: row.road_name, distanceM: metres(row.road_m) } : null,
    building:
      row.building_id !== null && row.building_name !== null && row.building_m !== null
        ? { id: row.building_id, name: row.building_name, distanceM: metres(row.building_m), compound: buildingCompound }
        : null,
    compound: named(row.compound_id, row.compound_name),
    landuse: row.landuse_kind !== null && row.landuse_name !== null ? { kind: row.landuse_kind, name: row.landuse_name } : null,
    street: named(row.street_id, row.street_name),
    community: named(row.community_id, row.community_name),
    grid: named(row.grid_id, row.grid_name),
  }
  const label = placeLabel(
    { ...out, building: out.building && { name: out.building.name, distanceM: out.building.distanceM, compoundName: out.building.compound?.name ?? null } },
    [p.lng, p.lat],
  )
  return { ...out, label }
}

async function describeAll(app: Parameters<FastifyPluginAsyncTypebox>[0], points: readonly { lng: number; lat: number }[]) {
  const rows = await describePoints(app.db.pool, points)
  return { items: rows.map((r) => describe(r, points[r.i]!)) }
}

/**
 * 地点: buildings, compounds, stations and areas by name (the intake form's address search), and what a
 * point on the map is near, in the words people use (the planner's sites and stations). Place names are
 * the district's geography, readable by every signed-in role, like the map's layers.
 */
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

  app.get(
    '/api/places/describe',
    { config: { access: 'read' }, schema: { querystring: DescribeQuery, response: { 200: DescribeResult, 400: ErrorResponse } } },
    async (request) => describeAll(app, [request.query]),
  )

  // POST for a batch: a siting answer's or a plan's points in one round trip.
  app.post(
    '/api/places/describe',
    { config: { access: 'read' }, schema: { body: DescribeBody, response: { 200: DescribeResult, 400: ErrorResponse } } },
    async (request) => describeAll(app, request.body.points),
  )
}

export default places
