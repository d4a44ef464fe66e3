import { Type } from '@sinclair/typebox'
import { Feature } from '../../lib/geojson.ts'

/** Items can be asked for as GeoJSON under either name; everything else is plain JSON. */
export const ITEM_FORMATS = ['json', 'geojson'] as const
export const MAX_LIMIT = 10_000
export const DEFAULT_LIMIT = 100
// Far beyond any collection, and inside a PostgreSQL bigint whatever ajv coerces.
export const MAX_OFFSET = 1_000_000_000

const Format = (values: readonly string[]) => Type.Optional(Type.String({ enum: [...values] }))

/** Landing page, conformance and collections: no parameter but `f`; anything else is a 400 (/rec/core/query-param-unknown). */
export const MetaQuery = Type.Object({ f: Format(['json']) }, { additionalProperties: false })

export const ItemsQuery = Type.Object(
  {
    f: Format(ITEM_FORMATS),
    limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
    offset: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 }),
    /** minLon,minLat,maxLon,maxLat in CRS84; parsed by params.ts. */
    bbox: Type.Optional(Type.String({ maxLength: 200 })),
    /** RFC 3339 instant or interval; parsed by params.ts. */
    datetime: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const ItemQuery = Type.Object({ f: Format(ITEM_FORMATS) }, { additionalProperties: false })

export const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }) })
export const ItemParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }), featureId: Type.String({ maxLength: 128 }) })

export const Link = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
})
const Links = Type.Array(Link)

export const LandingPage = Type.Object({ title: Type.String(), description: Type.String(), links: Links })
export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) })

export const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  links: Links,
  extent: Type.Optional(
    Type.Object({
      spatial: Type.Optional(Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() })),
      temporal: Type.Optional(Type.Object({ interval: Type.Array(Type.Array(Type.String())), trs: Type.String() })),
    }),
  ),
  itemType: Type.Literal('feature'),
  crs: Type.Array(Type.String()),
})
export const Collections = Type.Object({ links: Links, collections: Type.Array(Collection) })

// Each collection has its own properties (queries.ts); they pass through as they come from PostGIS.
const AnyProperties = Type.Object({}, { additionalProperties: true })
export const OgcFeature = Type.Object({ ...Feature(AnyProperties).properties, links: Type.Optional(Links) })

export const OgcFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Feature(AnyProperties)),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
  timeStamp: Type.String(),
  links: Links,
})
