import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { areaWithin } from '../auth/queries.ts'
import { CirclesQuery, CirclesResponse } from './schemas.ts'
import { buildingMinutes, circleComparison } from './compare.ts'
import { findArea } from './queries.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

/**
 * 服务圈内外诉求对比: cases per 1,000 residents inside and outside the 5- and 15-minute walking circles of
 * the current stations, by category, street and day, with the share settled at 楼栋/小区 level. The
 * walking minutes come from the coverage engine once per dataset revision; cases are read per request.
 */
const circles: FastifyPluginAsyncTypebox = async (app) => {
  const minutes = buildingMinutes(app)

  app.get('/api/circles', { config: { access: 'read_cases' }, schema: { querystring: CirclesQuery, response: { 200: CirclesResponse, ...errors } } }, async (request) => {
    const now = new Date()
    const root = request.scope().areaId
    const areaId = request.query.area ?? root
    const area = areaId === null ? null : await findArea(app.db.pool, areaId)
    if (areaId !== null && !area) throw notFound(`no area with id ${areaId}`)
    if (areaId !== null && !(await areaWithin(app.db.pool, areaId, root)))
      throw new HttpError(403, 'OUT_OF_SCOPE', `区域 ${areaId} 不在您的辖区内 (area ${areaId} is outside your area)`)

    return circleComparison(app.db.pool, await minutes.get(), area, request.query.window ?? '30d', now)
  })
}

export default circles
