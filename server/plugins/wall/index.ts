import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { areaWithin } from '../auth/queries.ts'
import { AreaId } from '../cases/schemas.ts'
import { findArea } from '../cases/queries.ts'
import { buildParts, outsideInputs } from './parts.ts'
import { inWallSnapshot } from './queries.ts'
import { WallSnapshot } from './schemas.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

const SnapshotQuery = Type.Object({ area: Type.Optional(AreaId) }, { additionalProperties: false })

/**
 * GET /api/wall/snapshot: every figure of the wall display in one read-only REPEATABLE READ
 * transaction, as of its timestamp, with the case-event id it includes up to (the live stream's
 * events above it are the ones not yet counted). Built from the other plugins' own query functions,
 * so each part equals what its route answers at that instant. The area is the one asked for (inside
 * the principal's), else the principal's own, else the district.
 */
const wall: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/wall/snapshot', { config: { access: 'read_cases' }, schema: { querystring: SnapshotQuery, response: { 200: WallSnapshot, ...errors } } }, async (request) => {
    const scope = request.scope()
    const asked = request.query.area
    if (asked !== undefined) {
      if (!(await findArea(app.db.pool, asked))) throw notFound(`no area with id ${asked}`)
      if (!(await areaWithin(app.db.pool, asked, scope.areaId)))
        throw new HttpError(403, 'OUT_OF_SCOPE', `区域 ${asked} 不在您的辖区内 (area ${asked} is outside your area)`)
    }
    const areaId = asked ?? scope.areaId ?? (await districtId(app.db.pool))
    const area = areaId === null ? null : await findArea(app.db.pool, areaId)
    if (!area) throw notFound('no district loaded')
    const outside = await outsideInputs(app, area)
    return inWallSnapshot(app.db.pool, async (db, start) => ({
      asOf: start.asOf.toISOString(),
      eventId: start.eventId,
      area,
      parts: await buildParts({ db, asOf: start.asOf, area, scope: asked ? { ...scope, areaId: asked } : scope, ...outside }),
    }))
  })
}

async function districtId(db: Parameters<typeof findArea>[0]): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM areas WHERE level = 'district' ORDER BY code LIMIT 1`)
  return rows[0]?.id ?? null
}

export default wall
