import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toFeature } from '../../lib/geojson.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { COLLECTIONS, findCollection, type CollectionInfo } from './collections.ts'
import { collectionExtent, getItem, listItems, type Extent, type FeatureRow } from './queries.ts'
import { parseBbox, parseDatetime } from './params.ts'
import { apiRoot, GEOJSON_TYPE, JSON_TYPE, link, OPENAPI_TYPE, withQuery, type Link } from './links.ts'
import { openApiDocument } from './openapi.ts'
import exportsPlugin from './export.ts'
import {
  CollectionParams, Collections, Collection, Conformance, ItemParams, ItemQuery, ItemsQuery, LandingPage,
  MetaQuery, OgcFeature,
} from './schemas.ts'

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
]
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'
const errors = { 400: ErrorResponse, 404: ErrorResponse }

/** Row → feature properties: everything but the geometry, times as RFC 3339 text. */
function properties(row: FeatureRow) {
  const { geometry: _g, ...rest } = row
  for (const [k, v] of Object.entries(rest)) if (v instanceof Date) rest[k] = v.toISOString()
  return rest as { id: string | number } & Record<string, unknown>
}

function collectionOr404(id: string): CollectionInfo {
  const info = findCollection(id)
  if (!info) throw notFound(`no collection ${id}; see /ogc/collections`, 'NO_COLLECTION')
  return info
}

function describe(root: string, info: CollectionInfo, extent: Extent) {
  const href = `${root}/collections/${info.id}`
  const spatial = extent.bbox && { bbox: [extent.bbox], crs: CRS84 }
  const temporal = info.temporal ? { interval: [extent.interval ?? []], trs: GREGORIAN } : undefined
  return {
    id: info.id,
    title: info.title,
    description: info.description,
    links: [
      link(href, 'self', JSON_TYPE, info.title),
      link(`${href}/items`, 'items', GEOJSON_TYPE, `${info.title} (GeoJSON)`),
    ],
    ...(spatial || temporal ? { extent: { ...(spatial ? { spatial } : {}), ...(temporal ? { temporal } : {}) } } : {}),
    itemType: 'feature' as const,
    crs: [CRS84],
  }
}

/**
 * OGC API – Features, Part 1 (Core, GeoJSON, OAS 3.0) over every map layer, so that planners can open
 * them in QGIS and GDAL. Read-only; the same access rules as the rest of the API apply.
 */
