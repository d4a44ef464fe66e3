/**
 * Who may do what (pure). A request is made by a principal — a signed-in account or an API key — and
 * every route names the permission it needs; reads and writes of cases and people are further limited
 * to the principal's scope in SQL (server/lib/scope-sql.ts), never only in the screens.
 */
import type { CaseAction, KeyPurpose, Role, Source } from '../vocabulary/index.ts'

export type Principal =
  | {
      kind: 'user'
      accountId: number
      username: string
      displayName: string
      role: Role
      areaId: string | null
      department: string | null
    }
  | { kind: 'key'; keyId: number; name: string; purpose: KeyPurpose; source: Source | null; areaId: string | null }

export const PERMISSIONS = [
  /** geography, stations, buildings, tiles, OGC layers, coverage figures */
  'read',
  /** case lists, details, statistics, events and the live push */
  'read_cases',
  /** post a case */
  'intake',
  /** act on a case in the loop */
  'transition',
  /** what-if and siting (the engine's heavy work) */
  'plan',
  /** see a reporter's name and phone, audited */
  'unmask',
  /** accounts, keys, the audit log */
  'admin',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  commander: ['read', 'read_cases', 'intake', 'transition', 'plan', 'unmask'],
  street_operator: ['read', 'read_cases', 'intake', 'transition', 'plan', 'unmask'],
  community_worker: ['read', 'read_cases', 'intake', 'transition', 'unmask'],
  department: ['read', 'read_cases', 'transition'],
  planner: ['read', 'read_cases', 'plan'],
}

const KEY_PERMISSIONS: Record<KeyPurpose, readonly Permission[]> = {
  intake: ['intake'],
  read: ['read', 'read_cases'],
  kiosk: ['read', 'read_cases'],
}

export function can(p: Principal, permission: Permission): boolean {
  return (p.kind === 'user' ? ROLE_PERMISSIONS[p.role] : KEY_PERMISSIONS[p.purpose]).includes(permission)
}

/** The loop actions each role may take (the lifecycle still decides whether the case allows it now). */
const ROLE_ACTIONS: Record<Role, readonly CaseAction[]> = {
  admin: ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate', 'report'],
  commander: ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate', 'report'],
  street_operator: ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate'],
  community_worker: ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate'],
  // A department reports in when whistled (吹哨报到) and handles what is dispatched to it.
  department: ['report', 'start', 'resolve'],
  planner: [],
}

export function mayTakeAction(p: Principal, action: CaseAction): boolean {
  return p.kind === 'user' && ROLE_ACTIONS[p.role].includes(action)
}

export function actionsFor(p: Principal): readonly CaseAction[] {
  return p.kind === 'user' ? ROLE_ACTIONS[p.role] : []
}

/**
 * What part of the district a principal reaches: an area's subtree (null = all), or for a department the
 * cases whistled or dispatched to it. `personalData` is false for keys: a wall display or a GIS tool
 * never receives even masked names.
 */
export interface Scope {
  areaId: string | null
  department: string | null
  personalData: boolean
}

export function scopeOf(p: Principal): Scope {
  if (p.kind === 'key') return { areaId: p.areaId, department: null, personalData: false }
  return { areaId: p.areaId, department: p.role === 'department' ? p.department : null, personalData: true }
}

/** The actor recorded on case events: an account's username, or the key's name for external systems. */
export function actorOf(p: Principal): string {
  return p.kind === 'user' ? p.username : `key:${p.name}`
}

/**
 * Who may acknowledge a hotspot alert (确认热点预警): the command centre (commander, admin) and street
 * operators; the alert must also lie in their scope (checked in SQL). Community and grid workers see
 * alerts but the street decides on them; keys (a wall display) never act.
 */
const HOTSPOT_ACKNOWLEDGERS: readonly Role[] = ['admin', 'commander', 'street_operator']

export function mayAcknowledgeHotspot(p: Principal): boolean {
  return p.kind === 'user' && HOTSPOT_ACKNOWLEDGERS.includes(p.role)
}
