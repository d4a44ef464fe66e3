import { Type } from '@sinclair/typebox'
import { Feature, FeatureCollection } from '../../lib/geojson.ts'
import { AreaId } from '../areas/schemas.ts'

export const BuildingProps = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  floors: Type.Integer(),
  households: Type.Integer(),
  residents: Type.Integer(),
  partyGroup: Type.Boolean(),
  gridId: Type.String(),
  compoundId: Type.Union([Type.String(), Type.Null()]),
})

export const ListBuildingsQuery = Type.Object(
  {
    /** west,south,east,north in WGS-84 degrees. */
    bbox: Type.Optional(Type.String({ maxLength: 200 })),
    area: Type.Optional(AreaId),
    limit: Type.Integer({ minimum: 1, maximum: 20000, default: 5000 }),
  },
  { additionalProperties: false },
)

export const BuildingCollection = Type.Intersect([
  FeatureCollection(BuildingProps),
  Type.Object({ truncated: Type.Boolean() }),
])

export const BuildingParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) })

const { partyGroup: _omit, ...listProps } = BuildingProps.properties

export const BuildingFeature = Feature(
  Type.Object({
    ...listProps,
    partyMemberHouseholds: Type.Integer(),
    compound: Type.Union([
      Type.Object({ id: Type.String(), name: Type.String(), propertyCompany: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    /** The building party group (楼栋党小组), null where the building has none. */
    partyGroup: Type.Union([
      Type.Object({ name: Type.String(), secretary: Type.Union([Type.String(), Type.Null()]), members: Type.Integer() }),
      Type.Null(),
    ]),
    partyHouseholds: Type.Array(
      Type.Object({ householder: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }),
    ),
    ancestors: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  }),
)
