import { Type } from '@sinclair/typebox'
import { FeatureCollection } from '../../lib/geojson.ts'
import { AreaId } from '../areas/schemas.ts'

export const StationKind = Type.Union(
  ['district_center', 'street_center', 'community_center', 'compound_station', 'red_post', 'rider_station', 'deliberation_room'].map(
    (k) => Type.Literal(k),
  ),
)
export const StationStatus = Type.Union(
  ['in_service', 'renovating', 'under_construction', 'planned'].map((s) => Type.Literal(s)),
)

export const StationProps = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  floorArea: Type.Union([Type.Number(), Type.Null()]),
  hours: Type.Union([Type.String(), Type.Null()]),
  services: Type.Array(Type.String()),
  address: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.String(),
  compoundId: Type.Union([Type.String(), Type.Null()]),
})

export const ListStationsQuery = Type.Object(
  {
    kind: Type.Optional(StationKind),
    status: Type.Optional(StationStatus),
    /** Stations located inside this area (any level). */
    area: Type.Optional(AreaId),
  },
  { additionalProperties: false },
)

export const StationCollection = FeatureCollection(StationProps)
