import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, ensureAccount } from '../helpers/auth.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'

type Inject = (opts: Record<string, unknown>) => Promise<{ statusCode: number; json(): any; body: string }>

describe.each(testDatabases())('saved plans on the $name database', (target) => {
  let t: TestApp
  const cookies: Record<string, string> = {}
  const as = (who: string): Inject => (opts) =>
    t.raw({ ...opts, headers: { ...((opts.headers as object) ?? {}), cookie: cookies[who] } } as never) as never
  /** Two stations in service, one in the planned pipeline only, and a spot far from any station. */
  let inService: string[]
  let spot: { lng: number; lat: number }

  beforeAll(async () => {
    t = await openTestApp(target)
    cookies.planner = await t.signIn('planner', DEMO_PASSWORD)
    cookies.commander = await t.signIn('commander', DEMO_PASSWORD)
    cookies.community = await t.signIn('community', DEMO_PASSWORD)
    const other = await ensureAccount(t.db.pool, { username: `planner2-${target.name}`, role: 'planner', areaId: null })
    cookies.other = await t.signIn(other.username, other.password)
    const stations = (await t.app.inject({ method: 'GET', url: '/api/stations' })).json()
    inService = stations.features.filter((f: any) => f.properties.status === 'in_service').map((f: any) => f.properties.id)
    const gap = (await t.app.inject({ method: 'GET', url: '/api/coverage/gaps?minutes=15&limit=1' })).json().features[0]
    ;[spot] = [{ lng: gap.properties.entrance[0], lat: gap.properties.entrance[1] }]
  })
  afterAll(async () => {
    await t?.close()
  })

  const planA = () => ({ name: '方案A 增补两站', scenario: 'current', changes: { add: [{ id: 'h1', lng: spot.lng, lat: spot.lat }], remove: [inService[0]] } })
  const planB = () => ({ name: '方案B 搬迁', scenario: 'built', changes: { move: [{ id: inService[1], lng: spot.lng, lat: spot.lat }] } })

  it('saves, lists, reads, renames and deletes a plan for its owner only', async () => {
    const me = as('planner')
    const created = await me({ method: 'POST', url: '/api/plans', payload: { ...planA(), name: '  临时方案 ' } })
    expect(created.statusCode, created.body).toBe(201)
    const plan = created.json()
    expect(plan).toMatchObject({ name: '临时方案', scenario: 'current', changes: planA().changes, counts: { stationsAdded: 1, stationsMoved: 0, stationsRemoved: 1 } })

    expect((await me({ method: 'GET', url: '/api/plans' })).json().items.map((p: any) => p.id)).toContain(plan.id)
    expect((await as('other')({ method: 'GET', url: '/api/plans' })).json().items.map((p: any) => p.id)).not.toContain(plan.id)
    expect((await me({ method: 'GET', url: `/api/plans/${plan.id}` })).json().changes).toEqual(planA().changes)

    // Another account, even one that may plan, neither reads, changes nor deletes it.
    for (const [method, payload] of [['GET'], ['PUT', { name: '抢来的' }], ['DELETE']] as const) {
      const res = await as('other')({ method, url: `/api/plans/${plan.id}`, payload })
      expect(res.statusCode, method).toBe(403)
      expect(res.json().code).toBe('FORBIDDEN')
    }
    expect((await me({ method: 'GET', url: `/api/plans/${plan.id}` })).json().name).toBe('临时方案')

    const renamed = await me({ method: 'PUT', url: `/api/plans/${plan.id}`, payload: { name: '改名方案' } })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json()).toMatchObject({ name: '改名方案', changes: planA().changes })

    expect((await me({ method: 'DELETE', url: `/api/plans/${plan.id}` })).statusCode).toBe(204)
    const gone = await me({ method: 'GET', url: `/api/plans/${plan.id}` })
    expect(gone.statusCode).toBe(404)
    expect(gone.json().code).toBe('PLAN_NOT_FOUND')
    expect((await me({ method: 'DELETE', url: `/api/plans/${plan.id}` })).statusCode).toBe(404)
  })

  it('refuses a duplicate name with 409, per owner', async () => {
    const body = { ...planA(), name: `重名-${target.name}` }
    expect((await as('planner')({ method: 'POST', url: '/api/plans', payload: body })).statusCode).toBe(201)
    const again = await as('planner')({ method: 'POST', url: '/api/plans', payload: body })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('PLAN_NAME_TAKEN')
    // Another owner may use the same name; renaming onto a taken name is refused too.
    expect((await as('other')({ method: 'POST', url: '/api/plans', payload: body })).statusCode).toBe(201)
    const second = (await as('planner')({ method: 'POST', url: '/api/plans', payload: { ...body, name: `另一个-${target.name}` } })).json()
    const clash = await as('planner')({ method: 'PUT', url: `/api/plans/${second.id}`, payload: { name: body.name } })
    expect(clash.statusCode).toBe(409)
    expect((await as('planner')({ method: 'GET', url: `/api/plans/${second.id}` })).json().name).toBe(`另一个-${target.name}`)
  })

  it('rejects bad changes with 400 and writes nothing', async () => {
    const me = as('planner')
    const before = (await me({ method: 'GET', url: '/api/plans' })).json().items.length
    const bad: [string, unknown][] = [
      ['VALIDATION', { ...planA(), changes: { add: [{ lng: 500, lat: 30 }] } }],
      ['VALIDATION', { ...planA(), changes: { teleport: [] } }],
      ['VALIDATION', { ...planA(), changes: { ...planA().changes, minutes: [5] } }],
      ['VALIDATION', { ...planA(), scenario: 'someday' }],
      ['VALIDATION', { ...planA(), name: '   ' }],
      ['UNKNOWN_STATION', { ...planA(), changes: { remove: ['NO-SUCH-STATION'] } }],
      ['DUPLICATE_STATION', { ...planA(), changes: { remove: [inService[0], inService[0]] } }],
    ]
    for (const [code, payload] of bad) {
      const res = await me({ method: 'POST', url: '/api/plans', payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json()).toMatchObject({ code, message: expect.any(String) })
    }
    expect((await me({ method: 'GET', url: '/api/plans' })).json().items.length).toBe(before)
  })

  it('lets only those who may plan in: 401 anonymous, 403 a community worker', async () => {
    for (const [method, url] of [['GET', '/api/plans'], ['POST', '/api/plans'], ['GET', '/api/plans/compare?plans=now,pipeline'], ['GET', '/api/plans/1']]) {
      expect((await t.raw({ method, url, payload: method === 'POST' ? planA() : undefined } as never)).statusCode, `${method} ${url}`).toBe(401)
      expect((await as('community')({ method, url, payload: method === 'POST' ? planA() : undefined })).statusCode, `${method} ${url}`).toBe(403)
    }
    // A commander plans too.
    expect((await as('commander')({ method: 'GET', url: '/api/plans' })).statusCode).toBe(200)
  })

  it('compares now, the pipeline and two plans with numbers equal to separate what-if calls', async () => {
    const me = as('planner')
    const a = (await me({ method: 'POST', url: '/api/plans', payload: { ...planA(), name: `A-${target.name}` } })).json()
    const b = (await me({ method: 'POST', url: '/api/plans', payload: { ...planB(), name: `B-${target.name}` } })).json()
    const res = await me({ method: 'GET', url: `/api/plans/compare?plans=now,pipeline,${a.id},${b.id}` })
    expect(res.statusCode, res.body).toBe(200)
    const cmp = res.json()
    expect(cmp.columns.map((c: any) => c.key)).toEqual(['now', 'pipeline', String(a.id), String(b.id)])
    expect(cmp.columns.map((c: any) => c.scenario)).toEqual(['current', 'planned', 'current', 'built'])
    expect(cmp.columns[2].label).toBe(`A-${target.name}`)

    // Each column, asked of the what-if route on its own, as the planner would.
    const bodies = [{ scenario: 'current' }, { scenario: 'planned' }, { ...planA().changes, scenario: 'current' }, { ...planB().changes, scenario: 'built' }]
    const separate = await Promise.all(bodies.map(async (body) => (await me({ method: 'POST', url: '/api/coverage/what-if', payload: { ...body, minutes: [5, 15] } })).json()))
    expect(new Set(cmp.rows.map((r: any) => r.level))).toEqual(new Set(['district', 'street', 'community']))
    expect(cmp.rows[0].level).toBe('district')
    const areaCount = separate[0].areas.filter((x: any) => ['district', 'street', 'community'].includes(x.level)).length
    expect(cmp.rows).toHaveLength(areaCount)
    for (const row of cmp.rows) {
      separate.forEach((w, i) => {
        const area = w.areas.find((x: any) => x.id === row.id)
        for (const m of ['5', '15']) {
          expect(row.covered[i][m], `${row.id} column ${i} ${m} min`).toBe(area.covered[m].residents)
          expect(row.diff[i][m]).toBe(area.covered[m].residents - separate[0].areas.find((x: any) => x.id === row.id).covered[m].residents)
        }
      })
      expect(cmp.columns.map((c: any) => c.stations)).toEqual(separate.map((w) => w.stations))
    }
    // The plans differ from now somewhere (otherwise the comparison shows nothing).
    expect(cmp.rows[0].diff[1]['15']).toBeGreaterThan(0)
    expect(cmp.rows[0].diff[2]['15']).not.toBe(0)

    // Bad column lists, and another account's plan.
    for (const q of ['now', 'now,now', 'now,pipeline,1,2,3', 'now,tomorrow', 'now,-1']) {
      const bad = await me({ method: 'GET', url: `/api/plans/compare?plans=${q}` })
      expect(bad.statusCode, q).toBe(400)
      expect(bad.json().code).toBe('BAD_COMPARE')
    }
    expect((await as('other')({ method: 'GET', url: `/api/plans/compare?plans=now,${a.id}` })).statusCode).toBe(403)
    expect((await me({ method: 'GET', url: '/api/plans/compare?plans=now,999999' })).statusCode).toBe(404)
  })
})
