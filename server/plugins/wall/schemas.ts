import { Type, type Static } from '@sinclair/typebox'
import { StatsResponse } from '../cases/schemas.ts'
import { CirclesResponse } from '../circles/schemas.ts'
import { AreaCoverage } from '../coverage/schemas.ts'
import { League } from '../property/schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** Today's cases by category and the cases of the last hours, read with the KPIs (same snapshot). */
export const TodayPart = Type.Object({
  dayStart: Type.String({ format: 'date-time' }),
  categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), class721: Type.String(), count: Type.Integer() })),
  /** Cases created in the last n hours before asOf, keyed by n (the heat legend's windows). */
  lastHours: Type.Record(Type.String(), Type.Integer()),
})

export const StationsPart = Type.Object({
  total: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byKind: Type.Record(Type.String(), Type.Integer()),
})

/**
 * Every figure of the wall as of one instant. New parts are added to `parts` (each built by its own
 * function in parts.ts); the wall reads each by name.
 */
export const WallSnapshot = Type.Object({
  /** The transaction's timestamp: every part is as of this instant. */
  asOf: Type.String({ format: 'date-time' }),
  /** The last settled case-event id at asOf: every event up to it is counted, none after it. */
  eventId: Type.Integer(),
  area: Nullable(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  parts: Type.Object({
    cases: StatsResponse,
    today: TodayPart,
    /** Null while the walking model is being built (see parts.ts). */
    circles: Nullable(CirclesResponse),
    property: League,
    coverage: Nullable(AreaCoverage),
    stations: StationsPart,
  }),
})
export type WallSnapshotT = Static<typeof WallSnapshot>
