/**
 * Accounts and sign-in (server/plugins/auth): who is signed in, sign-in and out, the wall display's
 * kiosk sign-in, password change, and the administrator's accounts, keys and audit log. The session
 * itself is an HttpOnly cookie the browser keeps; this module never sees it.
 */
import { getJson, postJson, requestWith } from './request.ts'
import type { Role, KeyPurpose, Source, AuditAction } from '../../../server/domain/vocabulary/index.ts'

export type { Role, KeyPurpose, AuditAction }

export interface Me {
  kind: 'user' | 'kiosk' | 'key'
  username: string
  role: Role | null
  areaId: string | null
  areaName: string | null
  displayName: string
  department: string | null
  permissions: string[]
  actions: string[]
}

export interface DemoAccount {
  username: string
  password: string
  role: Role
  displayName: string
  areaName: string | null
}

export interface Account {
  id: number
  username: string
  displayName: string
  role: Role
  areaId: string | null
  department: string | null
  demo: boolean
  disabled: boolean
  locked: boolean
  createdAt: string
}

export interface ApiKey {
  id: number
  name: string
  purpose: KeyPurpose
  source: Source | null
  areaId: string | null
  prefix: string
  createdBy: string
  createdAt: string
  revokedAt: string | null
  lastUsedAt: string | null
}

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: AuditAction
  target: string | null
  reason: string | null
  ip: string | null
}

export const authApi = {
  me: (signal?: AbortSignal) => getJson<Me>('/api/auth/me', {}, signal),
  login: (username: string, password: string) => postJson<Me>('/api/auth/login', { username, password }),
  kiosk: (token: string) => postJson<Me>('/api/auth/kiosk', { token }),
  logout: () => requestWith<null>('/api/auth/logout', { method: 'POST' }),
  changePassword: (current: string, next: string) => postJson<null>('/api/auth/password', { current, next }),
  demoAccounts: (signal?: AbortSignal) => getJson<{ accounts: DemoAccount[]; kioskKey: string | null }>('/api/auth/demo-accounts', {}, signal),
}

export const adminApi = {
  accounts: (signal?: AbortSignal) => getJson<{ accounts: Account[] }>('/api/admin/accounts', {}, signal),
  createAccount: (a: { username: string; displayName: string; role: Role; areaId: string | null; department: string | null; password: string }) =>
    postJson<Account>('/api/admin/accounts', a),
  updateAccount: (username: string, change: Partial<{ displayName: string; role: Role; areaId: string | null; disabled: boolean; password: string }>) =>
    requestWith<Account>(`/api/admin/accounts/${encodeURIComponent(username)}`, { method: 'PATCH', body: change }),
  keys: (signal?: AbortSignal) => getJson<{ keys: ApiKey[] }>('/api/admin/keys', {}, signal),
  createKey: (k: { name: string; purpose: KeyPurpose; source: Source | null; areaId: string | null }) =>
    postJson<{ key: string; apiKey: ApiKey }>('/api/admin/keys', k),
  revokeKey: (id: number) => requestWith<ApiKey>(`/api/admin/keys/${id}`, { method: 'DELETE' }),
  audit: (q: { action?: AuditAction; before?: number } = {}, signal?: AbortSignal) =>
    getJson<{ entries: AuditEntry[] }>('/api/admin/audit', { ...q, limit: 200 }, signal),
}
