import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import gcoord from 'gcoord'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { DEMO_PASSWORD, ensureAccount } from '../helpers/auth.ts'
import { until } from '../helpers/until.ts'
import { offsetMetres, type Place } from '../fixtures/cases/places.ts'
import { act, intakeBody, postCase, uniqueId } from '../fixtures/cases/api.ts'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { DEPARTMENT_NAMES } from '../../server/domain/vocabulary/index.ts'

/**
 * The case view and the workbench over HTTP (issue 10): a case's detail with names, holder, duplicates
 * and actors; the list's workbench filters and order; the queue's counts; open cases near a point;
 * place search by name. Places are the 7th residential building of every 37 in the demo street operator's
 * street with no open case within 250 m, and the category is one other files do not post (养老助残) (other files use the first buildings, and 0 and 19 of every 37).
 */
describe.each(testDatabases())('case view and workbench on the $name database', (target) => {
  let t: TestApp
  let places: (Place & { buildingName: string; compoundName: string | null; gridName: string; communityName: string; streetName: string })[]
  const cookies: Record<string, string> = {}
  const as = (who: string) => (url: string) => t.raw({ method: 'GET', url, headers: { cookie: cookies[who] } })
  const kiosk = (url: string) => t.raw({ method: 'GET', url, headers: { authorization: `Bearer ${DEMO_KIOSK_KEY}` } })
  const get = async (url: string) => {
    const res = await t.app.inject(url)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const post = async (p: { lng: number; lat: number }, over: Record<string, unknown> = {}) => {
    const res = await postCase(t.app, intakeBody(p, { category: 'elderly_care', ...over }))
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  beforeAll(async () => {
    t = await openTestApp(target)
    const { rows } = await t.db.pool.query(
      `WITH ranked AS (SELECT b.*, row_number() OVER (ORDER BY b.id) AS n FROM buildings b WHERE b.kind = 'residential')
       SELECT ST_X(ST_PointOnSurface(b.footprint)) AS lng, ST_Y(ST_PointOnSurface(b.footprint)) AS lat, b.id AS "buildingId", b.name AS "buildingName",
              b.compound_id AS "compoundId", cp.name AS "compoundName", g.id AS "gridId", g.name AS "gridName", cm.id AS "communityId",
              cm.name AS "communityName", st.id AS "streetId", st.name AS "streetName", st.parent_id AS "districtId"
       FROM ranked b JOIN areas g ON g.id = b.grid_id JOIN areas cm ON cm.id = g.parent_id JOIN areas st ON st.id = cm.parent_id
       LEFT JOIN compounds cp ON cp.id = b.compound_id
       WHERE b.n % 37 = 7 AND st.id = (SELECT area_id FROM accounts WHERE username = 'street')
         -- Other files post cases at the first buildings (and the fuzzer anywhere): a place with an open case
         -- nearby would make that case, not ours, the duplicate.
         AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.status IN ('received', 'dispatched', 'handling')
                         AND ST_DWithin(k.geom::geography, ST_PointOnSurface(b.footprint)::geography, 250))
       ORDER BY b.n LIMIT 6`,
    )
    places = rows
    for (const u of ['street', 'housing']) cookies[u] = await t.signIn(u, DEMO_PASSWORD)
    const elsewhere = (await t.db.pool.query(`SELECT id FROM areas WHERE level = 'street' AND id <> $1 ORDER BY code LIMIT 1`, [places[0].streetId])).rows[0].id
    const other = await ensureAccount(t.db.pool, { username: `wb-other-${target.name}`, role: 'street_operator', areaId: elsewhere })
    cookies.other = await t.signIn(other.username, other.password)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('shows a case with its place names, holder, duplicates and the history with actor names', async () => {
    const p = places[0]
    const a = await post(p)
    const b = await post(offsetMetres(p, 20, 0))
    const c = await post(offsetMetres(p, 0, 80), { category: 'water_supply' })
    const far = await post(offsetMetres(p, 0, 180), { category: 'water_supply' })
    expect(b.possibleDuplicateOf).toBe(a.id)

    const detail = await get(`/api/cases/${a.id}`)
    expect(detail.place).toEqual({ buildingName: p.buildingName, compoundName: p.compoundName, gridName: p.gridName, communityName: p.communityName, streetName: p.streetName })
    expect(detail.holder).toBeNull()
    const rel = Object.fromEntries(detail.duplicates.map((d: any) => [d.id, d]))
    expect(rel[b.id]).toMatchObject({ relation: 'repeated-by', title: b.title, category: 'elderly_care', categoryName: b.categoryName, status: 'received' })
    expect(rel[b.id].distanceM).toBeGreaterThan(15)
    expect(rel[b.id].distanceM).toBeLessThan(25)
    expect(rel[c.id]).toMatchObject({ relation: 'nearby' })
    expect(rel[far.id]).toBeUndefined()
    expect(rel[a.id]).toBeUndefined()
    expect((await get(`/api/cases/${b.id}`)).duplicates.find((d: any) => d.id === a.id)).toMatchObject({ relation: 'repeats' })

    // Dispatched to a community by the demo street operator: the holder is named, the actor too.
    const dispatched = await t.raw({ method: 'POST', url: `/api/cases/${a.id}/transitions`, headers: { cookie: cookies.street }, payload: { action: 'dispatch', level: 'community', to: p.communityId, note: '请社区处理' } })
    expect(dispatched.statusCode, dispatched.body).toBe(200)
    const after = dispatched.json()
    expect(after.holder).toEqual({ level: 'community', id: p.communityId, name: p.communityName })
    expect(after.events.map((e: any) => [e.type, e.actor, e.actorName])).toEqual([['created', 'test-admin', '测试管理员'], ['dispatched', 'street', '街道网格中心']])
    expect(after.events[1].payload).toEqual({ level: 'community', to: p.communityId, note: '请社区处理' })
    expect(after.events[0].payload.case.reporterName).toBe('李**')

    // To a department: its Chinese name; and that department sees only duplicates in its own reach.
    expect((await act(t.app, b.id, { action: 'dispatch', level: 'department', to: 'housing' })).json().holder).toEqual({ level: 'department', id: 'housing', name: DEPARTMENT_NAMES.housing })
    const seenByHousing = (await as('housing')(`/api/cases/${b.id}`)).json()
    expect(seenByHousing.duplicates).toEqual([])
    // A key without personal data: no payloads, no reporter, still the names.
    const seenByKiosk = (await kiosk(`/api/cases/${a.id}`)).json()
    expect(seenByKiosk.events.map((e: any) => e.payload)).toEqual([{}, {}])
    expect(seenByKiosk.reporter).toEqual({ name: null, phone: null })
    expect(seenByKiosk.place.communityName).toBe(p.communityName)
  })

  it('filters the list by building, priority, words (literally, % and _ included) and case number, and sorts on request', async () => {
    const p = places[1]
    const tk = uniqueId('词')
    const urgent = await post(p, { title: `${tk} 50%_漏水`, priority: 'urgent', deadlineHours: 48 })
    const low = await post(p, { title: `${tk} 50xy漏水`, priority: 'low', deadlineHours: 2 })
    const high = await post(p, { title: `${tk} 楼道`, priority: 'high', deadlineHours: 24, address: `${tk}-门牌` })
    const ids = (list: any) => list.items.map((c: any) => c.id)

    expect(ids(await get(`/api/cases?q=${encodeURIComponent(`${tk} 50%_`)}`))).toEqual([urgent.id])
    expect(ids(await get(`/api/cases?q=${encodeURIComponent(`${tk} 50`)}&sort=priority&order=desc`))).toEqual([urgent.id, low.id])
    expect(ids(await get(`/api/cases?q=${encodeURIComponent(tk)}&sort=deadline&order=asc`))).toEqual([low.id, high.id, urgent.id])
    expect(ids(await get(`/api/cases?q=${encodeURIComponent(tk)}&priority=high,urgent&sort=created&order=asc`))).toEqual([urgent.id, high.id])
    expect(ids(await get(`/api/cases?q=${high.id}`))).toEqual([high.id])
    // The address is searched for those who may see it; a wall display searches titles only.
    expect(ids(await get(`/api/cases?q=${encodeURIComponent(`${tk}-门牌`)}`))).toEqual([high.id])
    expect((await kiosk(`/api/cases?q=${encodeURIComponent(`${tk}-门牌`)}`)).json().items).toEqual([])
    const inBuilding = await get(`/api/cases?building=${p.buildingId}&limit=1000`)
    expect(inBuilding.items.every((c: any) => c.buildingId === p.buildingId)).toBe(true)
    expect(ids(inBuilding)).toEqual(expect.arrayContaining([urgent.id, low.id, high.id]))

    for (const bad of ['sort=title', 'sort=created;DROP TABLE cases', 'order=sideways', 'priority=critical', 'whistle=maybe', 'building=a%20b']) {
      const res = await t.app.inject(`/api/cases?${bad}`)
      expect(res.statusCode, bad).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION', message: expect.any(String) })
    }
    // The export takes the same filters.
    const csv = await t.app.inject(`/api/cases/export.csv?q=${encodeURIComponent(tk)}&priority=urgent`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body.split('\n').filter((l) => l.includes(tk)).length).toBe(1)
  })

  it('counts the queue tabs in scope and filters whistles pending and any', async () => {
    const p = places[2]
    const queue = () => get(`/api/cases/queue?area=${p.gridId}`)
    const before = await queue()
    const received = await post(p)
    const dispatched = await post(offsetMetres(p, 3, 0), { category: 'water_supply' })
    await act(t.app, dispatched.id, { action: 'dispatch', level: 'grid', to: p.gridId })
    const whistled = await post(offsetMetres(p, 0, 3), { category: 'property_service', deadlineHours: 0.0003 })
    await act(t.app, whistled.id, { action: 'dispatch', level: 'community', to: p.communityId })
    await act(t.app, whistled.id, { action: 'start' })
    await act(t.app, whistled.id, { action: 'escalate', department: 'water', reportWithinHours: 2 })
    await until(async () => (await get(`/api/cases/${whistled.id}`)).overdue, 'the short deadline to pass')
    const now = await queue()
    const delta = (k: string) => now[k] - before[k]
    expect(delta('received')).toBeGreaterThanOrEqual(1)
    expect(delta('dispatched')).toBeGreaterThanOrEqual(1)
    expect(delta('handling')).toBeGreaterThanOrEqual(1)
    expect(delta('whistled')).toBeGreaterThanOrEqual(1)
    expect(delta('overdue')).toBeGreaterThanOrEqual(1)
    expect(delta('open')).toBeGreaterThanOrEqual(3)
    expect(now.open).toBe(now.received + now.dispatched + now.handling)
    expect(Object.keys(now).sort()).toEqual(['dispatched', 'handling', 'open', 'overdue', 'received', 'resolved', 'whistled'])

    const pending = await get(`/api/cases?whistle=pending&area=${p.gridId}&limit=1000`)
    expect(pending.items.map((c: any) => c.id)).toContain(whistled.id)
    expect(pending.items.map((c: any) => c.id)).not.toContain(received.id)
    await act(t.app, whistled.id, { action: 'report' })
    expect((await get(`/api/cases?whistle=pending&area=${p.gridId}&limit=1000`)).items.map((c: any) => c.id)).not.toContain(whistled.id)
    expect((await get(`/api/cases?whistle=any&area=${p.gridId}&limit=1000`)).items.map((c: any) => c.id)).toContain(whistled.id)

    // Another street's operator may not count this grid, and counts none of it in their own.
    expect((await as('other')(`/api/cases/queue?area=${p.gridId}`)).statusCode).toBe(403)
    expect((await as('other')('/api/cases/queue')).statusCode).toBe(200)
  })

  it('lists open cases near a point, nearest first, in scope, flagging likely duplicates; takes GCJ-02', async () => {
    const p = places[3]
    const here = await post(offsetMetres(p, 2, 0))
    const sameNear = await post(offsetMetres(p, 30, 0))
    const otherKind = await post(offsetMetres(p, 0, -60), { category: 'water_supply' })
    const outOfReach = await post(offsetMetres(p, 0, 160))
    const closed = await post(offsetMetres(p, -10, 0))
    await act(t.app, closed.id, { action: 'dispatch', level: 'grid', to: p.gridId })
    await act(t.app, closed.id, { action: 'start' })
    await act(t.app, closed.id, { action: 'resolve', level: 'building' })

    const res = await get(`/api/cases/nearby?lng=${p.lng}&lat=${p.lat}&category=elderly_care`)
    const mine = res.items.filter((c: any) => [here.id, sameNear.id, otherKind.id, outOfReach.id, closed.id].includes(c.id))
    expect(mine.map((c: any) => c.id)).toEqual([here.id, sameNear.id, otherKind.id])
    expect(mine.map((c: any) => c.likelyDuplicate)).toEqual([true, true, false])
    const distances = res.items.map((c: any) => c.distanceM)
    expect(distances).toEqual([...distances].sort((x: number, y: number) => x - y))
    expect(res.items.length).toBeLessThanOrEqual(10)
    expect(mine[0].reporter.name).toBe('李**')

    const [glng, glat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02)
    const viaGcj = await get(`/api/cases/nearby?lng=${glng}&lat=${glat}&crs=gcj02`)
    expect(viaGcj.items[0].id).toBe(res.items[0].id)
    expect(viaGcj.items.find((c: any) => c.id === sameNear.id).likelyDuplicate).toBe(false) // no category given

    const fromOther = (await as('other')(`/api/cases/nearby?lng=${p.lng}&lat=${p.lat}`)).json()
    expect(fromOther.items.every((c: any) => c.streetId !== p.streetId)).toBe(true)
    expect((await kiosk(`/api/cases/nearby?lng=${p.lng}&lat=${p.lat}`)).json().items.every((c: any) => c.reporter.name === null && c.address === null)).toBe(true)
    expect((await t.app.inject('/api/cases/nearby?lng=200&lat=30')).statusCode).toBe(400)
    expect((await t.app.inject('/api/cases/nearby?lat=30')).statusCode).toBe(400)
  })

  it('finds buildings, compounds, stations and areas by name, the whole name first, then prefixes, then the rest', async () => {
    const search = (q: string, limit?: number) => get(`/api/places/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`)
    const p = places[0]
    const exact = await search(p.communityName)
    expect(exact.items[0]).toMatchObject({ kind: 'area', id: p.communityId, name: p.communityName, context: p.streetName })
    // "<community>第1网格" starts with the community's name: prefixes follow the exact hit.
    expect(exact.items.slice(1).every((h: any) => h.name.includes(p.communityName))).toBe(true)
    const ranks = exact.items.map((h: any) => (h.name === p.communityName ? 0 : h.name.startsWith(p.communityName) ? 1 : 2))
    expect(ranks).toEqual([...ranks].sort())

    const building = (await search(p.buildingName, 30)).items.find((h: any) => h.id === p.buildingId)
    expect(building).toMatchObject({ kind: 'building', name: p.buildingName, context: `${p.communityName} · ${p.gridName}` })
    const inside = await t.db.pool.query('SELECT ST_Intersects(footprint, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside FROM buildings WHERE id = $1', [p.buildingId, building.lng, building.lat])
    expect(inside.rows[0].inside).toBe(true)

    const station = (await t.db.pool.query(`SELECT id, name FROM stations ORDER BY id LIMIT 1`)).rows[0]
    // A centre's building may share its name: both are exact hits, before any longer name.
    const byName = (await search(station.name)).items
    const exactHits = byName.filter((h: any) => h.name === station.name)
    expect(byName.slice(0, exactHits.length)).toEqual(exactHits)
    expect(exactHits).toContainEqual(expect.objectContaining({ kind: 'station', id: station.id }))
    if (p.compoundName) expect((await search(p.compoundName)).items.some((h: any) => h.kind === 'compound' && h.name === p.compoundName)).toBe(true)

    // Substrings anywhere; % and _ are literal; at most `limit`, at most 30.
    const middle = p.buildingName.slice(1, 3)
    expect((await search(middle, 30)).items.every((h: any) => h.name.includes(middle))).toBe(true)
    expect((await search('%')).items).toEqual([])
    expect((await search('_')).items).toEqual([])
    expect((await search('街道', 3)).items.length).toBe(3)
    for (const bad of ['q=', 'q=%20', 'q=a&limit=31', 'limit=5']) expect((await t.app.inject(`/api/places/search?${bad}`)).statusCode, bad).toBe(400)
    expect((await t.raw({ method: 'GET', url: '/api/places/search?q=街道' })).statusCode).toBe(401)
  })
})
