import { Type, type Static } from '@sinclair/typebox'
import { SCENARIOS, SITE_SOURCES, STATION_KINDS } from '../../domain/vocabulary/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { AreaId, AreaLevel } from '../areas/schemas.ts'

export const Scenario = literalUnion(SCENARIOS, {
  default: 'current',
  description: 'cumulative by station status: current = in service; renovated += renovating; built += under construction; planned += planned',
})

/**
 * What one question may ask of the engine (README, API): the most expensive answer these allow takes
 * the engine a few seconds at demo scale (BENCHMARKS.md, heavy engine work), in a worker thread.
 */
export const LIMITS = {
  /** Minute values per question, and the largest for coverage counts and siting. */
  minuteValues: 8,
  maxMinutes: 120,
  /**
   * Isochrones cost about the square of their minutes each: drawn up to half an hour's walk, and for a
   * what-if (one set per added or moved station) for at most 3 minute values, e.g. 5, 10 and 15.
   */
  maxIsochroneMinutes: 30,
  whatIfIsochroneMinuteValues: 3,
  /** Stations per what-if. */
  add: 50,
  move: 50,
  remove: 200,
  /** Sites per siting question. */
  k: 50,
  /** Buildings per gaps answer or export. */
  gaps: 100_000,
  /** Positions per ring of a siting polygon. */
  withinVertices: 1000,
} as const

/** "5,15" in a query string: parsed and checked by parseMinutes (at most LIMITS.minuteValues values). */
export const MinutesList = Type.String({ minLength: 1, maxLength: 100, default: '5,15' })
const Minutes = (maximum: number) => Type.Number({ exclusiveMinimum: 0, maximum })

export const CoverageQuery = Type.Object(
  { minutes: MinutesList, scenario: Scenario, level: Type.Optional(AreaLevel) },
  { additionalProperties: false },
)

export const GapsQuery = Type.Object(
  {
    minutes: Type.Number({ exclusiveMinimum: 0, maximum: LIMITS.maxMinutes, default: 15 }),
    scenario: Scenario,
    area: Type.Optional(AreaId),
    limit: Type.Integer({ minimum: 1, maximum: LIMITS.gaps, default: 2000 }),
  },
  { additionalProperties: false },
)

/**
 * Exports carry every gap (up to LIMITS.gaps) unless asked for fewer. `lang=zh` (CSV): Chinese headers,
 * with the grid's, community's and nearest station's names beside their ids, for a spreadsheet; the
 * default keeps the machine column names other tools read.
 */
export const GapsExportQuery = Type.Object(
  {
    ...GapsQuery.properties,
    limit: Type.Integer({ minimum: 1, maximum: LIMITS.gaps, default: LIMITS.gaps }),
    lang: Type.Optional(literalUnion(['en', 'zh'] as const)),
  },
  { additionalProperties: false },
)

export const IsochroneQuery = Type.Object(
  { minutes: MinutesList, scenario: Scenario },
  { additionalProperties: false },
)

export const StationIsochroneQuery = Type.Object({ minutes: MinutesList }, { additionalProperties: false })
export const StationParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) })

const Lng = Type.Number({ minimum: -180, maximum: 180 })
const Lat = Type.Number({ minimum: -90, maximum: 90 })

const AddedStation = Type.Object(
  {
    lng: Lng,
    lat: Lat,
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    /** The client's own name for it, echoed in `placed`, `isochrones[].properties.ref`. @default new-1, new-2, … */
    id: Type.Optional(StationParams.properties.id),
  },
  { additionalProperties: false },
)

export const WhatIfBody = Type.Object(
  {
    add: Type.Optional(Type.Array(AddedStation, { maxItems: LIMITS.add })),
    move: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }), lng: Lng, lat: Lat }, { additionalProperties: false }), { maxItems: LIMITS.move })),
    remove: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: LIMITS.remove })),
    minutes: Type.Optional(Type.Array(Minutes(LIMITS.maxMinutes), { minItems: 1, maxItems: LIMITS.minuteValues })),
    scenario: Scenario,
    level: Type.Optional(AreaLevel),
    /** Also return isochrones of the added and moved stations (then fewer and smaller minute values, see LIMITS). */
    isochrones: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    // With isochrones the minutes are capped lower (they default to 5 and 15, within the cap).
    if: { properties: { isochrones: { const: true } }, required: ['isochrones'] },
    then: {
      properties: {
        minutes: { type: 'array', maxItems: LIMITS.whatIfIsochroneMinuteValues, items: { type: 'number', maximum: LIMITS.maxIsochroneMinutes } },
      },
    },
  },
)

/** A goal's weight in siting: residents newly within its minutes count this many times. */
const Weight = Type.Number({ minimum: 0, maximum: 100 })

/**
 * Siting on the plan in hand: `add`, `move`, `remove` and `scenario` as in a what-if (the planner sends the
 * same changes), so the sites fill what the plan leaves uncovered. `minDistanceM`: no site within that many
 * metres, in a straight line, of a station of the plan (existing or hypothetical). `weight5`/`weight15`:
 * maximise weight5 × newly within 5 min + weight15 × newly within 15 min (a missing weight is 0); without
 * either, only `minutes` counts.
 */
