import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import fp from 'fastify-plugin'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { createEngine, type Answer, type Engine } from './engine-pool.ts'
import { sendExport } from '../../lib/export/send.ts'
import { gapPages } from './gap-export.ts'
import type { Gap } from '../../engine/index.ts'
import {
  CoverageQuery,
  CoverageResponse,
  GapsExportQuery,
  GapsQuery,
  IsochroneQuery,
  StationIsochroneQuery,
  StationParams,
  SuggestBody,
  SuggestResponse,
  WhatIfBody,
  WhatIfResponse,
} from './schemas.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The coverage engine (worker threads), for other plugins' questions about walking minutes. */
    coverageEngine: Engine
  }
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** A worker's JSON bytes parsed, or the value computed in this thread: for answers used here, not sent. */
export function valueOf<T>(answer: Answer<T>): T {
  return 'bytes' in answer ? (JSON.parse(answer.bytes.toString('utf8')) as T) : answer.value
}

/** The engine's heavy routes, per account: a planner dragging a station sends a few a second at most. */
const HEAVY_LIMIT = { max: 240, timeWindow: '1 minute' }

/** A worker's bytes go out as they are; a value from this thread through the route's serialiser. */
function send<T>(reply: FastifyReply, answer: Answer<T>, type = JSON_TYPE) {
  if ('bytes' in answer) return reply.type(type).send(answer.bytes)
  return answer.value
}

/**
 * 党群服务圈: walking coverage of the stations (5/15 minutes), gaps, isochrones, what-if and siting,
 * answered by the in-memory engine from a model of the district built once per dataset revision. The
 * engine runs in worker threads (ENGINE_WORKERS) so that a heavy question never holds up other requests;
 * every answer is computed in engine-ops.ts, here only routed.
 */
const coverage: FastifyPluginAsyncTypebox<{ speedKmh: number; workers: number }> = async (app, { speedKmh, workers }) => {
  const engine = createEngine({
    workers,
    url: app.db.url,
    pool: app.db.pool,
    speedKmh,
    log: (message, err) => app.log.warn({ err }, message),
  })
  app.addHook('onClose', () => engine.close())
  app.decorate('coverageEngine', engine)

  app.get(
    '/api/coverage',
    { schema: { querystring: CoverageQuery, response: { 200: CoverageResponse, 400: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('coverage', request.query)),
  )

  app.get(
    '/api/coverage/gaps',
    { schema: { querystring: GapsQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('gaps', request.query)),
  )

  app.get(
    '/api/coverage/gaps.geojson',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const answer = await engine.call('gapsGeojson', request.query)
      reply.header('content-disposition', `attachment; filename="coverage-gaps-${request.query.minutes}min.geojson"`)
      return send(reply.type('application/geo+json; charset=utf-8'), answer, 'application/geo+json; charset=utf-8')
    },
  )

  app.get(
    '/api/coverage/gaps.csv',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const answer = await engine.call('gapsCsv', request.query)
      reply.header('content-disposition', `attachment; filename="coverage-gaps-${request.query.minutes}min.csv"`)
      return send(reply.type('text/csv; charset=utf-8'), answer, 'text/csv; charset=utf-8')
    },
  )

  app.get(
    '/api/coverage/gaps.gpkg',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const q = request.query
      const { rows, areaName } = valueOf(await engine.call('gapList', q)) as { rows: Gap[]; areaName: string | null }
      const base = `coverage-gaps-${q.minutes}min`
      return sendExport(reply, {
        format: 'gpkg',
        asciiName: q.area ? `${base}-${q.area}` : base,
        name: areaName ? `${base}-${areaName}` : base,
        layer: {
          table: 'coverage_gaps',
          identifier: `覆盖缺口 ${q.minutes} 分钟 Coverage gaps`,
          description: `Residential buildings beyond ${q.minutes} walking minutes of a service station (scenario ${q.scenario}), most residents first.`,
          geometryType: 'POLYGON',
        },
        pages: () => gapPages(app.db.pool, rows),
      })
    },
  )

  app.get(
    '/api/isochrones',
    { schema: { querystring: IsochroneQuery, response: { 200: Type.Unknown(), 400: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('isochrones', request.query)),
  )

  app.get(
    '/api/stations/:id/isochrone',
    { schema: { params: StationParams, querystring: StationIsochroneQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('stationIsochrone', { ...request.query, id: request.params.id })),
  )

  app.post(
    '/api/coverage/what-if',
    { config: { access: 'plan', rateLimit: HEAVY_LIMIT }, schema: { body: WhatIfBody, response: { 200: WhatIfResponse, 400: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('whatIf', request.body)),
  )

  app.post(
    '/api/coverage/suggest',
    { config: { access: 'plan', rateLimit: HEAVY_LIMIT }, schema: { body: SuggestBody, response: { 200: SuggestResponse, 400: ErrorResponse } } },
    async (request, reply) => send(reply, await engine.call('suggest', request.body)),
  )

  // Build the model in the background at start so the planner's first question is answered quickly.
  app.addHook('onReady', async () => {
    engine.warm().catch((err) => app.log.warn({ err }, 'coverage model could not be built yet'))
  })
}

// Not encapsulated, so that the circles plugin shares the engine (one model of the district per worker).
export default fp(coverage, { name: 'coverage' })
