import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../helpers/auth.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, nearBuildingPlace, offsetMetres, outsidePlace, streetPlace, type Place } from '../fixtures/cases/places.ts'
import { intakeBody, postCase, uniqueId } from '../fixtures/cases/api.ts'
import { gcj02ToBd09, wgs84ToGcj02 } from '../fixtures/cases/reference-crs.ts'

// Offsets into the building sample: each test file and test uses its own neighbourhood.
const BASE = 0

describe.each(testDatabases())('case intake on the $name database', (target) => {
  let t: TestApp
  let places: Place[]
  beforeAll(async () => {
    t = await openTestApp(target)
    places = await buildingPlaces(t.db.pool, 12, BASE)
  })
  afterAll(async () => {
    await t?.close()
  })
  const stored = async (externalIds: string[]) =>
    (await t.db.pool.query('SELECT count(*)::int AS n FROM cases WHERE external_id = ANY($1)', [externalIds])).rows[0].n as number

  it('accepts a report, places it in its building and areas, masks the reporter, and logs a created event', async () => {
    const p = places[0]
    const body = intakeBody({ lng: p.lng, lat: p.lat })
    const res = await postCase(t.app, body)
    expect(res.statusCode).toBe(201)
    const c = res.json()
    expect(c).toMatchObject({
      status: 'received',
      source: 'hotline_12345',
      externalId: body.externalId,
      category: 'water_supply',
      class721: 'service',
      buildingId: p.buildingId,
      compoundId: p.compoundId,
      gridId: p.gridId,
      communityId: p.communityId,
      streetId: p.streetId,
      districtId: p.districtId,
      outsideGrid: false,
      reporter: { name: '李**', phone: '********678' },
      overdue: false,
    })
    expect(c.location.lng).toBeCloseTo(p.lng, 9)
    expect(c.location.lat).toBeCloseTo(p.lat, 9)
    expect(Date.parse(c.deadlineAt) - Date.parse(c.createdAt)).toBe(24 * 3_600_000)
    expect(res.body).not.toContain('13812345678')

    const detail = await t.app.inject(`/api/cases/${c.id}`)
    expect(detail.statusCode).toBe(200)
    const d = detail.json()
    expect(d).toMatchObject({ id: c.id, status: 'received', gridId: p.gridId, reporter: c.reporter, allowedActions: ['dispatch'] })
    expect(d.events).toHaveLength(1)
    expect(d.events[0]).toMatchObject({ type: 'created', actor: TEST_ADMIN.username })
    expect(detail.body).not.toMatch(/13812345678|李小龙/)
    // Stored unmasked: only views mask.
    const row = (await t.db.pool.query('SELECT reporter_phone FROM cases WHERE id = $1', [c.id])).rows[0]
    expect(row.reporter_phone).toBe('13812345678')
  })

  it('gives a point just outside a footprint to that building, and a street point to no building', async () => {
    const near = await nearBuildingPlace(t.db.pool, 200 + BASE)
    expect(near.metres).toBeGreaterThan(0.5)
    expect(near.metres).toBeLessThan(5)
    const a = (await postCase(t.app, intakeBody({ lng: near.lng, lat: near.lat }, { category: 'elevator' }))).json()
    expect(a).toMatchObject({ buildingId: near.buildingId, gridId: near.gridId })

    const street = await streetPlace(t.db.pool, 3)
    const b = (await postCase(t.app, intakeBody({ lng: street.lng, lat: street.lat }, { category: 'road_damage' }))).json()
    expect(b).toMatchObject({ buildingId: null, compoundId: null, gridId: street.gridId, communityId: street.communityId, streetId: street.streetId })
  })

  it('keeps and flags a point outside every grid', async () => {
    const out = await outsidePlace(t.db.pool)
    const body = intakeBody(out, { category: 'sanitation' })
    const res = await postCase(t.app, body)
    expect(res.statusCode).toBe(201)
    const c = res.json()
    expect(c).toMatchObject({ gridId: null, communityId: null, streetId: null, districtId: null, buildingId: null, outsideGrid: true })
    expect((await t.app.inject(`/api/cases/${c.id}`)).json()).toMatchObject({ gridId: null, outsideGrid: true })
    expect(await stored([body.externalId])).toBe(1)
  })

  it('converts GCJ-02 and BD-09 coordinates to WGS-84 before placing them', async () => {
    const p = places[1]
    const gcj = wgs84ToGcj02(p.lng, p.lat)
    const bd = gcj02ToBd09(...gcj)
    // The offsets are hundreds of metres here: unconverted, the point would land elsewhere.
    expect(Math.hypot((gcj[0] - p.lng) * 85_000, (gcj[1] - p.lat) * 111_000)).toBeGreaterThan(100)
    for (const [point, crs, tol] of [[gcj, 'gcj02', 1e-6], [bd, 'bd09', 5e-6]] as const) {
      const res = await postCase(t.app, intakeBody({ lng: point[0], lat: point[1], crs }, { category: 'heating' }))
      expect(res.statusCode).toBe(201)
      const c = res.json()
      expect(Math.abs(c.location.lng - p.lng)).toBeLessThan(tol)
      expect(Math.abs(c.location.lat - p.lat)).toBeLessThan(tol)
      expect(c.buildingId).toBe(p.buildingId)
      const row = (await t.db.pool.query('SELECT reported_crs, reported_lng FROM cases WHERE id = $1', [c.id])).rows[0]
      expect(row).toEqual({ reported_crs: crs, reported_lng: point[0] })
    }
  })

  it('is idempotent on (source, externalId): a repeat returns the stored case with 200', async () => {
    const p = places[2]
    const body = intakeBody({ lng: p.lng, lat: p.lat }, { category: 'drainage' })
    const first = await postCase(t.app, body)
    expect(first.statusCode).toBe(201)
    const again = await postCase(t.app, { ...body, title: 'changed on retry' })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ id: first.json().id, title: body.title })
    // The same externalId from another source is another case.
    const other = await postCase(t.app, { ...body, source: 'wechat' })
    expect(other.statusCode).toBe(201)
    expect(other.json().id).not.toBe(first.json().id)

    // Concurrent repeats: exactly one creates, the rest get that case.
    const burst = intakeBody({ lng: p.lng, lat: p.lat }, { category: 'drainage' })
    const results = await Promise.all(Array.from({ length: 8 }, () => postCase(t.app, burst)))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(7)
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
    expect(await stored([burst.externalId])).toBe(1)
    const events = await t.db.pool.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [results[0].json().id])
    expect(events.rows[0].n).toBe(1)
  })

  it('links a report within 50 m and 24 h of an open case of the same category as a possible duplicate', async () => {
    const p = places[3]
    const first = (await postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'street_lighting' }))).json()
    const near = offsetMetres(p, 20, 15) // 25 m away
    const dup = (await postCase(t.app, intakeBody(near, { category: 'street_lighting' }))).json()
    expect(dup.possibleDuplicateOf).toBe(first.id)
    expect(dup.id).not.toBe(first.id) // linked, not merged
    const otherCategory = (await postCase(t.app, intakeBody(near, { category: 'greenery' }))).json()
    expect(otherCategory.possibleDuplicateOf).toBeNull()
    const far = (await postCase(t.app, intakeBody(offsetMetres(p, 70, 0), { category: 'street_lighting' }))).json()
    expect(far.possibleDuplicateOf).not.toBe(first.id)
  })

  it('refuses bad bodies with a 400 that names the problem, and stores nothing', async () => {
    const p = places[4]
    const good = () => intakeBody({ lng: p.lng, lat: p.lat })
    const without = (key: string) => {
      const b: Record<string, unknown> = good()
      delete b[key]
      return b
    }
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['missing category', without('category'), /category/],
      ['missing location', without('location'), /location/],
      ['missing source', without('source'), /source/],
      ['missing title', without('title'), /title/],
      ['latitude out of range', { ...good(), location: { lng: p.lng, lat: 95 } }, /lat.*90/],
      ['longitude out of range', { ...good(), location: { lng: -200, lat: p.lat } }, /lng.*-180/],
      ['missing latitude', { ...good(), location: { lng: p.lng } }, /lat/],
      ['latitude not a number', { ...good(), location: { lng: p.lng, lat: 'north' } }, /lat.*number/],
      ['location not an object', { ...good(), location: 'by the gate' }, /location.*object/],
      ['unknown crs', { ...good(), location: { lng: p.lng, lat: p.lat, crs: 'utm' } }, /crs/],
      ['unknown category', { ...good(), category: 'ufo_sighting' }, /category.*allowed/],
      ['unknown source', { ...good(), source: 'carrier_pigeon' }, /source/],
      ['empty title', { ...good(), title: '' }, /title/],
      ['reporter not an object', { ...good(), reporter: '张三' }, /reporter/],
      ['phone not a phone number', { ...good(), reporter: { name: '张三', phone: 'call me' } }, /phone/],
      ['unknown priority', { ...good(), priority: 'asap' }, /priority/],
      ['negative deadline', { ...good(), deadlineHours: -3 }, /deadlineHours/],
    ]
    for (const [what, body, message] of cases) {
      const res = await postCase(t.app, body)
      expect(res.statusCode, what).toBe(400)
      expect(res.json().error, what).toBe('Bad Request')
      expect(res.json().message, what).toMatch(message)
    }
    const malformed = await t.app.inject({ method: 'POST', url: '/api/cases', payload: '{"source": "app",', headers: { 'content-type': 'application/json' } })
    expect(malformed.statusCode).toBe(400)
    const ids = cases.map(([, b]) => b.externalId).filter((x): x is string => typeof x === 'string')
    expect(ids.length).toBe(cases.length)
    expect(await stored(ids)).toBe(0)
  })

  it('reads a case with 404 for unknown ids and 400 for malformed ones', async () => {
    expect((await t.app.inject('/api/cases/999999999')).statusCode).toBe(404)
    expect((await t.app.inject('/api/cases/abc')).statusCode).toBe(400)
    expect((await t.app.inject(`/api/cases/${uniqueId('x')}`)).statusCode).toBe(400)
  })

  it('lists the vocabulary that forms and legends need', async () => {
    const v = (await t.app.inject('/api/cases/categories')).json()
    expect(v.categories.length).toBeGreaterThanOrEqual(20)
    expect(v.categories[0]).toEqual(expect.objectContaining({ code: expect.any(String), class721: expect.any(String), deadlineHours: expect.any(Number) }))
    expect(v.classes721.map((c: any) => c.code)).toEqual(['service', 'management', 'enforcement'])
    expect(v.departments.length).toBeGreaterThanOrEqual(5)
  })
})
