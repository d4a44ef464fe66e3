import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox'
import { CATEGORY_CODES } from '../../domain/cases/taxonomy.ts'
import {
  CASE_ACTIONS, CASE_EVENT_TYPES, CASE_STATUSES, CLASSES_721, DEPARTMENT_CODES, DISPATCH_LEVELS, INPUT_CRS, PRIORITIES, RESOLVED_LEVELS, SOURCES,
  TIME_WINDOWS, WHISTLE_LEVELS,
} from '../../domain/vocabulary/index.ts'
import type { CaseAction } from '../../domain/vocabulary/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { PhotoIds } from '../photos/schemas.ts'
export const CASE_SORTS = ['created', 'deadline', 'updated', 'priority'] as const
export type CaseSort = (typeof CASE_SORTS)[number]
export const WHISTLE_FILTERS = ['pending', 'any'] as const
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])
/** Optional text that may also be sent as null. */
const Text = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })))

export const AreaId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

export const LocationIn = Type.Object({
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(literalUnion(INPUT_CRS)),
})

export const IntakeBody = Type.Object({
  source: literalUnion(SOURCES),
  /** With source, the idempotency key: a repeat returns the existing case. */
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  category: literalUnion(CATEGORY_CODES),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Text(4000),
  location: LocationIn,
  address: Text(500),
  reporter: Type.Optional(
    Nullable(Type.Object({ name: Text(64), phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{3,32}$' }))) })),
  ),
  priority: Type.Optional(literalUnion(PRIORITIES)),
  /** A dispatcher's own time limit in hours, instead of the category's. */
  deadlineHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })),
  /** Photos uploaded first to POST /api/photos (at most 6). */
  photos: Type.Optional(PhotoIds),
})
export type IntakeBodyT = Static<typeof IntakeBody>

const Time = Type.String()
const NullableTime = Nullable(Time)

