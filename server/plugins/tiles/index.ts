import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest } from '../../lib/errors.ts'
import { perRevision } from '../../db/per-revision.ts'
import { basemapRows } from './queries.ts'
import { buildTileIndex } from './tile-index.ts'

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
})

/**
 * The built-in basemap as vector tiles (water, green, landuse, roads, buildings, compounds,
 * boundaries), so the map needs no tile server and works on an intranet.
 */
const tiles: FastifyPluginAsyncTypebox = async (app) => {
  const index = perRevision(app.db.pool, async () => buildTileIndex((await basemapRows(app.db.pool)).rows))

  app.get(
    '/tiles/basemap/:z/:x/:y.pbf',
    { schema: { params: TileParams, response: { 200: Type.Any(), 204: Type.Null(), 400: ErrorResponse } } },
    async (request, reply) => {
      const { z, x, y } = request.params
      if (x >= 2 ** z || y >= 2 ** z) throw badRequest(`tile ${z}/${x}/${y} does not exist`, 'BAD_TILE')
      const pbf = (await index.get()).tile(z, x, y)
      reply.header('cache-control', 'public, max-age=300')
      if (!pbf) return reply.code(204).send(null)
      return reply.type('application/x-protobuf').send(Buffer.from(pbf))
    },
  )
}

export default tiles
