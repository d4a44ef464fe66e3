/** Where each account starts after signing in (useSession.homeFor). */
import { describe, expect, it } from 'vitest'
import { homeFor } from '../../web/src/composables/useSession.ts'
import type { Me } from '../../web/src/api/auth.ts'

const user = (role: NonNullable<Me['role']>, areaId: string | null = null): Me => ({
  kind: 'user', username: role, role, areaId, areaName: null, displayName: role, department: null, permissions: [], actions: [],
})

describe('role homes', () => {
  it('sends each role to its own page on a desktop', () => {
    expect(homeFor(user('admin'), false)).toBe('/admin')
    expect(homeFor(user('commander'), false)).toBe('/screen')
    expect(homeFor(user('street_operator', 'S1'), false)).toBe('/workbench')
    expect(homeFor(user('community_worker', 'G1'), false)).toBe('/workbench')
    expect(homeFor(user('department'), false)).toBe('/department')
    expect(homeFor(user('planner'), false)).toBe('/planner')
  })

  it('sends a community or grid worker on a phone to 随手拍, and nobody else', () => {
    expect(homeFor(user('community_worker', 'G1'), true)).toBe('/m')
    expect(homeFor(user('street_operator', 'S1'), true)).toBe('/workbench')
    expect(homeFor(user('department'), true)).toBe('/department')
  })

  it('sends a wall display key to the wall and nobody to the sign-in page', () => {
    expect(homeFor({ ...user('commander'), kind: 'kiosk', role: null }, false)).toBe('/screen')
    expect(homeFor(null, false)).toBe('/login')
  })
})
