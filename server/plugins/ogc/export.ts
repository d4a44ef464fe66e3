import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { EXPORT_FORMATS } from '../../lib/export/formats.ts'
import { keysetPages } from '../../lib/export/pages.ts'
import { sendExport } from '../../lib/export/send.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { findCollection } from './collections.ts'
import { parseBbox, parseDatetime } from './params.ts'
import { areaName, geometryTypeOf, itemsAfter, type ItemFilter } from './queries.ts'

const ExportParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }), format: literalUnion(EXPORT_FORMATS) })
const ExportQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String({ maxLength: 200 })),
    datetime: Type.Optional(Type.String({ maxLength: 100 })),
    /** An area id: the features whose point on surface lies in it; the file is named after the area. */
    area: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  },
  { additionalProperties: false },
)

/**
 * Every feature of a layer (optionally within a bbox, an area and a time interval) as one GeoJSON, CSV
 * or GeoPackage file, read page by page so a city's buildings never sit in memory at once. The same
 * sources as the OGC items, so the same columns are left out (no personal data).
 */
const exportsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ogc/collections/:collectionId/export.:format',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { params: ExportParams, querystring: ExportQuery, response: { 200: Type.Any(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const info = findCollection(request.params.collectionId)
      if (!info) throw notFound(`no collection ${request.params.collectionId}; see /ogc/collections`, 'NO_COLLECTION')
      const { bbox, datetime, area } = request.query
      if (datetime !== undefined && !info.temporal) throw badRequest(`collection ${info.id} has no time to filter on`, 'BAD_DATETIME')
      const filter: ItemFilter = {
        bbox: bbox === undefined ? undefined : parseBbox(bbox),
        time: datetime === undefined ? undefined : parseDatetime(datetime),
        scope: request.scope(),
        area,
      }
      const name = area === undefined ? null : await areaName(app.db.pool, area)
      if (area !== undefined && name === null) throw notFound(`no area with id ${area}`)
      const id = info.id
      return sendExport(reply, {
        format: request.params.format,
        asciiName: area === undefined ? id : `${id}-${area}`,
        name: name === null ? id : `${id}-${name}`,
        layer: { table: id.replaceAll('-', '_'), identifier: info.title, description: info.description, geometryType: geometryTypeOf(id) },
        pages: (encoding) => keysetPages((after, limit) => itemsAfter(app.db.pool, id, filter, after, limit, encoding), encoding),
      })
    },
  )
}

export default exportsPlugin
