import { Type, type Static } from '@sinclair/typebox'
import { literalUnion } from '../../lib/literal-union.ts'
import { AUDIT_ACTIONS, KEY_PURPOSES, ROLES, SOURCES } from '../../domain/vocabulary/index.ts'

const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()])
const Username = Type.String({ pattern: '^[A-Za-z0-9_.-]{2,32}$' })
const Password = Type.String({ minLength: 1, maxLength: 256 })
const AreaId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password }, { additionalProperties: false })
export const KioskBody = Type.Object({ token: Type.String({ minLength: 8, maxLength: 128 }) }, { additionalProperties: false })
export const PasswordBody = Type.Object({ current: Password, next: Password }, { additionalProperties: false })

export const Me = Type.Object({
  username: Type.String(),
  role: Nullable(literalUnion(ROLES)),
  areaId: Nullable(Type.String()),
  displayName: Type.String(),
  areaName: Nullable(Type.String()),
  department: Nullable(Type.String()),
  /** 'user' for an account, 'kiosk' for a wall display signed in with a kiosk key. */
  kind: Type.Union([Type.Literal('user'), Type.Literal('kiosk'), Type.Literal('key')]),
  permissions: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
})
export type MeT = Static<typeof Me>

export const DemoAccounts = Type.Object({
  kioskKey: Nullable(Type.String()),
  accounts: Type.Array(Type.Object({ username: Type.String(), password: Type.String(), role: literalUnion(ROLES), displayName: Type.String(), areaName: Nullable(Type.String()) })),
})

export const Account = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: literalUnion(ROLES),
  areaId: Nullable(Type.String()),
  department: Nullable(Type.String()),
  demo: Type.Boolean(),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  createdAt: Type.String(),
})
export const AccountList = Type.Object({ accounts: Type.Array(Account) })
export const NewAccountBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    role: literalUnion(ROLES),
    areaId: Type.Optional(Nullable(AreaId)),
    department: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    password: Password,
  },
  { additionalProperties: false },
)
export const AccountPatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    role: Type.Optional(literalUnion(ROLES)),
    areaId: Type.Optional(Nullable(AreaId)),
    department: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
)
export const UsernameParams = Type.Object({ username: Username })

export const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  purpose: literalUnion(KEY_PURPOSES),
  source: Nullable(literalUnion(SOURCES)),
  areaId: Nullable(Type.String()),
  prefix: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
})
export const ApiKeyList = Type.Object({ keys: Type.Array(ApiKey) })
export const NewKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    purpose: literalUnion(KEY_PURPOSES),
    source: Type.Optional(Nullable(literalUnion(SOURCES))),
    areaId: Type.Optional(Nullable(AreaId)),
  },
  { additionalProperties: false },
)
/** The key itself is in this answer only; the database keeps its digest. */
export const CreatedKey = Type.Object({ key: Type.String(), apiKey: ApiKey })
export const KeyParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) })

export const AuditQuery = Type.Object({
  action: Type.Optional(literalUnion(AUDIT_ACTIONS)),
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
})
export const AuditList = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      actor: Type.String(),
      action: literalUnion(AUDIT_ACTIONS),
      target: Nullable(Type.String()),
      reason: Nullable(Type.String()),
      ip: Nullable(Type.String()),
      detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
})