export const SuggestBody = Type.Object(
  {
    /** Sites to find; with a budget, its counts' sum (then k may be left out). */
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.k })),
    minutes: Minutes(LIMITS.maxMinutes),
    scenario: Scenario,
    add: WhatIfBody.properties.add,
    move: WhatIfBody.properties.move,
    remove: WhatIfBody.properties.remove,
    minDistanceM: Type.Optional(Type.Number({ minimum: 0, maximum: 5000 })),
    weight5: Type.Optional(Weight),
    weight15: Type.Optional(Weight),
    /** Where sites may go (SITE_SOURCES). @default ['street'] */
    sources: Type.Optional(Type.Array(literalUnion(SITE_SOURCES), { minItems: 1, maxItems: SITE_SOURCES.length, uniqueItems: true })),
    /** Only sites inside this polygon (a planner's drawn outline; WGS-84). */
    within: Type.Optional(
      Type.Object(
        {
          type: Type.Literal('Polygon'),
          coordinates: Type.Array(Type.Array(Type.Tuple([Lng, Lat]), { minItems: 4, maxItems: LIMITS.withinVertices }), { minItems: 1, maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
    ),
    /**
     * So many stations of each kind, each sited for its kind's circle (STATION_KIND_CIRCLE_MINUTES: 15 min
     * for centres, 5 for stations and special points), the wider circles first. Replaces the weights.
     */
    budget: Type.Optional(
      Type.Array(Type.Object({ kind: literalUnion(STATION_KINDS), count: Type.Integer({ minimum: 1, maximum: LIMITS.k }) }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: STATION_KINDS.length,
      }),
    ),
  },
  { additionalProperties: false },
)

const Counts = Type.Object({
  residents: Type.Number(),
  households: Type.Number(),
  buildings: Type.Number(),
  partyMemberHouseholds: Type.Number(),
})
const CoveredCounts = Type.Intersect([Counts, Type.Object({ share: Type.Number() })])

/** One area's coverage, as the engine computes it (server/engine AreaCoverage); what-if answers add `delta`. */
export const AreaCoverage = Type.Object({
  id: Type.String(),
  level: AreaLevel,
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  residents: Type.Number(),
  households: Type.Number(),
  buildings: Type.Number(),
  partyMemberHouseholds: Type.Number(),
  covered: Type.Record(Type.String(), CoveredCounts),
  delta: Type.Optional(Type.Record(Type.String(), Counts)),
})
export type AreaCoverageT = Static<typeof AreaCoverage>

export const CoverageResponse = Type.Object({
  minutes: Type.Array(Type.Number()),
  scenario: literalUnion(SCENARIOS),
  speedKmh: Type.Number(),
  stations: Type.Integer(),
  areas: Type.Array(AreaCoverage),
})
export type CoverageResponseT = Static<typeof CoverageResponse>

/** A building whose coverage changed; lng/lat: its entrance, where its walk starts. */
const ChangedBuilding = Type.Object({ id: Type.String(), lng: Type.Number(), lat: Type.Number(), residents: Type.Number() })

export const WhatIfResponse = Type.Intersect([
  CoverageResponse,
  Type.Object({
    delta: Type.Record(Type.String(), Counts),
    changedBuildings: Type.Integer(),
    /** Per minute value: buildings newly within it and no longer within it, most residents first. */
    changed: Type.Record(Type.String(), Type.Object({ covered: Type.Array(ChangedBuilding), uncovered: Type.Array(ChangedBuilding) })),
    placed: Type.Array(Type.Object({ id: Type.String(), lng: Type.Number(), lat: Type.Number(), snapM: Type.Union([Type.Number(), Type.Null()]) })),
    isochrones: Type.Optional(Type.Any()),
    elapsedMs: Type.Number(),
  }),
])

export const SuggestResponse = Type.Object({
  minutes: Type.Number(),
  scenario: Type.String(),
  sites: Type.Array(
    Type.Object({
      lng: Type.Number(),
      lat: Type.Number(),
      /** Residents newly within `minutes`, given the plan and the sites before it. */
      gain: Type.Number(),
      /** The same per weighted goal (and `minutes`), keyed by minutes. */
      gains: Type.Record(Type.String(), Type.Number()),
      households: Type.Number(),
      buildings: Type.Number(),
      /** Where the site came from (SITE_SOURCES), and the candidate place's id and name when not a street node. */
      source: literalUnion(SITE_SOURCES),
      candidateId: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      /** With a budget: the station kind this site is for, and the circle it was chosen to fill. */
      kind: Type.Union([Type.String(), Type.Null()]),
      goalMinutes: Type.Number(),
    }),
  ),
  /** Candidate places of each asked-for source other than street (whose nodes count in candidatesConsidered), before any constraint. */
  sources: Type.Record(Type.String(), Type.Integer()),
  /** Residents within `minutes` of the plan's stations (the what-if headline for the same changes). */
  coveredBefore: Type.Number(),
  coveredAfter: Type.Number(),
  /** Residents within `minutes` after 1, 2, … sites. */
  curve: Type.Array(Type.Number()),
  /** Per goal (and `minutes`): covered before any site and after 1 … k. */
  byMinutes: Type.Record(Type.String(), Type.Object({ coveredBefore: Type.Number(), curve: Type.Array(Type.Number()) })),
  /** What the answer was asked on, echoed so the planner can tell whether its plan has changed since. */
  plan: Type.Object({ add: Type.Integer(), move: Type.Integer(), remove: Type.Integer() }),
  minDistanceM: Type.Number(),
  candidatesConsidered: Type.Integer(),
  elapsedMs: Type.Number(),
})
