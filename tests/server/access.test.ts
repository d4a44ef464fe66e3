import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { DEMO_PASSWORD, ensureAccount } from '../helpers/auth.ts'
import { placesInTwoStreets, type Place } from '../fixtures/cases/places.ts'
import { intakeBody, uniqueId } from '../fixtures/cases/api.ts'
import { LiveClient, waitFor } from '../fixtures/cases/live-client.ts'
import { maskName, maskPhone } from '../../server/lib/mask.ts'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'

type Inject = TestApp['raw']

/**
 * Accounts, roles and area scope (issue 9): who may read and do what, enforced by the server in SQL;
 * the actor of every event is the signed-in account; keys are bound to their source; unmasking is audited.
 */
describe.each(testDatabases())('accounts, roles and scope on the $name database', (target) => {
  let t: TestApp
  let url: string
  let own: Place
  let other: Place
  /** Cookies of the demo accounts and of a second street's operator. */
  const cookies: Record<string, string> = {}
  const as = (who: string): Inject => ((opts: Record<string, unknown>) =>
    t.raw({ ...opts, headers: { ...((opts.headers as object) ?? {}), cookie: cookies[who] } } as never)) as unknown as Inject
  const anonymous = (opts: Record<string, unknown>) => t.raw(opts as never)
  const clients: LiveClient[] = []
  /** Case ids posted by the admin: one in the demo street's street, one in another street. */
  let inOwn: number
  let inOther: number

  beforeAll(async () => {
    t = await openTestApp(target)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    ;({ own, other } = await placesInTwoStreets(t.db.pool))
    for (const u of ['commander', 'street', 'community', 'housing', 'planner']) cookies[u] = await t.signIn(u, DEMO_PASSWORD)
    const street2 = await ensureAccount(t.db.pool, { username: `street2-${target.name}`, role: 'street_operator', areaId: other.streetId })
    cookies.street2 = await t.signIn(street2.username, street2.password)
    inOwn = (await post(own, 'hotline_12345')).json().id
    inOther = (await post(other, 'hotline_12345')).json().id
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await t?.close()
  })

  const post = (p: Place, source: string, inject: Inject = t.app.inject as Inject, over: Record<string, unknown> = {}) =>
    inject({ method: 'POST', url: '/api/cases', payload: intakeBody({ lng: p.lng, lat: p.lat }, { source, category: 'noise', ...over }) } as never)

  it('answers anonymous requests with 401 {error, message, code}, except health, sign-in, config and the Open311 service list', async () => {
    for (const [method, path] of [
      ['GET', '/api/cases'], ['GET', `/api/cases/${inOwn}`], ['POST', '/api/cases'], ['GET', '/api/areas?level=street'],
      ['GET', '/api/buildings?bbox=0,0,1,1'], ['GET', '/ogc/collections'], ['GET', '/tiles/basemap.json'], ['GET', '/api/events'],
      ['GET', '/api/auth/me'], ['GET', '/open311/v2/requests.json'], ['GET', '/api/admin/accounts'], ['POST', '/api/coverage/what-if'],
    ] as const) {
      const res = await anonymous({ method, url: path, payload: method === 'POST' ? {} : undefined })
      expect(res.statusCode, `${method} ${path}`).toBe(401)
      expect(res.json()).toMatchObject({ error: 'Unauthorized', code: 'UNAUTHENTICATED', message: expect.any(String) })
    }
    for (const path of ['/api/health', '/api/config', '/open311/v2/services.json', '/api/auth/demo-accounts']) {
      expect((await anonymous({ method: 'GET', url: path })).statusCode, path).toBe(200)
    }
  })

  it('signs in with a cookie that is HttpOnly and SameSite, says who is signed in, and signs out', async () => {
    const res = await anonymous({ method: 'POST', url: '/api/auth/login', payload: { username: 'street', password: DEMO_PASSWORD } })
    expect(res.statusCode).toBe(200)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/hl_session=/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const cookie = setCookie.split(';')[0]
    const me = (await anonymous({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json()
    expect(me).toMatchObject({ username: 'street', role: 'street_operator', areaId: own.streetId })
    expect((await anonymous({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204)
    expect((await anonymous({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    const wrong = await anonymous({ method: 'POST', url: '/api/auth/login', payload: { username: 'street', password: 'not-the-password' } })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().code).toBe('BAD_CREDENTIALS')
  })

  it('locks an account after five failed sign-ins in a row, even against the right password, and audits each', async () => {
    const acct = await ensureAccount(t.db.pool, { username: `lockme-${target.name}`, role: 'planner', areaId: null })
    for (let i = 0; i < 5; i++) {
      expect((await anonymous({ method: 'POST', url: '/api/auth/login', payload: { username: acct.username, password: 'wrong-password' } })).statusCode).toBe(401)
    }
    const locked = await anonymous({ method: 'POST', url: '/api/auth/login', payload: acct })
    expect(locked.statusCode).toBe(429)
    expect(locked.json().code).toBe('ACCOUNT_LOCKED')
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    const audit = (await t.app.inject(`/api/admin/audit?action=login_failed&actor=${acct.username}`)).json().entries
    expect(audit.length).toBe(6)
  })

  it('keeps a street operator to its street: lists, details, transitions, events, stats and personal data', async () => {
    const street = as('street')
    const list = (await street({ method: 'GET', url: '/api/cases?limit=500' } as never)).json()
    expect(list.items.length).toBeGreaterThan(0)
    expect(list.items.every((c: { streetId: string }) => c.streetId === own.streetId)).toBe(true)
    expect(list.items.some((c: { id: number }) => c.id === inOwn)).toBe(true)
    expect(list.items.some((c: { id: number }) => c.id === inOther)).toBe(false)

    expect((await street({ method: 'GET', url: `/api/cases/${inOwn}` } as never)).statusCode).toBe(200)
    const detail = await street({ method: 'GET', url: `/api/cases/${inOther}` } as never)
    expect(detail.statusCode).toBe(403)
    expect(detail.json()).toMatchObject({ code: 'OUT_OF_SCOPE', message: expect.any(String) })
    const act = await street({ method: 'POST', url: `/api/cases/${inOther}/transitions`, payload: { action: 'dispatch', level: 'community', to: other.communityId } } as never)
    expect(act.statusCode).toBe(403)
    expect((await t.app.inject(`/api/cases/${inOther}`)).json().status).toBe('received')
    expect((await street({ method: 'POST', url: `/api/cases/${inOther}/reporter`, payload: { reason: '回访核实' } } as never)).statusCode).toBe(403)
    expect((await street({ method: 'GET', url: `/api/cases/stats?area=${other.streetId}` } as never)).statusCode).toBe(403)
    const stats = (await street({ method: 'GET', url: '/api/cases/stats' } as never)).json()
    expect(stats.area.id).toBe(own.streetId)

    const events = (await street({ method: 'GET', url: '/api/events?after=0&limit=5000' } as never)).json().events
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e: { case: { streetId: string } }) => e.case.streetId === own.streetId)).toBe(true)

    // People (workers, party households) of another street are not read at all.
    const otherArea = (await street({ method: 'GET', url: `/api/areas/${other.gridId}` } as never)).json()
    expect(otherArea.properties.workers).toEqual([])
    const ownArea = (await street({ method: 'GET', url: `/api/areas/${own.gridId}` } as never)).json()
    expect(ownArea.properties.workers.length).toBeGreaterThan(0)
    const otherBuilding = (await street({ method: 'GET', url: `/api/buildings/${other.buildingId}` } as never)).json()
    expect(otherBuilding.properties.partyHouseholds).toEqual([])

    // The other street's operator is kept out of this one the same way.
    expect((await as('street2')({ method: 'GET', url: `/api/cases/${inOwn}` } as never)).statusCode).toBe(403)
    expect((await as('street2')({ method: 'GET', url: `/api/cases/${inOther}` } as never)).statusCode).toBe(200)
    // Reporting a place in another street, or dispatching an own case into one, is refused too.
    const elsewhere = await post(other, 'patrol', street)
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json().code).toBe('OUT_OF_SCOPE')
    expect((await post(own, 'patrol', street)).statusCode).toBe(201)
    const away = await street({ method: 'POST', url: `/api/cases/${inOwn}/transitions`, payload: { action: 'dispatch', level: 'community', to: other.communityId } } as never)
    expect(away.statusCode).toBe(403)
  })

  it('records the signed-in account as the actor of every event, whatever X-Actor says', async () => {
    const res = await as('street')({
      method: 'POST', url: `/api/cases/${inOwn}/transitions`, headers: { 'x-actor': 'someone-else' },
      payload: { action: 'dispatch', level: 'community', to: own.communityId },
    } as never)
    expect(res.statusCode).toBe(200)
    const events = (await t.app.inject(`/api/cases/${inOwn}`)).json().events
    expect(events.at(-1)).toMatchObject({ type: 'dispatched', actor: 'street' })
    expect(events[0].actor).toBe('test-admin')
  })

  it('unmasks a reporter only for an allowed role in scope, and writes who, which case and why to the audit log', async () => {
    expect((await t.app.inject(`/api/cases/${inOwn}`)).json().reporter).toEqual({ name: maskName('李小龙'), phone: maskPhone('13812345678') })
    expect((await as('planner')({ method: 'POST', url: `/api/cases/${inOwn}/reporter`, payload: { reason: '看看' } } as never)).statusCode).toBe(403)
    const shown = await as('street')({ method: 'POST', url: `/api/cases/${inOwn}/reporter`, payload: { reason: '回访核实处置结果' } } as never)
    expect(shown.statusCode).toBe(200)
    expect(shown.json()).toMatchObject({ caseId: inOwn, name: '李小龙', phone: '13812345678' })
    const audit = (await t.app.inject('/api/admin/audit?action=unmask&actor=street')).json().entries
    expect(audit[0]).toMatchObject({ actor: 'street', action: 'unmask', target: `case:${inOwn}`, reason: '回访核实处置结果' })
    expect((await as('street')({ method: 'POST', url: `/api/cases/${inOwn}/reporter`, payload: {} } as never)).statusCode).toBe(400)
  })

  it('lets each role take only its own steps of the loop (the lifecycle still decides the rest)', async () => {
    const id = (await post(own, 'hotline_12345')).json().id
    const planner = await as('planner')({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'community', to: own.communityId } } as never)
    expect(planner.statusCode).toBe(403)
    expect(planner.json().code).toBe('FORBIDDEN')
    const report = await as('community')({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'report' } } as never)
    expect(report.statusCode).toBe(403)
    expect(report.json().code).toBe('ACTION_NOT_ALLOWED')
    const detail = (await as('community')({ method: 'GET', url: `/api/cases/${id}` } as never)).json()
    expect(detail.allowedActions).not.toContain('report')
  })

  it('shows a department the cases whistled or dispatched to it, and no others', async () => {
    const id = (await post(own, 'hotline_12345')).json().id
    const housing = as('housing')
    expect((await housing({ method: 'GET', url: `/api/cases/${id}` } as never)).statusCode).toBe(403)
    const sent = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'department', to: 'housing' } })
    expect(sent.statusCode).toBe(200)
    expect((await housing({ method: 'GET', url: `/api/cases/${id}` } as never)).statusCode).toBe(200)
    const list = (await housing({ method: 'GET', url: '/api/cases?limit=500' } as never)).json().items as { id: number; dispatchedTo: { id: string } | null; escalation: { department: string } | null }[]
    expect(list.some((c) => c.id === id)).toBe(true)
    expect(list.every((c) => c.dispatchedTo?.id === 'housing' || c.escalation?.department === 'housing')).toBe(true)
  })

  it('gives a kiosk key reads without personal data and no writes', async () => {
    const kiosk = (opts: Record<string, unknown>) => t.raw({ ...opts, headers: { authorization: `Bearer ${DEMO_KIOSK_KEY}` } } as never)
    const detail = (await kiosk({ method: 'GET', url: `/api/cases/${inOwn}` })).json()
    expect(detail.reporter).toEqual({ name: null, phone: null })
    expect(detail.description).toBeNull()
    expect(detail.address).toBeNull()
    expect(JSON.stringify(detail)).not.toMatch(/李|\*\*|13812345678/)
    expect((await kiosk({ method: 'GET', url: '/api/cases/stats' })).statusCode).toBe(200)
    expect((await kiosk({ method: 'POST', url: '/api/cases', payload: intakeBody({ lng: own.lng, lat: own.lat }) })).statusCode).toBe(403)
    expect((await kiosk({ method: 'POST', url: `/api/cases/${inOwn}/reporter`, payload: { reason: '大屏' } })).statusCode).toBe(403)
    expect((await kiosk({ method: 'GET', url: `/api/areas/${own.gridId}` })).json().properties.workers).toEqual([])
    // The wall display's browser trades the key for a session cookie.
    const signedIn = await anonymous({ method: 'POST', url: '/api/auth/kiosk', payload: { token: DEMO_KIOSK_KEY } })
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.json()).toMatchObject({ kind: 'kiosk', role: null, permissions: ['read', 'read_cases'] })
  })

  it('binds an intake key to its source, on the native intake and on Open311, and stops a revoked key', async () => {
    const made = await t.app.inject({ method: 'POST', url: '/api/admin/keys', payload: { name: `微信红管家-${target.name}`, purpose: 'intake', source: 'wechat' } })
    expect(made.statusCode).toBe(201)
    const key = made.json().key as string
    const withKey = (opts: Record<string, unknown>) => t.raw({ ...opts, headers: { authorization: `Bearer ${key}` } } as never)
    const wrong = await post(own, 'hotline_12345', withKey as Inject)
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('WRONG_SOURCE')
    const right = await post(own, 'wechat', withKey as Inject)
    expect(right.statusCode).toBe(201)
    const events = (await t.app.inject(`/api/cases/${right.json().id}`)).json().events
    expect(events[0].actor).toBe(`key:微信红管家-${target.name}`)
    // An intake key reads nothing.
    expect((await withKey({ method: 'GET', url: '/api/cases' })).statusCode).toBe(403)

    const form = (extra: Record<string, string>) => new URLSearchParams({
      service_code: 'noise', lat: String(own.lat), long: String(own.lng), description: '夜间施工噪音', ...extra,
    }).toString()
    const open311 = (body: string) => t.raw({ method: 'POST', url: '/open311/v2/requests.json', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect((await open311(form({}))).statusCode).toBe(401)
    const posted = await open311(form({ api_key: key }))
    expect(posted.statusCode).toBe(200)
    const caseId = Number(posted.json()[0].service_request_id)
    expect((await t.app.inject(`/api/cases/${caseId}`)).json().source).toBe('wechat')

    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/keys/${made.json().apiKey.id}` })).statusCode).toBe(200)
    expect((await post(own, 'wechat', withKey as Inject, { externalId: uniqueId('revoked') })).statusCode).toBe(401)
    const audit = (await t.app.inject('/api/admin/audit?action=key_revoke')).json().entries
    expect(audit.some((e: { target: string }) => e.target.endsWith(`微信红管家-${target.name}`))).toBe(true)
  })

  it('pushes over /live only the events in the subscriber’s scope, and none to anyone without a session or key', async () => {
    const from = (await t.db.pool.query('SELECT coalesce(max(id), 0)::int AS id FROM case_events')).rows[0].id as number
    const anon = new LiveClient(url, { lastEventId: from })
    clients.push(anon)
    await expect(anon.connected()).rejects.toThrow(/unauthenticated/)

    const street = new LiveClient(url, { lastEventId: from, cookie: cookies.street })
    const kiosk = new LiveClient(url, { lastEventId: from, token: DEMO_KIOSK_KEY })
    clients.push(street, kiosk)
    await Promise.all([street.connected(), kiosk.connected()])
    await waitFor(() => street.caughtUp.length === 1 && kiosk.caughtUp.length === 1, 'caught up')
    // Asking for another street's area is refused.
    const peek = new LiveClient(url, { lastEventId: from, cookie: cookies.street, areaId: other.streetId! })
    clients.push(peek)
    await expect(peek.connected()).rejects.toThrow(/outside your area/)

    const a = (await post(other, 'hotline_12345')).json().id
    const b = (await post(own, 'hotline_12345')).json().id
    await waitFor(() => street.received.some((m) => m.caseId === b) && kiosk.received.some((m) => m.caseId === b), 'the own street case')
    await waitFor(() => kiosk.received.some((m) => m.caseId === a), 'the other street case on the kiosk')
    expect(street.received.some((m) => m.caseId === a)).toBe(false)
    expect(street.received.every((m) => m.case.streetId === own.streetId)).toBe(true)
    // Signed-in staff see the masked reporter; the kiosk sees none.
    expect(street.received.find((m) => m.caseId === b)!.case.reporter).toEqual({ name: maskName('李小龙'), phone: maskPhone('13812345678') })
    expect(kiosk.received.every((m) => m.case.reporter.name === null && m.case.reporter.phone === null && m.case.description === null)).toBe(true)
  })

  it('changes a password: the old one stops working and other sessions end', async () => {
    const acct = await ensureAccount(t.db.pool, { username: `pw-${target.name}`, role: 'planner', areaId: null, password: 'first-password' })
    const first = await t.signIn(acct.username, 'first-password')
    const second = await t.signIn(acct.username, 'first-password')
    const weak = await t.raw({ method: 'POST', url: '/api/auth/password', headers: { cookie: first }, payload: { current: 'first-password', next: 'short' } })
    expect(weak.statusCode).toBe(400)
    const changed = await t.raw({ method: 'POST', url: '/api/auth/password', headers: { cookie: first }, payload: { current: 'first-password', next: 'second-password' } })
    expect(changed.statusCode).toBe(204)
    expect((await t.raw({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(200)
    // The other session ends (the principal cache lives 10 s; forget() clears it on this instance).
    expect((await t.raw({ method: 'GET', url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(401)
    expect((await t.raw({ method: 'POST', url: '/api/auth/login', payload: { username: acct.username, password: 'first-password' } })).statusCode).toBe(401)
    expect((await t.raw({ method: 'POST', url: '/api/auth/login', payload: { username: acct.username, password: 'second-password' } })).statusCode).toBe(200)
  })

  it('lets only the administrator manage accounts and keys', async () => {
    expect((await as('commander')({ method: 'GET', url: '/api/admin/accounts' } as never)).statusCode).toBe(403)
    const created = await t.app.inject({
      method: 'POST', url: '/api/admin/accounts',
      payload: { username: `grid-${target.name}-${Date.now() % 1e6}`, displayName: '网格员乙', role: 'community_worker', areaId: own.gridId, password: 'grid-password' },
    })
    expect(created.statusCode).toBe(201)
    const noArea = await t.app.inject({
      method: 'POST', url: '/api/admin/accounts',
      payload: { username: `noarea-${target.name}`, displayName: 'x', role: 'street_operator', password: 'some-password' },
    })
    expect(noArea.statusCode).toBe(400)
    expect(noArea.json().code).toBe('AREA_REQUIRED')
    const accounts = (await t.app.inject('/api/admin/accounts')).json().accounts
    expect(JSON.stringify(accounts)).not.toMatch(/argon2|password_hash/)
  })
})

describe('security headers and rate limits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(testDatabases()[0]!, { RATE_LIMIT: 'true' })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('sends a Content-Security-Policy the map can run under, and no-sniff', async () => {
    const res = await t.raw({ method: 'GET', url: '/api/health' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/worker-src 'self' blob:/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('limits sign-in attempts per address, and says when to come back', async () => {
    const attempt = () => t.raw({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'whatever-it-is' }, remoteAddress: '10.9.8.7' })
    const codes: number[] = []
    for (let i = 0; i < 21; i++) codes.push((await attempt()).statusCode)
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true)
    const limited = await attempt()
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.any(String) })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not affected.
    expect((await t.raw({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'whatever-it-is' }, remoteAddress: '10.9.8.8' })).statusCode).toBe(401)
  })
})
