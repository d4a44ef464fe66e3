import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN } from '../helpers/auth.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { act, drive, intakeBody, postCase } from '../fixtures/cases/api.ts'
import { foldEvents } from '../../server/domain/cases/lifecycle.ts'
import { startOfDayCst } from '../../server/domain/cases/time-window.ts'
import { rowToState, STATE_SELECT } from '../../server/plugins/cases/state-sql.ts'

import { ACTIONS, LEGAL, NEXT, PATH, STATUSES, type ActionName, type Status } from '../fixtures/cases/loop-spec.ts'

describe.each(testDatabases())('the closed loop over HTTP on the $name database', (target) => {
  let t: TestApp
  let places: Place[]
  let body: Record<ActionName, Record<string, unknown>>
  beforeAll(async () => {
    t = await openTestApp(target)
    places = await buildingPlaces(t.db.pool, 4, 20)
    body = {
      dispatch: { action: 'dispatch', level: 'community', to: places[0].communityId },
      start: { action: 'start', note: '网格员已到场' },
      resolve: { action: 'resolve', level: 'compound', note: '更换阀门' },
      evaluate: { action: 'evaluate', satisfaction: 5, comment: '很快' },
      close: { action: 'close' },
      reopen: { action: 'reopen', reason: '又漏水了' },
      escalate: { action: 'escalate', department: 'water', fromLevel: 'community', reportWithinHours: 4 },
      report: { action: 'report', note: '水务局已到场' },
    }
  })
  afterAll(async () => {
    await t?.close()
  })

  /** A new case at one of this file's places, driven to `status`. */
  async function caseAt(status: Status, i = 0) {
    const p = places[i % places.length]
    const created = await postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'property_service' }))
    expect(created.statusCode).toBe(201)
    const id = created.json().id as number
    await drive(t.app, id, PATH[status].map((a) => body[a]))
    return id
  }
  const eventCount = async (id: number) =>
    (await t.db.pool.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [id])).rows[0].n as number

  for (const status of STATUSES) {
    it(`from ${status}: allows ${LEGAL[status].join(', ') || 'nothing'} and refuses every other action with a 409`, async () => {
      const refused = await caseAt(status)
      const before = await eventCount(refused)
      for (const action of ACTIONS.filter((a) => !LEGAL[status].includes(a))) {
        const res = await act(t.app, refused, body[action])
        expect(res.statusCode, `${action} on ${status}`).toBe(409)
        const err = res.json()
        expect(err.code).toBe('ILLEGAL_TRANSITION')
        expect(err.details).toEqual({ status, allowed: LEGAL[status] })
        expect(err.message).toContain(LEGAL[status].length ? `allowed actions: ${LEGAL[status].join(', ')}` : 'no further actions')
      }
      expect(await eventCount(refused)).toBe(before)
      expect((await t.app.inject(`/api/cases/${refused}`)).json().status).toBe(status)

      for (const action of LEGAL[status]) {
        const id = await caseAt(status, 1)
        const res = await act(t.app, id, body[action])
        expect(res.statusCode, `${action} on ${status}: ${res.body}`).toBe(200)
        const c = res.json()
        expect(c.status).toBe(NEXT[action] ?? status)
        const detail = (await t.app.inject(`/api/cases/${id}`)).json()
        // The signed-in account acts (tests/helpers/databases.ts signs in as the test administrator).
        expect(detail.events.at(-1).actor).toBe(TEST_ADMIN.username)
        expect(detail.events.map((e: any) => e.id)).toEqual([...detail.events.map((e: any) => e.id)].sort((a, b) => a - b))
      }
    })
  }

  it('records dispatch target, resolution level, rating, and a reopen back to handling', async () => {
    const id = await caseAt('received', 2)
    const dispatched = (await act(t.app, id, body.dispatch)).json()
    expect(dispatched.dispatchedTo).toEqual({ level: 'community', id: places[0].communityId })
    await drive(t.app, id, [body.start, body.resolve])
    const evaluated = (await act(t.app, id, body.evaluate)).json()
    expect(evaluated).toMatchObject({ status: 'evaluated', resolvedLevel: 'compound', satisfaction: 5, allowedActions: ['close', 'reopen'] })
    const reopened = (await act(t.app, id, body.reopen)).json()
    expect(reopened).toMatchObject({ status: 'handling', reopenCount: 1, satisfaction: null, resolvedLevel: null })
    const again = await drive(t.app, id, [{ action: 'resolve', level: 'street' }, { action: 'evaluate', satisfaction: 2 }, body.close])
    expect(again).toMatchObject({ status: 'closed', resolvedLevel: 'street', satisfaction: 2, allowedActions: [] })
  })

  it('whistles to a department, which reports; one open whistle at a time; report rates per department', async () => {
    const id = await caseAt('dispatched', 3)
    const whistled = (await act(t.app, id, body.escalate)).json()
    expect(whistled.escalation).toMatchObject({ department: 'water', fromLevel: 'community', fromAreaId: places[3].communityId, reportedAt: null })
    expect(Date.parse(whistled.escalation.reportBy) - Date.parse(whistled.escalation.escalatedAt)).toBe(4 * 3_600_000)
    expect(whistled.allowedActions).toEqual(['dispatch', 'start', 'report'])
    const twice = await act(t.app, id, body.escalate)
    expect(twice.statusCode).toBe(409)
    const reported = (await act(t.app, id, body.report)).json()
    expect(reported.escalation.reportedAt).not.toBeNull()
    expect((await act(t.app, id, body.report)).statusCode).toBe(409)
    const row = (await t.db.pool.query('SELECT department, reported_at IS NOT NULL AS reported FROM case_escalations WHERE case_id = $1', [id])).rows
    expect(row).toEqual([{ department: 'water', reported: true }])

    const stats = (await t.app.inject(`/api/cases/stats?area=${places[3].communityId}&window=1h`)).json()
    const water = stats.departments.find((d: any) => d.department === 'water')
    expect(water).toMatchObject({ escalated: 1, reported: 1, reportRate: 1, onTimeRate: 1, name: '区水务局' })
    // Reported the moment after the whistle: well under a minute (0.0x h after rounding).
    expect(water.avgReportHours).toBeGreaterThanOrEqual(0)
    expect(water.avgReportHours).toBeLessThan(0.02)
  })

  it('counts today, this week and the window for an area at every level', async () => {
    const p = places[1]
    const levels = [p.gridId, p.communityId, p.streetId, p.districtId] as string[]
    const stats = (area: string) => t.app.inject(`/api/cases/stats?area=${area}&window=1h`).then((r) => r.json())
    const before = await Promise.all(levels.map(stats))
    for (let i = 0; i < 3; i++) await postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'noise' }))
    const after = await Promise.all(levels.map(stats))
    levels.forEach((area, i) => {
      // Other tests may write at the same time, so at least our three.
      expect(after[i].area.id).toBe(area)
      for (const k of ['today', 'week', 'window', 'open'] as const) expect(after[i].counts[k] - before[i].counts[k]).toBeGreaterThanOrEqual(3)
      expect(after[i].split721.enforcement.count - before[i].split721.enforcement.count).toBeGreaterThanOrEqual(3)
    })
    const community = after[1]
    expect(community.children.map((c: any) => c.level).every((l: string) => l === 'grid')).toBe(true)
    expect(community.children.find((c: any) => c.id === p.gridId).counts.window).toBeGreaterThanOrEqual(3)
    expect(after[0].children).toEqual([])
  })

  it("gives today's cases per hour from the same read as today's count, adding up to it", async () => {
    const p = places[2]
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'noise' }))).json().id)
    // One of them moved to the first minute of today (China time): it belongs in hour 0.
    const dayStart = startOfDayCst(new Date())
    await t.db.pool.query('UPDATE cases SET created_at = $2 WHERE id = $1', [ids[0], dayStart.toISOString()])
    const hourOf = (iso: string) => Math.floor((Date.parse(iso) - dayStart.getTime()) / 3_600_000)
    const { rows } = await t.db.pool.query('SELECT created_at FROM cases WHERE id = ANY($1::int[])', [ids])
    const mine = new Array<number>(24).fill(0)
    for (const r of rows) mine[hourOf(new Date(r.created_at).toISOString())]!++
    expect(mine[0]).toBeGreaterThanOrEqual(1)
    for (const area of [p.gridId, p.communityId, p.streetId, p.districtId, null]) {
      const res = await t.app.inject(`/api/cases/stats${area ? `?area=${area}` : ''}`)
      expect(res.statusCode).toBe(200)
      const s = res.json()
      expect(s.hourly).toHaveLength(24)
      expect(s.hourly.reduce((a: number, n: number) => a + n, 0), String(area)).toBe(s.counts.today)
      // Each of our cases is counted in its own hour, and no hour after the moment of the answer has any.
      mine.forEach((n, h) => expect(s.hourly[h], `hour ${h} of ${area}`).toBeGreaterThanOrEqual(n))
      expect(s.hourly.slice(hourOf(s.asOf) + 1).every((n: number) => n === 0)).toBe(true)
      expect(Date.parse(s.asOf)).toBeLessThanOrEqual(Date.now())
    }
  })

  it('validates transition bodies: 400 naming what is missing, 404 for unknown cases', async () => {
    const id = await caseAt('handling', 0)
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ action: 'resolve' }, /resolve needs body\/level/],
      [{ action: 'resolve', level: 'grid' }, /resolve level must be one of/],
      [{ action: 'evaluate' }, /satisfaction/],
      [{ action: 'evaluate', satisfaction: 6 }, /satisfaction.*5/],
      [{ action: 'dispatch', level: 'community' }, /dispatch needs body\/to/],
      [{ action: 'dispatch', level: 'community', to: 'NOPE' }, /no community with id 'NOPE'/],
      [{ action: 'dispatch', level: 'department', to: 'nasa' }, /no department 'nasa'/],
      [{ action: 'escalate' }, /department/],
      [{ action: 'fly' }, /action/],
      [{}, /action/],
    ]
    for (const [b, message] of bad) {
      const res = await act(t.app, id, b)
      expect(res.statusCode, JSON.stringify(b)).toBe(400)
      expect(res.json().message).toMatch(message)
    }
    expect(await eventCount(id)).toBe(3)
    expect((await act(t.app, 999_999_999, body.start)).statusCode).toBe(404)
  })

  it('keeps the log append-only and the current state derivable from it', async () => {
    const id = await caseAt('closed', 1)
    await expect(t.db.pool.query('UPDATE case_events SET actor = $1 WHERE case_id = $2', ['forger', id])).rejects.toThrow(/append-only/)
    await expect(t.db.pool.query('DELETE FROM case_events WHERE case_id = $1', [id])).rejects.toThrow(/append-only/)
    const events = (await t.db.pool.query('SELECT type, at, actor, payload FROM case_events WHERE case_id = $1 ORDER BY id', [id])).rows
    const folded = foldEvents(events.map((e) => ({ ...e, at: e.at.toISOString() })))
    const row = (await t.db.pool.query(`SELECT ${STATE_SELECT} FROM cases c WHERE c.id = $1`, [id])).rows[0]
    expect(folded).toEqual(rowToState(row))
  })

  it('applies concurrent actions on one case one after the other, never both from the same state', async () => {
    const id = await caseAt('handling', 2)
    const results = await Promise.all([act(t.app, id, body.resolve), act(t.app, id, body.resolve), act(t.app, id, body.resolve)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409])
    const detail = (await t.app.inject(`/api/cases/${id}`)).json()
    expect(detail.events.filter((e: any) => e.type === 'resolved')).toHaveLength(1)
  })
})
