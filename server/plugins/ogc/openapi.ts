import { COLLECTION_IDS } from './collections.ts'
import { DEFAULT_LIMIT, ITEM_FORMATS, MAX_LIMIT, MAX_OFFSET } from './schemas.ts'

/**
 * The OpenAPI 3.0 service description (`service-desc`) of the /ogc endpoints, in the shape of the
 * OGC API – Features Part 1 building blocks (ogcapi-features-1.yaml): the same parameter names, and
 * limit's maximum and default, which clients such as GDAL read to size their pages.
 */
export function openApiDocument(root: string) {
  const json = (description: string, schema: object = { type: 'object' }) => ({
    description,
    content: { 'application/json': { schema } },
  })
  const problem = (description: string) => json(description, { $ref: '#/components/schemas/exception' })
  const f = (values: readonly string[]) => ({
    name: 'f', in: 'query', required: false, description: 'Response format.',
    schema: { type: 'string', enum: [...values] }, style: 'form', explode: false,
  })
  const collectionId = {
    name: 'collectionId', in: 'path', required: true, description: 'Collection id.',
    schema: { type: 'string', enum: [...COLLECTION_IDS] },
  }
  const meta = (summary: string, operationId: string, body: object, params: object[] = []) => ({
    get: { summary, operationId, parameters: [...params, f(['json'])], responses: { 200: body, 400: problem('Bad request') } },
  })
  return {
    openapi: '3.0.3',
    info: {
      title: '红色领航 OGC API – Features',
      version: '1.0.0',
      description: 'The governance geography, service stations, walk network and resident requests as OGC API – Features (Part 1: Core, GeoJSON).',
    },
    servers: [{ url: root }],
    paths: {
      '/': meta('Landing page', 'getLandingPage', json('Links to the API description, conformance and collections')),
      '/conformance': meta('Conformance classes', 'getConformanceDeclaration', json('Conformance classes implemented')),
      '/collections': meta('Collections', 'getCollections', json('Every collection with its extent and links')),
      '/collections/{collectionId}': {
        get: {
          summary: 'One collection', operationId: 'describeCollection', parameters: [collectionId, f(['json'])],
          responses: { 200: json('The collection'), 400: problem('Bad request'), 404: problem('No such collection') },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection, in primary-key order, a page at a time',
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            {
              name: 'limit', in: 'query', required: false, style: 'form', explode: false,
              schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
            },
            {
              name: 'offset', in: 'query', required: false, style: 'form', explode: false,
              description: 'Features to skip; the `next` link carries it.',
              schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
            },
            {
              name: 'bbox', in: 'query', required: false, style: 'form', explode: false,
              description: 'minLon,minLat,maxLon,maxLat in CRS84.',
              schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
            },
            {
              name: 'datetime', in: 'query', required: false, style: 'form', explode: false,
              description: 'RFC 3339 instant or interval (a/b, ../b, a/..); only for temporal collections (cases: created time).',
              schema: { type: 'string' },
            },
            f(ITEM_FORMATS),
          ],
          responses: {
            200: { description: 'A GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: { type: 'object' } } } },
            400: problem('Bad request'),
            404: problem('No such collection'),
          },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature', operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, f(ITEM_FORMATS)],
          responses: {
            200: { description: 'A GeoJSON Feature', content: { 'application/geo+json': { schema: { type: 'object' } } } },
            400: problem('Bad request'),
            404: problem('No such collection or feature'),
          },
        },
      },
    },
    components: {
      schemas: {
        exception: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
        },
      },
    },
  }
}
