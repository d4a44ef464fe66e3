import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { HttpError, notFound } from '../../lib/errors.ts'
import { perRevision } from '../../db/per-revision.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { CIRCLE_WINDOW_NAMES, circleWindowRange, compareCircles, type CircleBuilding } from '../../domain/circles/index.ts'
import { areaWithin } from '../auth/queries.ts'
import { valueOf } from '../coverage/index.ts'
import { CirclesQuery, CirclesResponse } from './schemas.ts'
import { circleBuildings, circleCases, findArea } from './queries.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

interface BuildingMinutes {
  revision: number
  speedKmh: number
  epsilonMinutes: number
  ids: string[]
  minutes: (number | null)[]
}

const UNPLACED_NOTE = '无楼栋位置（街面、广场等）或位于非住宅楼栋（商铺、学校等）的诉求单独计数，不计入圈内或圈外'

/**
 * 服务圈内外诉求对比: cases per 1,000 residents inside and outside the 5- and 15-minute walking circles of
 * the current stations, by category, street and day, with the share settled at 楼栋/小区 level. The
 * walking minutes come from the coverage engine once per dataset revision; cases are read per request.
 */
const circles: FastifyPluginAsyncTypebox = async (app) => {
  const minutes = perRevision(app.db.pool, async () => {
    const m = valueOf(await app.coverageEngine.call('buildingMinutes', undefined)) as BuildingMinutes
    return { ...m, byId: new Map(m.ids.map((id, i) => [id, m.minutes[i]])) }
  })

  app.get('/api/circles', { config: { access: 'read_cases' }, schema: { querystring: CirclesQuery, response: { 200: CirclesResponse, ...errors } } }, async (request) => {
    const now = new Date()
    const root = request.scope().areaId
    const areaId = request.query.area ?? root
    const area = areaId === null ? null : await findArea(app.db.pool, areaId)
    if (areaId !== null && !area) throw notFound(`no area with id ${areaId}`)
    if (areaId !== null && !(await areaWithin(app.db.pool, areaId, root)))
      throw new HttpError(403, 'OUT_OF_SCOPE', `区域 ${areaId} 不在您的辖区内 (area ${areaId} is outside your area)`)

    const name = request.query.window ?? '30d'
    const window = circleWindowRange(name, now)
    const [walk, rows, cases] = await Promise.all([minutes.get(), circleBuildings(app.db.pool, areaId), circleCases(app.db.pool, areaId, window.from, window.to)])
    const streetNames = new Map<string, string>()
    // The model holds the buildings people live in; a case at another (or a newer) building is counted apart.
    const buildings: CircleBuilding[] = rows
      .filter((b) => walk.byId.has(b.id))
      .map((b) => {
        if (b.street_id) streetNames.set(b.street_id, b.street_name!)
        return { id: b.id, residents: b.residents, households: b.households, minutes: walk.byId.get(b.id)!, streetId: b.street_id }
      })
    const r = compareCircles(buildings, cases, { window, epsilonMinutes: walk.epsilonMinutes })
    return {
      asOf: now.toISOString(),
      window: { name, label: CIRCLE_WINDOW_NAMES[name], ...window },
      area,
      scenario: 'current' as const,
      speedKmh: walk.speedKmh,
      thresholds: r.thresholds,
      byCategory: r.byCategory.map((c) => ({ ...c, name: findCategory(c.category)?.name ?? c.category })),
      byStreet: r.byStreet.map((s) => ({ id: s.streetId, name: streetNames.get(s.streetId) ?? s.streetId, thresholds: s.thresholds })),
      daily: r.daily,
      unplaced: { ...r.unplaced, note: UNPLACED_NOTE },
    }
  })
}

export default circles
