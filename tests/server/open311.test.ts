import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { drive } from '../fixtures/cases/api.ts'
import { CATEGORY_CODES } from '../../server/domain/cases/taxonomy.ts'

const form = (fields: Record<string, string | number>) =>
  Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')

describe.each(testDatabases())('Open311 GeoReport v2 on the $name database', (target) => {
  let t: TestApp
  let places: Place[]
  beforeAll(async () => {
    t = await openTestApp(target)
    places = await buildingPlaces(t.db.pool, 4, 160)
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject(url)
  const postForm = (fields: Record<string, string | number>) =>
    t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } })

  it('lists one service per case category, service_code = category code', async () => {
    const res = await get('/open311/v2/services.json')
    expect(res.statusCode).toBe(200)
    const services = res.json()
    expect(services.map((s: any) => s.service_code)).toEqual(CATEGORY_CODES)
    expect(services[0]).toEqual({
      service_code: 'water_supply', service_name: '供水漏水', description: 'Water supply and leaks', metadata: false,
      type: 'realtime', keywords: expect.stringContaining('service'), group: '服务',
    })
    expect((await get('/open311/v2/services/water_supply.json')).json()).toEqual({ service_code: 'water_supply', attributes: [] })
    expect((await get('/open311/v2/services/teleport.json')).statusCode).toBe(404)
  })

  it('accepts a form-encoded request like a 311 client sends, then reads it back', async () => {
    const p = places[0]
    const res = await postForm({
      api_key: 'k', service_code: 'street_lighting', lat: p.lat, long: p.lng, address_string: '澜溪路12号',
      first_name: '小明', last_name: '王', phone: '13600001234', description: '路灯不亮\n已经三天了', account_id: 'acct-9',
    })
    expect(res.statusCode).toBe(200)
    const [created] = res.json()
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^\d+$/), service_notice: null, account_id: 'acct-9' })

    const one = await get(`/open311/v2/requests/${created.service_request_id}.json`)
    expect(one.statusCode).toBe(200)
    const [req] = one.json()
    expect(req).toMatchObject({
      service_request_id: created.service_request_id, status: 'open', service_code: 'street_lighting', service_name: '路灯照明',
      description: '路灯不亮\n已经三天了', address: '澜溪路12号', agency_responsible: null,
    })
    expect(req.lat).toBeCloseTo(p.lat, 9)
    expect(req.long).toBeCloseTo(p.lng, 9)
    expect(Date.parse(req.expected_datetime) - Date.parse(req.requested_datetime)).toBe(48 * 3_600_000)
    expect(one.body).not.toContain('13600001234')

    // The same case natively: placed, titled from the first line, reporter masked, source open311.
    const native = (await get(`/api/cases/${created.service_request_id}`)).json()
    expect(native).toMatchObject({ source: 'open311', title: '路灯不亮', gridId: p.gridId, reporter: { name: '王**', phone: '********234' } })
  })

  it('accepts JSON bodies too and filters requests by id, service_code, status and dates', async () => {
    const p = places[1]
    const post = (code: string) =>
      t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: code, lat: p.lat, long: p.lng, description: code } })
    const ids: string[] = []
    for (const code of ['animals', 'animals', 'fire_access']) ids.push((await post(code)).json()[0].service_request_id)
    // Close one of them through the native loop: GeoReport calls it closed.
    await drive(t.app, Number(ids[1]), [
      { action: 'dispatch', level: 'department', to: 'urban_management' }, { action: 'start' },
      { action: 'resolve', level: 'department', note: '已收容' },
    ])
    const list = async (q: string) => {
      const r = await get(`/open311/v2/requests.json?${q}`)
      expect(r.statusCode, q).toBe(200)
      return r.json() as any[]
    }
    const byIds = await list(`service_request_id=${ids.join(',')}`)
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([...ids].sort())
    const closed = byIds.find((r) => r.service_request_id === ids[1])
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已收容', agency_responsible: '区城市管理委员会' })

    const animals = await list('service_code=animals')
    expect(animals.every((r) => r.service_code === 'animals')).toBe(true)
    expect(animals.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([ids[0], ids[1]]))
    const openAnimals = await list('service_code=animals&status=open')
    expect(openAnimals.map((r) => r.service_request_id)).toContain(ids[0])
    expect(openAnimals.map((r) => r.service_request_id)).not.toContain(ids[1])
    expect((await list('service_code=animals,fire_access&status=closed')).map((r) => r.service_request_id)).toContain(ids[1])

    const now = Date.now()
    const recent = await list(`service_code=fire_access&start_date=${new Date(now - 3_600_000).toISOString()}&end_date=${new Date(now + 60_000).toISOString()}`)
    expect(recent.map((r) => r.service_request_id)).toContain(ids[2])
    const longAgo = await list('service_code=fire_access&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')
    expect(longAgo).toEqual([])
  })

  it('answers errors in GeoReport form: [{code, description}], storing nothing', async () => {
    const p = places[2]
    const before = (await t.db.pool.query(`SELECT count(*)::int AS n FROM cases WHERE source = 'open311'`)).rows[0].n
    const bad: [Record<string, string | number>, RegExp][] = [
      [{ lat: p.lat, long: p.lng }, /service_code/],
      [{ service_code: 'teleport', lat: p.lat, long: p.lng }, /service_code/],
      [{ service_code: 'noise', long: p.lng }, /lat/],
      [{ service_code: 'noise', lat: 91, long: p.lng }, /lat/],
      [{ service_code: 'noise', lat: 'here', long: p.lng }, /lat/],
    ]
    for (const [fields, message] of bad) {
      const res = await postForm(fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(400)
      const body = res.json()
      expect(body).toEqual([{ code: 400, description: expect.stringMatching(message) }])
    }
    const after = (await t.db.pool.query(`SELECT count(*)::int AS n FROM cases WHERE source = 'open311'`)).rows[0].n
    expect(after).toBe(before)
    expect((await get('/open311/v2/requests/999999999.json')).json()).toEqual([{ code: 404, description: 'no service request 999999999' }])
    expect((await get('/open311/v2/requests.json?status=pending')).statusCode).toBe(400)
    expect((await get('/open311/v2/requests.json?start_date=soon')).json()).toEqual([{ code: 400, description: expect.stringMatching(/start_date/) }])
  })
})
