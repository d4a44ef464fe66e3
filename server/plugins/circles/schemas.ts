import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { CIRCLE_WINDOWS } from '../../domain/circles/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])

export const CirclesQuery = Type.Object(
  {
    window: Type.Optional(literalUnion(CIRCLE_WINDOWS)),
    area: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  },
  { additionalProperties: false },
)
export type CirclesQuery = Static<typeof CirclesQuery>

const Side = Type.Object({
  residents: Type.Integer(),
  households: Type.Integer(),
  buildings: Type.Integer(),
  cases: Type.Integer(),
  /** Cases in the window per 1,000 residents (每千人诉求), not annualised. */
  per1000: Nullable(Type.Number()),
  resolved: Type.Integer(),
  /** Resolved at 楼栋 or 小区 level. */
  resolvedLocal: Type.Integer(),
  /** resolvedLocal / resolved (楼栋/小区解决率). */
  localShare: Nullable(Type.Number()),
})

const Split = Type.Object({
  minutes: Type.Number(),
  inside: Side,
  outside: Side,
  /** per1000 inside / per1000 outside; below 1: fewer cases per resident inside the circle. */
  ratio: Nullable(Type.Number()),
})

export const CirclesResponse = Type.Object({
  asOf: Type.String(),
  window: Type.Object({ name: literalUnion(CIRCLE_WINDOWS), label: Type.String(), from: Type.String(), to: Type.String() }),
  area: Nullable(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  scenario: Type.Literal('current'),
  speedKmh: Type.Number(),
  thresholds: Type.Array(Split),
  byCategory: Type.Array(Type.Object({ category: Type.String(), name: Type.String(), cases: Type.Integer(), thresholds: Type.Array(Split) })),
  byStreet: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), thresholds: Type.Array(Split) })),
  daily: Type.Array(
    Type.Object({
      date: Type.String(),
      thresholds: Type.Array(
        Type.Object({
          minutes: Type.Number(),
          inside: Type.Integer(),
          outside: Type.Integer(),
          insidePer1000: Nullable(Type.Number()),
          outsidePer1000: Nullable(Type.Number()),
        }),
      ),
    }),
  ),
  unplaced: Type.Object({
    cases: Type.Integer(),
    /** Reported on a street or square, not at a building. */
    withoutBuilding: Type.Integer(),
    /** At a building without residents (shop, school, office; the walking model leaves those out) or one added since the model was built. */
    nonResidential: Type.Integer(),
    note: Type.String(),
  }),
})
export type CirclesResponse = Static<typeof CirclesResponse>
