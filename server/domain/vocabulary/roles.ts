/**
 * Who may sign in, after 大共治's three levels (区 → 街道 → 社区/网格) plus the district's departments
 * (区直部门, who report in when a street whistles), planners and the administrator. What each role may
 * do is server/domain/access/policy.ts; the accounts table's CHECK is held against this tuple by
 * tests/server/vocabulary-db.test.ts.
 */
export const ROLES = ['admin', 'commander', 'street_operator', 'community_worker', 'department', 'planner'] as const
export type Role = (typeof ROLES)[number]
export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  commander: '区指挥中心',
  street_operator: '街道',
  community_worker: '社区 / 网格员',
  department: '区直部门',
  planner: '规划',
}

/**
 * What an API key is for: `intake` posts cases for one external source (12345 热线, 微信红管家 …),
 * `read` lets a GIS tool read layers (OGC API, tiles) without personal data, `kiosk` runs the wall display.
 */
export const KEY_PURPOSES = ['intake', 'read', 'kiosk'] as const
export type KeyPurpose = (typeof KEY_PURPOSES)[number]
export const KEY_PURPOSE_NAMES: Record<KeyPurpose, string> = {
  intake: '外部系统上报',
  read: '只读(GIS)',
  kiosk: '大屏令牌',
}

/** What the admin audit view lists. */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'password_change', 'unmask',
  'account_create', 'account_update', 'key_create', 'key_revoke', 'hotspot_acknowledge',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]
export const AUDIT_ACTION_NAMES: Record<AuditAction, string> = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出',
  password_change: '修改密码',
  unmask: '查看联系方式',
  account_create: '新建账号',
  account_update: '修改账号',
  key_create: '新建密钥',
  key_revoke: '吊销密钥',
  hotspot_acknowledge: '确认热点预警',
}
