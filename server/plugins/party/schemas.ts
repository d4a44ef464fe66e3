import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { MAX_NEAR_METRES, MIN_NEAR_METRES, NEAR_METRES } from '../../domain/party/near.ts'
import { CASE_STATUSES, PARTY_ORG_KINDS, PRIORITIES } from '../../domain/vocabulary/index.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { Geometry } from '../../lib/geojson.ts'
import { AreaId } from '../areas/schemas.ts'

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

const AreaRef = Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() })

/** Without an area: the principal's own area (or the district's root for an unscoped one). */
export const AreaQuery = Type.Object({ area: Type.Optional(AreaId) }, { additionalProperties: false })

export const OrgsQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    /** Levels below the area's own organisation to include; 中心户 count as the level below their group. */
    depth: Type.Integer({ minimum: 0, maximum: 5, default: 3 }),
  },
  { additionalProperties: false },
)

const Radius = Type.Integer({ minimum: MIN_NEAR_METRES, maximum: MAX_NEAR_METRES, default: NEAR_METRES })

export const NearQuery = Type.Object(
  {
    area: Type.Optional(AreaId),
    radius: Radius,
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
)

export const BuildingNearParams = Type.Object({ id: Id })
export const BuildingNearQuery = Type.Object({ radius: Radius }, { additionalProperties: false })

/** A 中心户 as it leaves the server: householder and phone masked, null where the scope does not reach. */
const Household = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  buildingId: Type.String(),
  householder: Nullable(Type.String()),
  phone: Nullable(Type.String()),
})

export const OrgNode = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  kind: literalUnion(PARTY_ORG_KINDS),
  kindName: Type.String(),
  name: Type.String(),
  areaId: Type.String(),
  buildingId: Nullable(Type.String()),
  depth: Type.Integer(),
  members: Type.Integer(),
  secretary: Nullable(Type.String()),
  childCount: Type.Integer(),
  /** 楼栋党小组 in the subtree (the node included). */
  groups: Type.Integer(),
  /** 党员中心户 in the subtree. */
  households: Type.Integer(),
})
export type OrgNodeT = Static<typeof OrgNode>

export const OrgTree = Type.Object({
  area: AreaRef,
  depth: Type.Integer(),
  /** Flat, parents before children, siblings in name order (第2网格 before 第10网格). */
  nodes: Type.Array(OrgNode),
  /** The 中心户 of building groups within the depth. */
  households: Type.Array(Household),
  totals: Type.Object({ orgs: Type.Integer(), members: Type.Integer(), groups: Type.Integer(), households: Type.Integer() }),
})
export type OrgTreeT = Static<typeof OrgTree>

export const HouseholdBuildingProps = Type.Object({
  id: Type.String(),
  name: Type.String(),
  gridId: Type.String(),
  /** So the marker can sit on the roof of the extruded building. */
  floors: Type.Integer(),
  /** 党员中心户 in the building. */
  households: Type.Integer(),
  groupId: Nullable(Type.String()),
  groupName: Nullable(Type.String()),
  branchId: Nullable(Type.String()),
  branchName: Nullable(Type.String()),
})
export type HouseholdBuildingPropsT = Static<typeof HouseholdBuildingProps>

export const HouseholdMap = Type.Object({
  type: Type.Literal('FeatureCollection'),
  area: AreaRef,
  features: Type.Array(
    Type.Object({ type: Type.Literal('Feature'), id: Type.String(), geometry: Geometry, properties: HouseholdBuildingProps }),
  ),
})
export type HouseholdMapT = Static<typeof HouseholdMap>

const NearCase = {
  id: Type.Integer(),
  title: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  status: literalUnion(CASE_STATUSES),
  priority: literalUnion(PRIORITIES),
  createdAt: Type.String({ format: 'date-time' }),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
}

const Share = Type.Object({ near: Type.Integer(), total: Type.Integer(), share: Nullable(Type.Number()) })

export const NearResponse = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  area: AreaRef,
  radiusM: Type.Integer(),
  /** How near is measured, for the screen. */
  rule: Type.String(),
  recentDays: Type.Integer(),
  open: Share,
  recent: Share,
  /** Open cases near a 中心户 building, most pressing first, each with the nearest 中心户 buildings. */
  cases: Type.Array(
    Type.Object({
      ...NearCase,
      helpers: Type.Array(
        Type.Object({
          buildingId: Type.String(),
          buildingName: Type.String(),
          gridId: Type.String(),
          distanceM: Type.Number(),
          households: Type.Array(Type.Object({ householder: Nullable(Type.String()), phone: Nullable(Type.String()) })),
        }),
      ),
    }),
  ),
  /** True when more open cases are near than listed. */
  truncated: Type.Boolean(),
})
export type NearResponseT = Static<typeof NearResponse>

export const BuildingNearResponse = Type.Object({
  asOf: Type.String({ format: 'date-time' }),
  building: Type.Object({ id: Type.String(), name: Type.String(), households: Type.Integer() }),
  radiusM: Type.Integer(),
  rule: Type.String(),
  recentDays: Type.Integer(),
  /** Cases in scope near this building: every open one and those created in the last recentDays days. */
  cases: Type.Array(Type.Object({ ...NearCase, distanceM: Type.Number(), open: Type.Boolean() })),
})
export type BuildingNearResponseT = Static<typeof BuildingNearResponse>