/** A case as every list, push and export shows it (server/domain/cases/view.ts builds it). */
export const CaseView = Type.Object({
  id: Type.Integer(),
  source: literalUnion(SOURCES),
  externalId: Nullable(Type.String()),
  category: Type.String(),
  categoryName: Type.String(),
  class721: literalUnion(CLASSES_721),
  title: Type.String(),
  description: Nullable(Type.String()),
  address: Nullable(Type.String()),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  priority: literalUnion(PRIORITIES),
  status: literalUnion(CASE_STATUSES),
  buildingId: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  communityId: Nullable(Type.String()),
  streetId: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  outsideGrid: Type.Boolean(),
  possibleDuplicateOf: Nullable(Type.Integer()),
  dispatchedTo: Nullable(Type.Object({ level: literalUnion(DISPATCH_LEVELS), id: Type.String() })),
  resolvedLevel: Nullable(literalUnion(RESOLVED_LEVELS)),
  resolution: Nullable(Type.String()),
  satisfaction: Nullable(Type.Integer()),
  escalation: Nullable(
    Type.Object({
      department: literalUnion(DEPARTMENT_CODES),
      fromLevel: literalUnion(WHISTLE_LEVELS),
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
export type CaseViewT = Static<typeof CaseView>

/** One entry of a case's history; payload is {} for principals without personal data, unset fields left out. */
export const CaseEventEntry = Type.Object({
  id: Type.Integer(),
  type: literalUnion(CASE_EVENT_TYPES),
  at: Time,
  actor: Type.String(),
  /** The account's display name when the actor is an account. */
  actorName: Nullable(Type.String()),
  payload: Type.Intersect([
    Type.Object({
      note: Type.Optional(Type.String()),
      reason: Type.Optional(Type.String()),
      comment: Type.Optional(Type.String()),
      satisfaction: Type.Optional(Type.Number()),
      level: Type.Optional(Type.String()),
      to: Type.Optional(Type.String()),
      department: Type.Optional(Type.String()),
      reportBy: Type.Optional(Type.String()),
      photos: Type.Optional(Type.Array(Type.String())),
    }),
    Type.Record(Type.String(), Type.Unknown()),
  ]),
})

export const CasePlace = Type.Object({
  buildingName: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  gridName: Nullable(Type.String()),
  communityName: Nullable(Type.String()),
  streetName: Nullable(Type.String()),
})

export const CaseHolder = Type.Object({ level: literalUnion(DISPATCH_LEVELS), id: Type.String(), name: Type.String() })

export const DUPLICATE_RELATIONS = ['repeats', 'repeated-by', 'nearby'] as const
export const CaseDuplicate = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  status: literalUnion(CASE_STATUSES),
  createdAt: Time,
  distanceM: Type.Number(),
  relation: literalUnion(DUPLICATE_RELATIONS),
})

/** GET /api/cases/:id and the answer of a transition (web/src/api/case-types.ts CaseDetail). */
// An intersection rather than a Composite: TypeBox's evaluated Composite of these is too deep for tsc.
export const CaseDetail = Type.Intersect([
  CaseView,
  Type.Object({
    allowedActions: Type.Array(literalUnion(CASE_ACTIONS)),
    events: Type.Array(CaseEventEntry),
    place: CasePlace,
    holder: Nullable(CaseHolder),
    duplicates: Type.Array(CaseDuplicate),
  }),
])
export type CaseDetailT = Static<typeof CaseDetail>

export const CaseParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

const Note = Type.Optional(Type.String({ maxLength: 2000 }))

/** One action's body: its own fields, each `description` naming what it is (used in 400 messages too). */
const transition = <A extends CaseAction, P extends TProperties>(action: A, properties: P, description: string) =>
  Type.Object({ action: Type.Literal(action), ...properties, photos: Type.Optional(PhotoIds) }, { description })

const TRANSITIONS = [
  transition(
    'dispatch',
    {
      level: literalUnion(DISPATCH_LEVELS, { description: DISPATCH_LEVELS.join(', ') }),
      to: Type.String({ minLength: 1, maxLength: 64, description: 'an area id, or a department code when level is department' }),
      note: Note,
    },
    '派单: send the case to a grid, community, street or department',
  ),
  transition('start', { note: Note }, 'start handling'),
  transition(
    'resolve',
    { level: literalUnion(RESOLVED_LEVELS, { description: `the level it was resolved at: ${RESOLVED_LEVELS.join(', ')}` }), note: Note },
    '办结: record where the case was resolved',
  ),
  transition(
    'evaluate',
    { satisfaction: Type.Integer({ minimum: 1, maximum: 5, description: 'an integer from 1 to 5' }), comment: Note },
    "评价: the resident's satisfaction",
  ),
  transition('close', { note: Note }, 'close the case'),
  transition('reopen', { reason: Note, note: Note }, 'back to handling; the reason (or note) is logged'),
  transition(
    'escalate',
    {
      department: literalUnion(DEPARTMENT_CODES, { description: 'the district department whistled for' }),
      fromLevel: Type.Optional(literalUnion(WHISTLE_LEVELS, { description: 'who blows the whistle @default community' })),
      reportWithinHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })),
      note: Note,
    },
    '吹哨: whistle for a district department, which must report in (报到)',
  ),
  transition('report', { note: Note }, "报到: the whistled department's report-in"),
] as const

/**
 * A transition request: one shape per action, told apart by `action` (ajv's `discriminator`, so a bad
 * body gets one error from its own action's schema rather than one per action).
 */
const TransitionUnion = Type.Union([...TRANSITIONS])
// ajv's discriminator works on oneOf, TypeBox writes anyOf: same branches, same Static type, only the keyword differs.
const { anyOf: transitionBranches, ...transitionOptions } = TransitionUnion
export const TransitionBody = {
  ...transitionOptions,
  type: 'object',
  required: ['action'],
  discriminator: { propertyName: 'action' },
  oneOf: transitionBranches,
} as unknown as typeof TransitionUnion
export type TransitionBodyT = Static<typeof TransitionBody>
/** The actions' schemas by name, for messages that say what an action needs. */
export const TRANSITION_SCHEMAS = Object.fromEntries(TRANSITIONS.map((t) => [t.properties.action.const, t])) as Record<
  CaseAction,
  (typeof TRANSITIONS)[number]
>