const ogc: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/ogc', { schema: { querystring: MetaQuery, response: { 200: LandingPage, ...errors } } }, async (request) => {
    const root = apiRoot(request)
    return {
      title: '红色领航 · OGC API – Features',
      description: 'The district\'s governance geography (areas by level, compounds, buildings), service stations, walk network and resident requests.',
      links: [
        link(root, 'self', JSON_TYPE, 'This document'),
        link(`${root}/api`, 'service-desc', OPENAPI_TYPE, 'The API definition (OpenAPI 3.0)'),
        link(`${root}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
        link(`${root}/collections`, 'data', JSON_TYPE, 'Collections'),
      ],
    }
  })

  app.get('/ogc/api', { schema: { querystring: MetaQuery } }, async (request, reply) => {
    // A Buffer goes out as is: for a string Fastify rewrites the type to version="3.0"; charset=utf-8,
    // which is equivalent but no longer the media type the standard names.
    reply.header('content-type', OPENAPI_TYPE)
    return Buffer.from(JSON.stringify(openApiDocument(apiRoot(request))))
  })

  app.get('/ogc/conformance', { schema: { querystring: MetaQuery, response: { 200: Conformance, ...errors } } }, async () => ({
    conformsTo: CONFORMANCE,
  }))

  app.get('/ogc/collections', { schema: { querystring: MetaQuery, response: { 200: Collections, ...errors } } }, async (request) => {
    const root = apiRoot(request)
    const extents = await Promise.all(COLLECTIONS.map((c) => collectionExtent(app.db.pool, c.id)))
    return {
      links: [link(`${root}/collections`, 'self', JSON_TYPE, 'Collections')],
      collections: COLLECTIONS.map((c, i) => describe(root, c, extents[i])),
    }
  })

  app.get(
    '/ogc/collections/:collectionId',
    { schema: { params: CollectionParams, querystring: MetaQuery, response: { 200: Collection, ...errors } } },
    async (request) => {
      const info = collectionOr404(request.params.collectionId)
      return describe(apiRoot(request), info, await collectionExtent(app.db.pool, info.id))
    },
  )

  app.get(
    '/ogc/collections/:collectionId/items',
    // The 200 body is OgcFeatureCollection (schemas.ts), written by hand below for speed.
    { schema: { params: CollectionParams, querystring: ItemsQuery, response: errors } },
    async (request, reply) => {
      const info = collectionOr404(request.params.collectionId)
      const { f, bbox, datetime, limit, offset } = request.query
      if (datetime !== undefined && !info.temporal) throw badRequest(`collection ${info.id} has no time to filter on`, 'BAD_DATETIME')
      const filter = {
        bbox: bbox === undefined ? undefined : parseBbox(bbox),
        time: datetime === undefined ? undefined : parseDatetime(datetime),
        scope: request.scope(),
      }
      const { rows, matched } = await listItems(app.db.pool, info.id, filter, limit, offset)
      const href = `${apiRoot(request)}/collections/${info.id}/items`
      const page = (at: number) => withQuery(href, { f, bbox, datetime, limit, offset: at })
      const links: Link[] = [link(page(offset), 'self', GEOJSON_TYPE, 'This page')]
      if (offset + rows.length < matched) links.push(link(page(offset + limit), 'next', GEOJSON_TYPE, 'Next page'))
      if (offset > 0) links.push(link(page(Math.max(0, offset - limit)), 'prev', GEOJSON_TYPE, 'Previous page'))
      reply.type(GEOJSON_TYPE)
      // Written as text: PostGIS's GeoJSON geometry goes in as it came, instead of being parsed and
      // serialised again per feature, which took most of the time of a 1000-feature page.
      const features = rows.map((r) => {
        const props = properties(r)
        return `{"type":"Feature","id":${JSON.stringify(props.id)},"geometry":${r.geometry ?? 'null'},"properties":${JSON.stringify(props)}}`
      })
      const body = `{"type":"FeatureCollection","features":[${features.join(',')}],"numberMatched":${matched},` +
        `"numberReturned":${rows.length},"timeStamp":"${new Date().toISOString()}","links":${JSON.stringify(links)}}`
      return reply.send(body as never)
    },
  )

  app.get(
    '/ogc/collections/:collectionId/items/:featureId',
    { schema: { params: ItemParams, querystring: ItemQuery, response: { 200: OgcFeature, ...errors } } },
    async (request, reply) => {
      const info = collectionOr404(request.params.collectionId)
      const { featureId } = request.params
      const row = await getItem(app.db.pool, info.id, featureId, request.scope())
      if (!row) throw notFound(`no feature ${featureId} in collection ${info.id}`, 'NO_FEATURE')
      const collection = `${apiRoot(request)}/collections/${info.id}`
      reply.type(GEOJSON_TYPE)
      return {
        ...toFeature(row, properties),
        links: [
          link(`${collection}/items/${encodeURIComponent(featureId)}`, 'self', GEOJSON_TYPE, 'This feature'),
          link(collection, 'collection', JSON_TYPE, info.title),
        ],
      }
    },
  )

  await app.register(exportsPlugin)

  // Unknown paths under /ogc answer with a JSON 404 instead of the web app's index.html.
  app.get('/ogc/*', async (request) => {
    throw notFound(`no OGC API resource ${request.url.split('?')[0]}; start at /ogc`)
  })
}

export default ogc
