import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import compress from '@fastify/compress'
import type { Config } from './plugins/infra/config.ts'
import type { Database } from './db/connect.ts'
import { HttpError, unavailableAs503 } from './lib/errors.ts'
import { AJV_CONFIG } from './lib/input-rules.ts'
import inputPlugin from './plugins/infra/input.ts'
import dbPlugin from './plugins/infra/db.ts'
import authPlugin from './plugins/auth/guard.ts'
import security from './plugins/infra/security.ts'
import authRoutes from './plugins/auth/index.ts'
import webPlugin from './plugins/infra/web.ts'
import livePlugin from './plugins/infra/live.ts'
import system from './plugins/system/index.ts'
import areas from './plugins/areas/index.ts'
import stations from './plugins/stations/index.ts'
import buildings from './plugins/buildings/index.ts'
import tiles from './plugins/tiles/index.ts'
import coverage from './plugins/coverage/index.ts'
import cases from './plugins/cases/index.ts'
import photos from './plugins/photos/index.ts'
import places from './plugins/places/index.ts'
import open311 from './plugins/open311/index.ts'
import ogc from './plugins/ogc/index.ts'
import plans from './plugins/plans/index.ts'
import circles from './plugins/circles/index.ts'
import property from './plugins/property/index.ts'
import party from './plugins/party/index.ts'
import hotspots from './plugins/hotspots/index.ts'
import wall from './plugins/wall/index.ts'

export interface AppOptions {
  config: Config
  db: Database
  /** Folder of the built web app; false serves the API only. */
  webRoot?: string | false
  logger?: FastifyServerOptions['logger']
}

export const DEFAULT_WEB_ROOT = new URL('../dist/web/', import.meta.url).pathname

/** Build the application: infrastructure plugins, then one plugin per domain, one error handler. */
export async function buildApp(opts: AppOptions) {
  const app = Fastify({
    logger: opts.logger ?? false,
    ajv: AJV_CONFIG,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    err = unavailableAs503(err, request.log)
    if (err instanceof HttpError) {
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds))
      return reply.code(err.statusCode).send({ error: statusText(err.statusCode), message: err.message, code: err.code, details: err.details })
    }
    if (err.validation) {
      const where = err.validationContext ?? 'request'
      return reply.code(400).send({ error: 'Bad Request', message: `${where}${err.message.replace(/^(body|querystring|params|headers)/, '')}`, code: 'VALIDATION' })
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    if (status < 500) return reply.code(status).send({ error: statusText(status), message: err.message, code: err.code })
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'Internal Server Error', message: 'the server failed to handle this request' })
  })

  // First: it adds the input rules to the schema of every route declared after it.
  await app.register(inputPlugin)
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip', 'deflate'] })
  await app.register(dbPlugin, { db: opts.db })
  await app.register(authPlugin)
  await app.register(security, { config: opts.config })
  await app.register(livePlugin)
  await app.register(system, { config: opts.config })
  await app.register(authRoutes, { config: opts.config })
  await app.register(areas)
  await app.register(stations)
  await app.register(buildings)
  await app.register(tiles, { backend: opts.config.TILE_BACKEND })
  await app.register(coverage, { speedKmh: opts.config.WALK_SPEED_KMH, workers: opts.config.ENGINE_WORKERS })
  await app.register(cases)
  await app.register(photos)
  await app.register(places)
  await app.register(open311)
  await app.register(ogc)
  await app.register(circles)
  await app.register(plans)
  await app.register(property)
  await app.register(party)
  await app.register(hotspots, { runner: opts.config.HOTSPOT_DETECTION })
  await app.register(wall)
  await app.register(webPlugin, { root: opts.webRoot === false ? '/nonexistent' : (opts.webRoot ?? DEFAULT_WEB_ROOT) })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>

function statusText(code: number): string {
  const names: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 503: 'Service Unavailable' }
  return names[code] ?? (code >= 500 ? 'Internal Server Error' : 'Error')
}
