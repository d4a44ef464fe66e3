import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from '../../lib/literal-union.ts'
import { Feature } from '../../lib/geojson.ts'
import { PROPERTY_WINDOWS } from '../../domain/property/window.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Time = Type.String()
const Hours = Nullable(Type.Number())

export const WindowQuery = Type.Object(
  { window: literalUnion(PROPERTY_WINDOWS, { default: '30d' }) },
  { additionalProperties: false },
)

export const CardQuery = Type.Object(
  {
    window: literalUnion(PROPERTY_WINDOWS, { default: '30d' }),
    /** How many of the newest cases to list. */
    latest: Type.Integer({ minimum: 0, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
)

export const ListQuery = Type.Object(
  {
    window: literalUnion(PROPERTY_WINDOWS, { default: '30d' }),
    /** How many companies each list names (兰陵 lists ten of each among all its companies). */
    top: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
  },
  { additionalProperties: false },
)

export const CompanyParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) })

/** The window the figures cover and when they were read. */
const Asof = {
  asOf: Time,
  window: Type.Object({ name: literalUnion(PROPERTY_WINDOWS), from: Time, to: Time }),
}

export const FigureProps = {
  compounds: Type.Integer(),
  households: Type.Integer(),
  complaints: Type.Integer(),
  propertyComplaints: Type.Integer(),
  per1000: Nullable(Type.Number()),
  propertyPer1000: Nullable(Type.Number()),
  started: Type.Integer(),
  responseHours: Hours,
  resolved: Type.Integer(),
  settleHours: Hours,
  rated: Type.Integer(),
  satisfaction: Nullable(Type.Number()),
  repeats: Type.Integer(),
  repeatShare: Nullable(Type.Number()),
}

const StandingProps = {
  rank: Nullable(Type.Integer()),
  score: Nullable(Type.Number()),
  list: Nullable(literalUnion(['red', 'black'] as const)),
  flags: Type.Array(literalUnion(['few_households', 'few_complaints'] as const)),
}

export const CompanyStanding = Type.Object({ id: Type.String(), name: Type.String(), ...FigureProps, ...StandingProps })
export type CompanyStandingT = Static<typeof CompanyStanding>

export const Rules = Type.Object({
  top: Type.Integer(),
  minHouseholds: Type.Integer(),
  minComplaints: Type.Integer(),
  weights: Type.Record(Type.String(), Type.Number()),
  propertyCategories: Type.Array(Type.String()),
  repeatDays: Type.Integer(),
})

export const League = Type.Object({
  ...Asof,
  rules: Rules,
  /** 红榜, best first. */
  red: Type.Array(CompanyStanding),
  /** 黑榜, worst first. */
  black: Type.Array(CompanyStanding),
  /** Every company with a compound in scope: the ranked ones best first, then the flagged ones. */
  companies: Type.Array(CompanyStanding),
})

export const CompanyCard = Type.Object({
  ...Asof,
  rules: Rules,
  /** How many companies were ranked in this scope (the rank is out of these). */
  rankedOf: Type.Integer(),
  company: Type.Object({ ...CompanyStanding.properties, phone: Nullable(Type.String()) }),
  compounds: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      communityName: Type.String(),
      gridName: Type.String(),
      buildings: Type.Integer(),
      ...FigureProps,
    }),
  ),
  /** The newest cases in the window in its compounds; nothing personal. */
  latest: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      category: Type.String(),
      categoryName: Type.String(),
      status: Type.String(),
      createdAt: Time,
      compoundId: Type.String(),
      compoundName: Type.String(),
      buildingName: Nullable(Type.String()),
    }),
  ),
})

export const CompoundStandingProps = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** null: self-managed (自管), no company. */
  companyId: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  list: Nullable(literalUnion(['red', 'black'] as const)),
  rank: Nullable(Type.Integer()),
  score: Nullable(Type.Number()),
  /** The company's complaints per 1,000 households (the colour is the company's standing). */
  per1000: Nullable(Type.Number()),
})

export const CompoundMap = Type.Object({
  type: Type.Literal('FeatureCollection'),
  ...Asof,
  rankedOf: Type.Integer(),
  features: Type.Array(Feature(CompoundStandingProps)),
})

export type LeagueT = Static<typeof League>
export type CompanyCardT = Static<typeof CompanyCard>
export type CompoundMapT = Static<typeof CompoundMap>
