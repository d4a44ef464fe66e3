import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { stringify } from 'csv-stringify/sync'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { findCollection, type CollectionId } from './collections.ts'
import { parseBbox, parseDatetime } from './params.ts'
import { itemsAfter, type ItemFilter } from './queries.ts'

export const EXPORT_FORMATS = ['geojson', 'csv'] as const
type ExportFormat = (typeof EXPORT_FORMATS)[number]

const ExportParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }), format: literalUnion(EXPORT_FORMATS) })
const ExportQuery = Type.Object(
  { bbox: Type.Optional(Type.String({ maxLength: 200 })), datetime: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
)

/** Rows per database round trip while streaming: big enough to be quick, small enough to stay flat in memory. */
const PAGE = 5000
const BOM = '\uFEFF'

const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(';') : v)

/**
 * Every feature of a layer (optionally within a bbox and a time interval) as one GeoJSON or CSV file,
 * streamed page by page so a city's buildings never sit in memory at once. CSV is UTF-8 with a BOM (so
 * Excel reads the Chinese names) and carries the geometry as WKT, which QGIS's delimited-text layer reads.
 * The same sources as the OGC items, so the same columns are left out (no personal data).
 */
async function* exportLines(
  pool: Parameters<typeof itemsAfter>[0], id: CollectionId, filter: ItemFilter, format: ExportFormat,
): AsyncGenerator<string> {
  let after: string | number | null = null
  let first = true
  let header: string[] | null = null
  if (format === 'geojson') yield '{"type":"FeatureCollection","features":[\n'
  else yield BOM
  for (;;) {
    const rows = await itemsAfter(pool, id, filter, after, PAGE, format === 'csv')
    if (rows.length === 0) break
    const out: string[] = []
    for (const { geometry, wkt, ...props } of rows) {
      if (format === 'geojson') {
        for (const [k, v] of Object.entries(props)) if (v instanceof Date) props[k] = v.toISOString()
        out.push(`${first ? '' : ',\n'}{"type":"Feature","id":${JSON.stringify(props.id)},"geometry":${geometry ?? 'null'},"properties":${JSON.stringify(props)}}`)
      } else {
        if (!header) {
          header = [...Object.keys(props), 'wkt']
          out.push(stringify([header]))
        }
        out.push(stringify([[...header.slice(0, -1).map((k) => cell(props[k])), wkt ?? '']]))
      }
      first = false
    }
    yield out.join('')
    after = rows[rows.length - 1]!.id
    if (rows.length < PAGE) break
  }
  if (format === 'geojson') yield '\n]}\n'
}

const exportsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ogc/collections/:collectionId/export.:format',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { params: ExportParams, querystring: ExportQuery, response: { 200: Type.Any(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const info = findCollection(request.params.collectionId)
      if (!info) throw notFound(`no collection ${request.params.collectionId}; see /ogc/collections`, 'NO_COLLECTION')
      const { bbox, datetime } = request.query
      if (datetime !== undefined && !info.temporal) throw badRequest(`collection ${info.id} has no time to filter on`, 'BAD_DATETIME')
      const filter: ItemFilter = {
        bbox: bbox === undefined ? undefined : parseBbox(bbox),
        time: datetime === undefined ? undefined : parseDatetime(datetime),
        scope: request.scope(),
      }
      const format = request.params.format
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json')
        .header('content-disposition', `attachment; filename="${info.id}.${format}"`)
      const stream = Readable.from(exportLines(app.db.pool, info.id, filter, format))
      // A database failure mid-stream can only cut the file short; say so in the log.
      stream.on('error', (err) => request.log.error({ err }, `exporting ${info.id} as ${format}`))
      return reply.send(stream)
    },
  )
}

export default exportsPlugin
