import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from '../../lib/literal-union.ts'

export const PLACE_KINDS = ['building', 'compound', 'station', 'area'] as const

export const PlaceSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 50, description: 'part of a name' }),
    limit: Type.Integer({ minimum: 1, maximum: 30, default: 10 }),
  },
  { additionalProperties: false },
)

/** A place found by name (web/src/api/case-types.ts PlaceHit). */
export const PlaceHit = Type.Object({
  kind: literalUnion(PLACE_KINDS),
  id: Type.String(),
  name: Type.String(),
  /** Where it is, for telling two of a name apart ("东湖社区 · 第3网格"). */
  context: Type.Union([Type.String(), Type.Null()]),
  lng: Type.Number(),
  lat: Type.Number(),
})
export type PlaceHitT = Static<typeof PlaceHit>

export const PlaceSearchResult = Type.Object({ items: Type.Array(PlaceHit) })

/** At most this many points per describe question (a siting answer is up to 50, a plan's stations fewer). */
export const DESCRIBE_MAX_POINTS = 200

const Lng = Type.Number({ minimum: -180, maximum: 180 })
const Lat = Type.Number({ minimum: -90, maximum: 90 })

export const DescribeQuery = Type.Object({ lng: Lng, lat: Lat }, { additionalProperties: false })

export const DescribeBody = Type.Object(
  {
    points: Type.Array(Type.Object({ lng: Lng, lat: Lat }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: DESCRIBE_MAX_POINTS,
    }),
  },
  { additionalProperties: false },
)

const Named = Type.Object({ id: Type.String(), name: Type.String() })
const NamedOrNull = Type.Union([Named, Type.Null()])

/** What is around one point, and how people would say where it is (web/src/api/types.ts PlaceDescription). */
export const PlaceDescription = Type.Object({
  lng: Type.Number(),
  lat: Type.Number(),
  /** The nearest named road within DESCRIBE_ROAD_M, and how far it is. */
  road: Type.Union([Type.Object({ name: Type.String(), distanceM: Type.Number() }), Type.Null()]),
  /** The building the point is in (distanceM 0) or the nearest within DESCRIBE_BUILDING_M, with its compound. */
  building: Type.Union([
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      distanceM: Type.Number(),
      compound: NamedOrNull,
    }),
    Type.Null(),
  ]),
  /** The compound (小区) containing the point. */
  compound: NamedOrNull,
  /** Named land use containing the point (a river, a park, a school's grounds). */
  landuse: Type.Union([Type.Object({ kind: Type.String(), name: Type.String() }), Type.Null()]),
  street: NamedOrNull,
  community: NamedOrNull,
  grid: NamedOrNull,
  /** One label, e.g. "翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格" (server/domain/places/place-label.ts). */
  label: Type.String(),
})
export type PlaceDescriptionT = Static<typeof PlaceDescription>

export const DescribeResult = Type.Object({ items: Type.Array(PlaceDescription) })
