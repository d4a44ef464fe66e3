import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from '../../lib/literal-union.ts'
import { HOTSPOT_CHANGES, HOTSPOT_STATUSES } from '../../domain/vocabulary/index.ts'
import { CaseView } from '../cases/schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Time = Type.String()
const Id = Nullable(Type.String())

export const HotspotListQuery = Type.Object(
  {
    /** Comma-separated statuses; default open and acknowledged, plus alerts closed in the last 2 hours. */
    status: Type.Optional(Type.String({ pattern: `^(${HOTSPOT_STATUSES.join('|')})(,(${HOTSPOT_STATUSES.join('|')}))*$` })),
    /** Only alerts seen or closed at or after this ISO time. */
    since: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
)

export const HotspotParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

/** An alert as screens see it; no personal data (the pushed form leaves out who acknowledged it too). */
export const HotspotView = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  categoryName: Type.String(),
  gridId: Id,
  gridName: Id,
  compoundId: Id,
  compoundName: Id,
  communityId: Id,
  streetId: Id,
  centre: Type.Tuple([Type.Number(), Type.Number()]),
  radiusM: Type.Number(),
  observed: Type.Integer(),
  expected: Type.Number(),
  pValue: Type.Number(),
  windowHours: Type.Integer(),
  since: Time,
  newestCaseAt: Time,
  detectedAt: Time,
  lastSeenAt: Time,
  status: literalUnion(HOTSPOT_STATUSES),
  acknowledgedBy: Type.Optional(Id),
  acknowledgedAt: Nullable(Time),
  closedAt: Nullable(Time),
  closedReason: Nullable(Type.Literal('faded')),
  caseCount: Type.Integer(),
})
export type HotspotViewT = Static<typeof HotspotView>

export const HotspotList = Type.Object({
  asOf: Time,
  /** Whether the requester may acknowledge (the list holds only alerts in its scope). */
  canAcknowledge: Type.Boolean(),
  items: Type.Array(HotspotView),
})
export type HotspotListT = Static<typeof HotspotList>

export const HotspotDetail = Type.Object({
  alert: HotspotView,
  canAcknowledge: Type.Boolean(),
  cases: Type.Array(CaseView),
})
export type HotspotDetailT = Static<typeof HotspotDetail>

/** The `hotspot` push on /live. */
export const HotspotMessage = Type.Object({ change: literalUnion(HOTSPOT_CHANGES), alert: HotspotView })
export type HotspotMessageT = Static<typeof HotspotMessage>
