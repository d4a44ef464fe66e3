import { Type, type Static } from '@sinclair/typebox'
import { AREA_LEVELS } from '../../domain/vocabulary/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { Feature, FeatureCollection } from '../../lib/geojson.ts'

export const AreaLevel = literalUnion(AREA_LEVELS)

const LngLat = Type.Tuple([Type.Number(), Type.Number()])
const BBox = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])

export const AreaId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

export const AreaSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  level: AreaLevel,
  parentId: Type.Union([Type.String(), Type.Null()]),
  residents: Type.Integer(),
  households: Type.Integer(),
  buildings: Type.Integer(),
  /** Share of residential buildings that have a building party group (组织覆盖率), 0..1. */
  partyCoverage: Type.Union([Type.Number(), Type.Null()]),
  childCount: Type.Integer(),
  /** Geodesic area in km² (PostGIS, on the spheroid). */
  areaKm2: Type.Number(),
  /** [lng, lat] well inside the area for its label: centre of the largest inscribed circle. */
  labelPoint: Type.Union([LngLat, Type.Null()]),
  /** [west, south, east, north] of the boundary. */
  bbox: Type.Union([BBox, Type.Null()]),
})
export type AreaSummaryT = Static<typeof AreaSummary>

const Ref = Type.Object({ id: Type.String(), name: Type.String(), level: AreaLevel })

export const AreaDetail = Type.Intersect([
  AreaSummary,
  Type.Object({
    ancestors: Type.Array(Ref),
    children: Type.Array(Ref),
    totals: Type.Object({
      residents: Type.Integer(),
      households: Type.Integer(),
      buildings: Type.Integer(),
      residentialBuildings: Type.Integer(),
      partyGroups: Type.Integer(),
      partyMemberHouseholds: Type.Integer(),
      stations: Type.Integer(),
    }),
    party: Type.Object({
      orgs: Type.Array(
        Type.Object({
          id: Type.String(),
          kind: Type.String(),
          name: Type.String(),
          secretary: Type.Union([Type.String(), Type.Null()]),
          members: Type.Integer(),
        }),
      ),
    }),
    workers: Type.Array(
      Type.Object({
        name: Type.Union([Type.String(), Type.Null()]),
        role: Type.String(),
        phone: Type.Union([Type.String(), Type.Null()]),
        areaId: Type.String(),
      }),
    ),
    compounds: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        walled: Type.Boolean(),
        propertyCompany: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
])

export const ListAreasQuery = Type.Object(
  {
    level: Type.Optional(AreaLevel),
    parent: Type.Optional(AreaId),
  },
  { additionalProperties: false },
)

export const AreaParams = Type.Object({ id: AreaId })
export const AreaCollection = FeatureCollection(AreaSummary)
export const AreaFeature = Feature(AreaDetail)
export type AreaDetailT = Static<typeof AreaDetail>
