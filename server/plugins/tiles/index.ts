import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, HttpError, notFound } from '../../lib/errors.ts'
import { dataBounds } from './queries.ts'
import { tileJson } from './tilejson.ts'
import { createTileService, type TileBackend } from './tile-service.ts'
import { findTileSet, TILE_SETS } from './tilesets.ts'

const SetParams = Type.Object({ set: Type.String({ pattern: '^[a-z][a-z0-9-]{0,40}$' }) })
const TileParams = Type.Object({
  set: Type.String({ pattern: '^[a-z][a-z0-9-]{0,40}$' }),
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
})

export interface TilesOptions {
  /** @default 'auto': ST_AsMVT where PostGIS can encode MVT, geojson-vt otherwise. */
  backend?: 'auto' | TileBackend
}

/**
 * Vector tiles of the project's own data — the built-in basemap, areas, stations and case density —
 * so the map needs no tile server, works on an intranet and never downloads a whole layer; with a
 * TileJSON document per set for maplibre, QGIS and GDAL.
 */
const tiles: FastifyPluginAsyncTypebox<TilesOptions> = async (app, opts) => {
  const service = await createTileService(app.db.pool, { backend: opts.backend })
  app.log.info({ backend: service.backend }, 'vector tiles')

  const setOr404 = (id: string) => {
    const set = findTileSet(id)
    if (!set) throw notFound(`no tile set '${id}'; there are ${TILE_SETS.map((s) => s.id).join(', ')}`, 'UNKNOWN_TILE_SET')
    return set
  }
  const origin = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`

  app.get('/tiles', async (request) => ({
    backend: service.backend,
    tilesets: TILE_SETS.map((s) => ({ id: s.id, name: s.name, tilejson: `${origin(request)}/tiles/${s.id}.json` })),
  }))

  app.get('/tiles/:set.json', { schema: { params: SetParams, response: { 200: Type.Any(), 404: ErrorResponse } } }, async (request, reply) => {
    const set = setOr404(request.params.set)
    const [bounds, version] = await Promise.all([dataBounds(app.db.pool), service.version(set)])
    reply.header('cache-control', 'no-cache')
    return tileJson(set, origin(request), bounds, version)
  })

  app.get(
    '/tiles/:set/:z/:x/:y.pbf',
    { schema: { params: TileParams, response: { 200: Type.Any(), 204: Type.Null(), 304: Type.Null(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const { z, x, y } = request.params
      const set = setOr404(request.params.set)
      // Case tiles are cut once for the whole district and cached; a reader limited to part of it
      // (a street, a department) reads its cases through /api/cases, which applies its scope in SQL.
      if (set.follows === 'cases') {
        const scope = request.scope()
        if (scope.areaId !== null || scope.department !== null) {
          throw new HttpError(403, 'OUT_OF_SCOPE', 'the case tiles cover the whole district; read your area\'s cases from /api/cases')
        }
        reply.header('cache-control', 'private, max-age=5')
      }
      if (x >= 2 ** z || y >= 2 ** z) throw badRequest(`tile ${z}/${x}/${y} does not exist`, 'BAD_TILE')
      if (z > set.maxzoom) throw badRequest(`tile set '${set.id}' goes to zoom ${set.maxzoom}`, 'BAD_TILE')
      const { tile, version } = await service.tile(set, z, x, y)
      const etag = `"${set.id}-${version}-${service.backend}"`
      reply.header('etag', etag)
      if (set.follows !== 'cases') reply.header('cache-control', 'private, max-age=300')
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null)
      if (!tile) return reply.code(204).send(null)
      return reply.type('application/x-protobuf').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength))
    },
  )
}

export default tiles
