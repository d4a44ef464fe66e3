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
