import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { ensureAccount } from '../helpers/auth.ts'
import { HOTSPOT_LOCK, runHotspots } from '../../server/plugins/hotspots/run.ts'
import { insertAlert } from '../../server/plugins/hotspots/queries.ts'

/**
 * 热点预警 on the database: a run at a chosen instant finds cases inserted around one building, keeps
 * one alert while they last and closes it when they leave its window; the routes keep to scope and
 * roles. Everything happens in March 2031 (no other test writes cases then) with category 'heating'
 * at a residential building numbered 33 of every 41 (other files use 0, 7, 19 and 29 of 37).
 */
const T0 = Date.parse('2031-03-05T10:00:00Z')
const MIN = 60_000
const CATEGORY = 'heating'

interface Spot { lng: number; lat: number; buildingId: string; compoundId: string; gridId: string; communityId: string; streetId: string; districtId: string }

describe.each(testDatabases())('hotspot alerts on the $name database', (target) => {
  let t: TestApp
  let spot: Spot
  let otherStreet: string
  const cookies: Record<string, string> = {}
  let alertId: number

  const as = async (who: string, method: 'GET' | 'POST', url: string) =>
    who === 'admin' ? t.app.inject({ method, url }) : t.raw({ method, url, headers: { cookie: cookies[who] } })

  beforeAll(async () => {
    t = await openTestApp(target)
    const pool = t.db.pool
    await pool.query(`DELETE FROM hotspot_alerts WHERE since >= '2031-01-01' AND since < '2032-01-01'`)
    await pool.query(`DELETE FROM cases WHERE created_at >= '2031-01-01' AND created_at < '2032-01-01'`)
    spot = (
      await pool.query(
        `WITH ranked AS (SELECT b.*, row_number() OVER (ORDER BY b.id) AS n FROM buildings b WHERE b.kind = 'residential' AND b.compound_id IS NOT NULL)
         SELECT ST_X(b.entrance) AS lng, ST_Y(b.entrance) AS lat, b.id AS "buildingId", b.compound_id AS "compoundId", b.grid_id AS "gridId",
                g.parent_id AS "communityId", cm.parent_id AS "streetId", st.parent_id AS "districtId"
         FROM ranked b JOIN areas g ON g.id = b.grid_id JOIN areas cm ON cm.id = g.parent_id JOIN areas st ON st.id = cm.parent_id
         WHERE b.n % 41 = 33 ORDER BY b.n LIMIT 1`,
      )
    ).rows[0]
    expect(spot).toBeDefined()
    otherStreet = (await pool.query(`SELECT id FROM areas WHERE level = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [spot.streetId])).rows[0].id
    const accounts = {
      street: { role: 'street_operator', areaId: spot.streetId },
      otherStreet: { role: 'street_operator', areaId: otherStreet },
      community: { role: 'community_worker', areaId: spot.communityId },
      planner: { role: 'planner', areaId: null },
    } as const
    for (const [key, a] of Object.entries(accounts)) {
      const acc = await ensureAccount(pool, { username: `hs-${key}-${target.name}`.slice(0, 32), role: a.role, areaId: a.areaId })
      cookies[key] = await t.signIn(acc.username, acc.password)
    }
    // Eight heating reports within ~40 m of the building's entrance, 50 to 5 minutes before T0.
    for (let i = 0; i < 8; i++) {
      const lng = spot.lng + ((i % 3) - 1) * 0.0002
      const lat = spot.lat + (Math.floor(i / 3) - 1) * 0.00015
      const at = new Date(T0 - (50 - i * 6) * MIN)
      await pool.query(
        `INSERT INTO cases (source, category, class_721, title, reporter_name, reporter_phone, priority, status, geom, reported_lng, reported_lat,
           reported_crs, building_id, compound_id, grid_id, community_id, street_id, district_id, created_at, deadline_at, updated_at, version)
         VALUES ('app', $1, 'service', '暖气不热', '王小明', '13912345678', 'normal', 'received', ST_SetSRID(ST_MakePoint($2, $3), 4326), $2, $3,
           'wgs84', $4, $5, $6, $7, $8, $9, $10::timestamptz, $10::timestamptz + interval '1 day', $10::timestamptz, 1)`,
        [CATEGORY, lng, lat, spot.buildingId, spot.compoundId, spot.gridId, spot.communityId, spot.streetId, spot.districtId, at],
      )
    }
  })

  afterAll(async () => {
    await t?.db.pool.query(`DELETE FROM hotspot_alerts WHERE since >= '2031-01-01' AND since < '2032-01-01'`)
    await t?.db.pool.query(`DELETE FROM cases WHERE created_at >= '2031-01-01' AND created_at < '2032-01-01'`)
    await t?.close()
  })

  it('raises nothing before the cases', async () => {
    const r = await runHotspots(t.db.pool, { asOf: new Date(T0 - 60 * MIN), categories: [CATEGORY] })
    expect(r?.detections).toEqual([])
    expect(r?.opened).toEqual([])
  })

  it('opens one alert naming the grid, compound, count against expected and since when', async () => {
    const r = (await runHotspots(t.db.pool, { asOf: new Date(T0), categories: [CATEGORY] }))!
    expect(r.opened).toHaveLength(1)
    alertId = r.opened[0]
    const d = r.detections.find((x) => x.category === CATEGORY)!
    expect(d.observed).toBe(8)
    expect(d.pValue).toBeLessThan(r.threshold)
    const res = await as('admin', 'GET', `/api/hotspots?since=2031-03-05T00:00:00Z`)
    expect(res.statusCode).toBe(200)
    const alert = res.json().items.find((a: { id: number }) => a.id === alertId)
    expect(alert).toMatchObject({
      category: CATEGORY, categoryName: '供暖', gridId: spot.gridId, compoundId: spot.compoundId, streetId: spot.streetId,
      observed: 8, status: 'open', windowHours: expect.any(Number), caseCount: 8, since: new Date(T0 - 50 * MIN).toISOString(),
    })
    expect(alert.gridName).toEqual(expect.any(String))
    expect(alert.expected).toBeLessThan(1)
    expect(alert.radiusM).toBeGreaterThan(0)
  })

  it('updates the same alert on the next run instead of opening another', async () => {
    const r = (await runHotspots(t.db.pool, { asOf: new Date(T0 + MIN), categories: [CATEGORY] }))!
    expect(r.opened).toEqual([])
    expect(r.updated).toEqual([alertId])
  })

  it('lists alerts only inside the scope, and refuses to show one outside it', async () => {
    const ids = async (who: string) => (await as(who, 'GET', '/api/hotspots?since=2031-03-05T00:00:00Z')).json().items.map((a: { id: number }) => a.id)
    expect(await ids('street')).toContain(alertId)
    expect(await ids('community')).toContain(alertId)
    expect(await ids('otherStreet')).not.toContain(alertId)
    expect((await as('otherStreet', 'GET', `/api/hotspots/${alertId}`)).json()).toMatchObject({ code: 'OUT_OF_SCOPE' })
    expect((await as('otherStreet', 'GET', `/api/hotspots/${alertId}`)).statusCode).toBe(403)
    expect((await t.raw({ method: 'GET', url: '/api/hotspots' })).statusCode).toBe(401)
  })

  it('says who may acknowledge', async () => {
    expect((await as('street', 'GET', '/api/hotspots')).json().canAcknowledge).toBe(true)
    expect((await as('community', 'GET', '/api/hotspots')).json().canAcknowledge).toBe(false)
    expect((await as('planner', 'GET', '/api/hotspots')).json().canAcknowledge).toBe(false)
  })

  it('shows an alert with its cases, the reporters masked', async () => {
    const res = await as('street', 'GET', `/api/hotspots/${alertId}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.alert.id).toBe(alertId)
    expect(body.cases).toHaveLength(8)
    expect(res.body).not.toContain('王小明')
    expect(res.body).not.toContain('13912345678')
    expect(body.cases.every((c: { category: string }) => c.category === CATEGORY)).toBe(true)
  })

  it('answers 404 for no such alert and 400 for bad input', async () => {
    const missing = await as('admin', 'GET', '/api/hotspots/999999999')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('NO_HOTSPOT')
    expect((await as('admin', 'POST', '/api/hotspots/999999999/acknowledge')).statusCode).toBe(404)
    expect((await as('admin', 'GET', '/api/hotspots/abc')).statusCode).toBe(400)
    expect((await as('admin', 'GET', '/api/hotspots?status=burning')).statusCode).toBe(400)
    const badTime = await as('admin', 'GET', '/api/hotspots?since=yesterday')
    expect(badTime.statusCode).toBe(400)
    expect(badTime.json().code).toBe('BAD_DATETIME')
    expect((await as('admin', 'GET', '/api/hotspots?since=-271821-04-20T00:00:00Z')).statusCode).toBe(400)
  })

  it('lets a street operator in scope acknowledge, and nobody else below the command centre', async () => {
    const community = await as('community', 'POST', `/api/hotspots/${alertId}/acknowledge`)
    expect(community.statusCode).toBe(403)
    expect(community.json().code).toBe('ACTION_NOT_ALLOWED')
    expect((await as('planner', 'POST', `/api/hotspots/${alertId}/acknowledge`)).statusCode).toBe(403)
    const outside = await as('otherStreet', 'POST', `/api/hotspots/${alertId}/acknowledge`)
    expect(outside.statusCode).toBe(403)
    expect(outside.json().code).toBe('OUT_OF_SCOPE')
    expect((await t.db.pool.query('SELECT status FROM hotspot_alerts WHERE id = $1', [alertId])).rows[0].status).toBe('open')

    const ok = await as('street', 'POST', `/api/hotspots/${alertId}/acknowledge`)
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ id: alertId, status: 'acknowledged', acknowledgedBy: `hs-street-${target.name}` })
    const audit = await t.db.pool.query(`SELECT actor FROM audit_log WHERE action = 'hotspot_acknowledge' AND target = $1`, [`hotspot:${alertId}`])
    expect(audit.rows.map((r) => r.actor)).toEqual([`hs-street-${target.name}`])
    // Again: nothing changes, nothing more is audited.
    expect((await as('admin', 'POST', `/api/hotspots/${alertId}/acknowledge`)).json().acknowledgedBy).toBe(`hs-street-${target.name}`)
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE target = $1`, [`hotspot:${alertId}`])).rows[0].n).toBe(1)
  })

  it('keeps an acknowledged alert while the 3-hour window still holds the cluster, then closes it when it fades', async () => {
    const later = (await runHotspots(t.db.pool, { asOf: new Date(T0 + 120 * MIN), categories: [CATEGORY] }))!
    expect(later.updated).toEqual([alertId])
    const row = async () => (await t.db.pool.query('SELECT status, window_hours, closed_reason FROM hotspot_alerts WHERE id = $1', [alertId])).rows[0]
    expect(await row()).toMatchObject({ status: 'acknowledged', window_hours: 3 })
    const faded = (await runHotspots(t.db.pool, { asOf: new Date(T0 + 190 * MIN), categories: [CATEGORY] }))!
    expect(faded.closed).toEqual([alertId])
    expect(await row()).toMatchObject({ status: 'closed', closed_reason: 'faded' })
    const again = await as('admin', 'POST', `/api/hotspots/${alertId}/acknowledge`)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('HOTSPOT_CLOSED')
  })

  it("leaves alone the alerts of other categories and those detected after the run's instant", async () => {
    // Another category's alert, detected at T0 + 10 min from cases up to then (a row as a run writes it).
    const at = T0 + 10 * MIN
    const other = await insertAlert(t.db.pool, {
      category: 'noise', windowHours: 1, centre: [spot.lng, spot.lat], radiusM: 40, discM: 140, observed: 5, categoryTotal: 5,
      since: at - 20 * MIN, newest: at, gridId: spot.gridId, compoundId: spot.compoundId, communityId: spot.communityId,
      streetId: spot.streetId, districtId: spot.districtId, caseIds: [], share: 0.01, expected: 0.05, pValue: 1e-9,
    }, new Date(at))
    const status = async () => (await t.db.pool.query('SELECT status FROM hotspot_alerts WHERE id = $1', [other])).rows[0].status
    // Its newest case left its window long before T0 + 190 min, but this run judges heating only.
    expect((await runHotspots(t.db.pool, { asOf: new Date(T0 + 190 * MIN), categories: [CATEGORY] }))!.closed).not.toContain(other)
    // A replay of an instant before its detection does not know it.
    expect((await runHotspots(t.db.pool, { asOf: new Date(T0 - 60 * MIN), categories: ['noise'] }))!.closed).not.toContain(other)
    expect(await status()).toBe('open')
    // A run of its category after its window closes it.
    expect((await runHotspots(t.db.pool, { asOf: new Date(T0 + 190 * MIN), categories: ['noise'] }))!.closed).toEqual([other])
    expect(await status()).toBe('closed')
  })

  it.runIf(target.mode === 'external')('leaves the run to whoever holds the lock (needs separate sessions: a real PostgreSQL)', async () => {
    const holder = await t.db.pool.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT pg_advisory_xact_lock($1)', [HOTSPOT_LOCK])
      expect(await runHotspots(t.db.pool, { asOf: new Date(T0), categories: [CATEGORY] })).toBeNull()
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
  })
})
