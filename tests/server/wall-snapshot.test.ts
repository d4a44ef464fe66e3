import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAccount } from '../helpers/auth.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces } from '../fixtures/cases/places.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'

type Json = Record<string, unknown>

/** An answer without what depends on the moment it was computed (its as-of time and its window's ends). */
const timeless = (v: Json) => {
  const { asOf: _a, window: w, ...rest } = v
  const { from: _f, to: _t, ...windowRest } = (w ?? {}) as Json
  return { ...rest, window: windowRest }
}

describe.each(testDatabases())('the wall snapshot on the $name database', (target) => {
  let t: TestApp
  let district: string
  let street: string
  let streetCookie: string

  const get = async (url: string, cookie?: string) => {
    const res = await t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) })
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
    return res.json()
  }

  /**
   * The snapshot and the separate routes' answers, read while no case event was written: two snapshots
   * around the routes with the same event id. Other test files may write meanwhile, so it tries again.
   */
  async function quietRead(routes: string[], cookie?: string) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await get('/api/wall/snapshot', cookie)
      const answers = []
      for (const r of routes) answers.push(await get(r, cookie))
      const after = await get('/api/wall/snapshot', cookie)
      if (before.eventId === after.eventId) return { snap: after, answers }
    }
    throw new Error('the case log never stood still for one read')
  }

  beforeAll(async () => {
    t = await openTestApp(target)
    const { rows } = await t.db.pool.query<{ id: string }>(`SELECT id FROM areas WHERE level = 'district' ORDER BY code LIMIT 1`)
    district = rows[0].id
    const [place] = await buildingPlaces(t.db.pool, 1, 3)
    street = place.streetId!
    // Cases today, so that the figures compared are not all zeros.
    for (const category of ['water_supply', 'noise', 'noise']) {
      const res = await postCase(t.app, intakeBody({ lng: place.lng, lat: place.lat }, { category }))
      expect(res.statusCode, res.body).toBe(201)
    }
    // And one reported outside every area (intake keeps it, with no district): the wall counts its district only.
    const outside = await postCase(t.app, intakeBody({ lng: 116.2, lat: 29.9 }, { category: 'noise' }))
    expect(outside.statusCode, outside.body).toBe(201)
    expect(JSON.parse(outside.body).districtId).toBeNull()
    const account = await ensureAccount(t.db.pool, { username: `wall-street-${target.name}`, role: 'street_operator', areaId: street })
    streetCookie = await t.signIn(account.username, account.password)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers every part as its own route does, all as of one instant', async () => {
    const { snap, answers } = await quietRead([
      `/api/cases/stats?area=${district}&window=7d`,
      `/api/circles?area=${district}&window=30d`,
      `/api/property-companies?window=30d&top=5`,
      `/api/coverage?minutes=5,15&scenario=current&level=district`,
      `/api/stations?area=${district}`,
    ])
    const [stats, circles, league, coverage, stations] = answers
    expect(snap.area.id).toBe(district)
    expect(timeless(snap.parts.cases)).toEqual(timeless(stats))
    expect(snap.parts.cases.counts.today).toBeGreaterThanOrEqual(3)
    expect(timeless(snap.parts.circles)).toEqual(timeless(circles))
    expect(timeless(snap.parts.property)).toEqual(timeless(league))
    expect(snap.parts.coverage).toEqual(coverage.areas.find((a: { id: string }) => a.id === district))
    const features = stations.features as { properties: { status: string; kind: string } }[]
    expect(snap.parts.stations.total).toBe(features.length)
    for (const s of new Set(features.map((f) => f.properties.status)))
      expect(snap.parts.stations.byStatus[s]).toBe(features.filter((f) => f.properties.status === s).length)

    // One instant: every part that states its time states the snapshot's.
    for (const part of [snap.parts.cases, snap.parts.circles, snap.parts.property]) expect(part.asOf).toBe(snap.asOf)
    // Today's categories and the KPI tile come from the same snapshot, so they add up.
    const byCategory = snap.parts.today.categories.reduce((n: number, c: { count: number }) => n + c.count, 0)
    expect(byCategory).toBe(snap.parts.cases.counts.today)
    expect(snap.parts.today.lastHours['24']).toBeGreaterThanOrEqual(snap.parts.today.lastHours['1'])
  })

  it('counts a new case and moves its event cursor past the case’s event', async () => {
    const first = await get('/api/wall/snapshot')
    const [place] = await buildingPlaces(t.db.pool, 1, 4)
    const posted = await postCase(t.app, intakeBody({ lng: place.lng, lat: place.lat }, { category: 'noise' }))
    expect(posted.statusCode).toBe(201)
    const { rows } = await t.db.pool.query<{ id: string }>(`SELECT max(id) AS id FROM case_events WHERE case_id = $1`, [posted.json().id])
    const eventId = Number(rows[0].id)
    expect(first.eventId).toBeLessThan(eventId)
    const second = await get('/api/wall/snapshot')
    expect(second.eventId).toBeGreaterThanOrEqual(eventId)
    expect(Date.parse(second.asOf)).toBeGreaterThan(Date.parse(first.asOf))
    // Other files may post too; at least this one more, and the parts moved together.
    expect(second.parts.cases.counts.today).toBeGreaterThanOrEqual(first.parts.cases.counts.today + 1)
    expect(second.parts.cases.hourly.reduce((a: number, b: number) => a + b, 0)).toBe(second.parts.cases.counts.today)
  })

  it('gives a street account its own street, as its own routes do', async () => {
    const { snap, answers } = await quietRead(['/api/cases/stats?window=7d', '/api/property-companies?window=30d&top=5', '/api/circles?window=30d'], streetCookie)
    const [stats, league, circles] = answers
    expect(snap.area.id).toBe(street)
    expect(snap.parts.cases.area.id).toBe(street)
    expect(timeless(snap.parts.cases)).toEqual(timeless(stats))
    expect(timeless(snap.parts.property)).toEqual(timeless(league))
    expect(timeless(snap.parts.circles)).toEqual(timeless(circles))
    const whole = await get('/api/wall/snapshot')
    expect(snap.parts.cases.counts.week).toBeLessThanOrEqual(whole.parts.cases.counts.week)

    const outside = await t.app.inject({ method: 'GET', url: `/api/wall/snapshot?area=${district}`, headers: { cookie: streetCookie } })
    expect(outside.statusCode).toBe(403)
    expect(outside.json().code).toBe('OUT_OF_SCOPE')
  })

  it('refuses anonymous requests', async () => {
    const res = await t.raw({ method: 'GET', url: '/api/wall/snapshot' })
    expect(res.statusCode).toBe(401)
  })
})
