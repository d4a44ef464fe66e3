/**
 * Who is signed in, for the whole app: loaded once from /api/auth/me (the session is an HttpOnly cookie),
 * set by sign-in, cleared by sign-out or by any 401 the API answers. The router's guard and the
 * navigation read it; views read what the account may do from `can()`.
 */
import { shallowRef } from 'vue'
import { authApi, type Me } from '../api/auth.ts'
import { ApiError, whenUnauthenticated } from '../api/request.ts'
import { ROLE_NAMES } from '../vocab.ts'

const me = shallowRef<Me | null>(null)
let loading: Promise<Me | null> | null = null

/** The signed-in principal, asking the server the first time (null when nobody is signed in). */
export function currentSession(): Promise<Me | null> {
  loading ??= authApi.me().then(
    (m) => (me.value = m),
    (err) => {
      loading = null
      if (err instanceof ApiError && err.status === 401) return (me.value = null)
      throw err
    },
  )
  return loading
}

export function setSession(m: Me | null): void {
  me.value = m
  loading = Promise.resolve(m)
}

export async function signOut(): Promise<void> {
  await authApi.logout().catch(() => undefined)
  setSession(null)
}

/** A phone-sized window: a community or grid worker on patrol starts at 随手拍 (/m) rather than the queue. */
const onPhone = () => typeof window !== 'undefined' && window.matchMedia?.('(max-width: 640px)').matches === true

/**
 * Where each role starts: the commander at the wall, operators at their queue (a community or grid worker
 * on a phone at 随手拍), departments at their whistles, planners at the planner.
 */
export function homeFor(m: Me | null, phone = onPhone()): string {
  if (!m) return '/login'
  if (m.kind !== 'user') return '/screen'
  switch (m.role) {
    case 'admin':
      return '/admin'
    case 'commander':
      return '/screen'
    case 'street_operator':
      return '/workbench'
    case 'community_worker':
      return phone ? '/m' : '/workbench'
    case 'department':
      return '/department'
    case 'planner':
      return '/planner'
    default:
      return '/explore'
  }
}

export function roleLabel(m: Me): string {
  if (m.kind === 'kiosk') return '大屏'
  return m.role ? ROLE_NAMES[m.role] : '外部系统'
}

export function useSession() {
  return {
    me,
    can: (permission: string) => !!me.value?.permissions.includes(permission),
    signOut,
  }
}

/** A 401 anywhere means the session is gone: forget it, so the guard sends the user to sign in. */
export function installSessionExpiry(onExpired: () => void): void {
  whenUnauthenticated(() => {
    if (me.value === null) return
    setSession(null)
    onExpired()
  })
}
