import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox'
import { INPUT_CRS } from '../../domain/cases/crs.ts'
import {
  CATEGORY_CODES, CLASSES_721, DEPARTMENT_CODES, DISPATCH_LEVELS, PRIORITIES, RESOLVED_LEVELS, SOURCES, WHISTLE_LEVELS,
} from '../../domain/cases/taxonomy.ts'
import { ACTIONS, STATUSES } from '../../domain/cases/types.ts'
import { WINDOWS } from '../../domain/cases/time-window.ts'

/**
 * A string from a fixed list. Typed as a union of literals, but the JSON schema is a plain enum so
 * that ajv says "must be equal to one of the allowed values" instead of one line per literal.
 */
export const OneOf = <T extends string>(values: readonly T[]) =>
  Type.String({ enum: [...values] }) as unknown as TUnion<TLiteral<T>[]>
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])
/** Optional text that may also be sent as null. */
const Text = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })))

export const AreaId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

export const LocationIn = Type.Object({
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(OneOf(INPUT_CRS)),
})

export const IntakeBody = Type.Object({
  source: OneOf(SOURCES),
  /** With source, the idempotency key: a repeat returns the existing case. */
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  category: OneOf(CATEGORY_CODES),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Text(4000),
  location: LocationIn,
  address: Text(500),
  reporter: Type.Optional(
    Nullable(Type.Object({ name: Text(64), phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{3,32}$' }))) })),
  ),
  priority: Type.Optional(OneOf(PRIORITIES)),
  /** A dispatcher's own time limit in hours, instead of the category's. */
  deadlineHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })),
})
export type IntakeBodyT = Static<typeof IntakeBody>

const Time = Type.String()
const NullableTime = Nullable(Time)

export const CaseView = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  externalId: Nullable(Type.String()),
  category: Type.String(),
  categoryName: Type.String(),
  class721: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  address: Nullable(Type.String()),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  priority: Type.String(),
  status: Type.String(),
  buildingId: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  communityId: Nullable(Type.String()),
  streetId: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  outsideGrid: Type.Boolean(),
  possibleDuplicateOf: Nullable(Type.Integer()),
  dispatchedTo: Nullable(Type.Object({ level: Type.String(), id: Type.String() })),
  resolvedLevel: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  satisfaction: Nullable(Type.Integer()),
  escalation: Nullable(
    Type.Object({
      department: Type.String(),
      fromLevel: Type.String(),
      fromAreaId: Nullable(Type.String()),
      escalatedAt: Time,
      reportBy: Time,
      reportedAt: NullableTime,
      note: Nullable(Type.String()),
    }),
  ),
  reopenCount: Type.Integer(),
  createdAt: Time,
  deadlineAt: Time,
  dispatchedAt: NullableTime,
  startedAt: NullableTime,
  resolvedAt: NullableTime,
  evaluatedAt: NullableTime,
  closedAt: NullableTime,
  updatedAt: Time,
  overdue: Type.Boolean(),
  version: Type.Integer(),
})

export const CaseDetail = Type.Composite([
  CaseView,
  Type.Object({
    allowedActions: Type.Array(Type.String()),
    events: Type.Optional(
      Type.Array(Type.Object({ id: Type.Integer(), type: Type.String(), at: Time, actor: Type.String(), payload: Type.Any() })),
    ),
  }),
])

export const CaseParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** One flat shape for every action; what each action needs is checked in to-action.ts with a clear message. */
export const TransitionBody = Type.Object({
  action: OneOf(ACTIONS),
  level: Type.Optional(OneOf([...new Set([...DISPATCH_LEVELS, ...RESOLVED_LEVELS])])),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  department: Type.Optional(OneOf(DEPARTMENT_CODES)),
  fromLevel: Type.Optional(OneOf(WHISTLE_LEVELS)),
  reportWithinHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
})
export type TransitionBodyT = Static<typeof TransitionBody>

/** A comma-separated list of values from a fixed set, e.g. status=received,dispatched. */
const ListOf = (values: readonly string[]) => Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` })

export const ListQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    status: Type.Optional(ListOf(STATUSES)),
    category: Type.Optional(ListOf(CATEGORY_CODES)),
    class721: Type.Optional(OneOf(CLASSES_721)),
    source: Type.Optional(OneOf(SOURCES)),
    window: Type.Optional(OneOf(WINDOWS)),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
)

export const CaseList = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(CaseView),
})

export const StatsQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    window: Type.Optional(OneOf(WINDOWS)),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
)

export const EventsQuery = Type.Object(
  {
    after: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
    area: Type.Optional(AreaId),
  },
  { additionalProperties: false },
)

/** What goes out on the socket as `case-event` and from GET /api/events. */
export const EventMessage = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  caseId: Type.Integer(),
  at: Time,
  actor: Type.String(),
  case: CaseView,
})
export const EventList = Type.Object({ events: Type.Array(EventMessage) })

const Share = Nullable(Type.Number())
const Kpis = {
  counts: Type.Object({ today: Type.Integer(), week: Type.Integer(), window: Type.Integer(), open: Type.Integer(), resolved: Type.Integer() }),
  resolvedRate: Share,
  avgHandlingHours: Share,
  p90HandlingHours: Share,
  overdue: Type.Integer(),
  overdueRate: Share,
  satisfaction: Type.Object({ average: Share, count: Type.Integer() }),
  split721: Type.Object({
    service: Type.Object({ count: Type.Integer(), share: Share }),
    management: Type.Object({ count: Type.Integer(), share: Share }),
    enforcement: Type.Object({ count: Type.Integer(), share: Share }),
  }),
  localResolutionShare: Share,
}

export const StatsResponse = Type.Object({
  area: Nullable(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  window: Type.Object({ from: Time, to: Time }),
  /** The moment every figure was read at (today, week, open and overdue are as of it). */
  asOf: Time,
  /** Cases created today per hour of the day (China time), 24 numbers adding up to counts.today. */
  hourly: Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }),
  ...Kpis,
  departments: Type.Array(
    Type.Object({
      department: Type.String(),
      name: Type.String(),
      escalated: Type.Integer(),
      reported: Type.Integer(),
      reportRate: Share,
      onTimeRate: Share,
      avgReportHours: Share,
    }),
  ),
  children: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String(), ...Kpis })),
})