/** A comma-separated list of values from a fixed set, e.g. status=received,dispatched. */
const ListOf = (values: readonly string[]) => Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` })

/** The workbench's filters, shared by the list and the export. */
const QUEUE_FILTERS = {
  building: Type.Optional(AreaId),
  /** Words in the title or address, or a case number. */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  whistle: Type.Optional(literalUnion(WHISTLE_FILTERS, { description: 'pending: awaiting report-in; any: ever whistled' })),
}

export const ListQuery = Type.Object(
  {
    ...QUEUE_FILTERS,
    priority: Type.Optional(ListOf(PRIORITIES)),
    sort: Type.Optional(literalUnion(CASE_SORTS)),
    order: Type.Optional(literalUnion(['asc', 'desc'] as const)),
    area: Type.Optional(AreaId),
    status: Type.Optional(ListOf(CASE_STATUSES)),
    category: Type.Optional(ListOf(CATEGORY_CODES)),
    class721: Type.Optional(literalUnion(CLASSES_721)),
    source: Type.Optional(literalUnion(SOURCES)),
    window: Type.Optional(literalUnion(TIME_WINDOWS)),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
)

/**
 * The case list export's filters: the list's, without paging. status and category take several codes,
 * comma-separated as in the list (`status=received,dispatched`) or repeated; each must be a known code.
 */
export const CaseExportQuery = Type.Object(
  {
    ...QUEUE_FILTERS,
    priority: Type.Optional(Type.Array(literalUnion(PRIORITIES), { maxItems: 4 })),
    area: Type.Optional(AreaId),
    status: Type.Optional(Type.Array(literalUnion(CASE_STATUSES), { maxItems: 20 })),
    category: Type.Optional(Type.Array(literalUnion(CATEGORY_CODES), { maxItems: 100 })),
    class721: Type.Optional(literalUnion(CLASSES_721)),
    source: Type.Optional(literalUnion(SOURCES)),
    window: Type.Optional(literalUnion(TIME_WINDOWS)),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    overdue: Type.Optional(Type.Boolean()),
    /**
     * data (default): codes, ids and their names under English keys, for tools; sheet (CSV only): a sheet for
     * people — Chinese headers, names instead of ids, China time, longitude and latitude.
     */
    layout: Type.Optional(Type.Union([Type.Literal('data'), Type.Literal('sheet')])),
  },
  { additionalProperties: false },
)
/** Query parameters that hold lists. */
export const CASE_EXPORT_LISTS = ['status', 'category', 'priority'] as const

export const CaseList = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(CaseView),
})

export const StatsQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    window: Type.Optional(literalUnion(TIME_WINDOWS)),
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
  type: literalUnion(CASE_EVENT_TYPES),
  caseId: Type.Integer(),
  at: Time,
  actor: Type.String(),
  case: CaseView,
})
export type EventMessageT = Static<typeof EventMessage>
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

/** A count, the one it is compared with, and the change as a share of that (null when it was 0). */
const Trend = Type.Object({ now: Type.Integer(), before: Type.Integer(), change: Share })

export const StatsResponse = Type.Object({
  area: Nullable(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })),
  window: Type.Object({ from: Time, to: Time }),
  /** The moment every figure was read at (today, week, open and overdue are as of it). */
  asOf: Time,
  /** Cases created today per hour of the day (China time), 24 numbers adding up to counts.today. */
  hourly: Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }),
  ...Kpis,
  /** Today so far vs the same weekday last week to the same time; this week so far vs last week to the same moment. */
  trend: Type.Object({ today: Trend, week: Trend }),
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

export const DaysQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    /** How many days back, today included. */
    days: Type.Integer({ minimum: 1, maximum: 366, default: 31 }),
  },
  { additionalProperties: false },
)

/** GET /api/cases/days: the days a replay can offer (those with cases), newest first. */
export const DaysResponse = Type.Object({
  asOf: Time,
  /** Start of the oldest day looked at. */
  from: Time,
  days: Type.Array(Type.Object({ start: Time, count: Type.Integer({ minimum: 1 }) })),
})

export const QueueQuery = Type.Object({ area: Type.Optional(AreaId) }, { additionalProperties: false })

/** GET /api/cases/queue: the workbench's tab counts (web/src/api/case-types.ts CaseQueueCounts). */
export const QueueCounts = Type.Object({
  received: Type.Integer(),
  dispatched: Type.Integer(),
  handling: Type.Integer(),
  resolved: Type.Integer(),
  overdue: Type.Integer(),
  whistled: Type.Integer(),
  open: Type.Integer(),
})

export const NearbyQuery = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(literalUnion(INPUT_CRS)),
    category: Type.Optional(literalUnion(CATEGORY_CODES)),
  },
  { additionalProperties: false },
)

/** An open case near a point (web/src/api/case-types.ts NearbyCase). */
export const NearbyCase = Type.Intersect([
  CaseView,
  Type.Object({
    distanceM: Type.Number(),
    /** Same category, within 50 m and 24 h: intake's own rule for possibleDuplicateOf. */
    likelyDuplicate: Type.Boolean(),
  }),
])
export const NearbyList = Type.Object({ items: Type.Array(NearbyCase) })
