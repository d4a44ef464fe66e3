import { Type, type Static } from '@sinclair/typebox'
import { AreaLevel } from '../areas/schemas.ts'
import { Scenario, WhatIfBody } from '../coverage/schemas.ts'

/** A plan's stations: the add / move / remove of a what-if body, with that route's own limits. */
export const PlanChanges = Type.Object(
  { add: WhatIfBody.properties.add, move: WhatIfBody.properties.move, remove: WhatIfBody.properties.remove },
  { additionalProperties: false },
)
export type PlanChangesT = Static<typeof PlanChanges>

const PlanName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })

export const PlanBody = Type.Object({ name: PlanName, scenario: Scenario, changes: PlanChanges }, { additionalProperties: false })
export const PlanPatch = Type.Object(
  { name: Type.Optional(PlanName), scenario: Type.Optional(Scenario), changes: Type.Optional(PlanChanges) },
  { additionalProperties: false, minProperties: 1 },
)
export const PlanParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

const Counts = Type.Object({ stationsAdded: Type.Integer(), stationsMoved: Type.Integer(), stationsRemoved: Type.Integer() })
export const PlanSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scenario: Scenario,
  counts: Counts,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export const Plan = Type.Intersect([PlanSummary, Type.Object({ changes: PlanChanges })])
export type PlanT = Static<typeof Plan>
export const PlanList = Type.Object({ items: Type.Array(PlanSummary) })

/** now = stations in service; pipeline = every station of the pipeline built (scenario planned); else a plan's id. */
export const CompareQuery = Type.Object(
  { plans: Type.String({ minLength: 1, maxLength: 200, description: 'now,pipeline,<id>,<id>: 2 to 4 columns, the first the reference' }) },
  { additionalProperties: false },
)

const ByMinute = Type.Record(Type.String(), Type.Number())
export const CompareColumn = Type.Object({
  key: Type.String(),
  label: Type.String(),
  scenario: Scenario,
  planId: Type.Union([Type.Integer(), Type.Null()]),
  stations: Type.Integer(),
})
export const CompareRow = Type.Object({
  id: Type.String(),
  level: AreaLevel,
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  residents: Type.Number(),
  /** Per column: covered residents per minute value. */
  covered: Type.Array(ByMinute),
  /** Per column: covered minus the first column's, per minute value (the first is all zeros). */
  diff: Type.Array(ByMinute),
})
export const CompareResponse = Type.Object({
  minutes: Type.Array(Type.Number()),
  columns: Type.Array(CompareColumn),
  /** The district first, then its streets and communities. */
  rows: Type.Array(CompareRow),
})
export type CompareResponseT = Static<typeof CompareResponse>
