import { Type, type Static } from '@sinclair/typebox'
import { STATION_KINDS, STATION_STATUSES } from '../../domain/vocabulary/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { FeatureCollection } from '../../lib/geojson.ts'
import { AreaId } from '../areas/schemas.ts'

export const StationKind = literalUnion(STATION_KINDS)
export const StationStatus = literalUnion(STATION_STATUSES)

export const StationProps = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StationKind,
  status: StationStatus,
  floorArea: Type.Union([Type.Number(), Type.Null()]),
  hours: Type.Union([Type.String(), Type.Null()]),
  services: Type.Array(Type.String()),
  address: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.String(),
  compoundId: Type.Union([Type.String(), Type.Null()]),
})
export type StationPropsT = Static<typeof StationProps>

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
