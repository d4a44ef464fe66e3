import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, type Database } from '../../server/db/connect.ts'
import { ensureDemoHistory, loadHistory, type HistoryLoadResult } from '../../server/db/seed-history.ts'
import { foldEvents } from '../../server/domain/cases/lifecycle.ts'
import type { CaseEvent } from '../../server/domain/cases/types.ts'
import { toCaseView } from '../../server/domain/cases/view.ts'
import { caseDaysWithData, caseStats } from '../../server/plugins/cases/stats.ts'
import { rowToState, STATE_SELECT } from '../../server/plugins/cases/state-sql.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'

// The history ends on a March afternoon of 2017 (the OGC test writes cases in June 2019), a window no other test writes to; and it is never
// committed: the test database is shared by files running in parallel.
const END = Date.parse('2017-03-15T15:00:00+08:00')
const FROM = '2017-03-07T00:00:00+08:00'
const SEED = 4242

describe.each(testDatabases())('demo history on the $name database', (target) => {
  let db: Database
  let loaded: HistoryLoadResult
  let states: ReturnType<typeof rowToState>[]
  let events: { id: number; case_id: number; type: string; at: Date; actor: string; payload: Record<string, unknown>; view: unknown }[]
  let whistleRows: { case_id: string; department: string; escalated_at: Date; report_by: Date; reported_at: Date | null }[]
  let plantCount: number
  let stats: Awaited<ReturnType<typeof caseStats>>
  let direct: { today: number; sameDayLastWeek: number; week: number; lastWeek: number }
  let days: Awaited<ReturnType<typeof caseDaysWithData>>
  let leftAfter: number

  // Everything is read inside one short transaction, rolled back at once: on the embedded database an open
  // transaction holds up every other connection, and nothing may be committed to the shared database.
  beforeAll(async () => {
    db = await connectDatabase({ url: target.url, mode: target.mode, poolSize: 2 })
    const client = await db.pool.connect()
    try {
      await client.query('BEGIN')
      loaded = await loadHistory(client, { seed: SEED, days: 8, perDay: 30, now: END })
      const [lo, hi] = loaded.caseIds!
      states = (await client.query(`SELECT ${STATE_SELECT} FROM cases c WHERE c.id BETWEEN $1 AND $2 AND c.external_id LIKE $3 ORDER BY c.id`, [lo, hi, `hist-${SEED}-%`])).rows.map(rowToState)
      events = (await client.query('SELECT id, case_id, type, at, actor, payload, view FROM case_events WHERE case_id BETWEEN $1 AND $2 ORDER BY id', [lo, hi])).rows
      whistleRows = (await client.query('SELECT case_id, department, escalated_at, report_by, reported_at FROM case_escalations WHERE case_id BETWEEN $1 AND $2 ORDER BY case_id', [lo, hi])).rows
      plantCount = (await client.query(`SELECT count(*)::int AS n FROM planted_hotspots WHERE origin = 'history' AND starts_at >= $1 AND starts_at < $2`, [FROM, new Date(END)])).rows[0].n
      stats = await caseStats(client, null, { from: FROM, to: new Date(END).toISOString() }, new Date(END))
      const count = async (from: string, to: string) =>
        (await client.query('SELECT count(*)::int AS n FROM cases WHERE created_at >= $1 AND created_at < $2', [from, to])).rows[0].n as number
      // END is a Wednesday, 15:00 in China.
      direct = {
        today: await count('2017-03-15T00:00:00+08:00', '2017-03-15T15:00:00+08:00'),
        sameDayLastWeek: await count('2017-03-08T00:00:00+08:00', '2017-03-08T15:00:00+08:00'),
        week: await count('2017-03-13T00:00:00+08:00', '2017-03-15T15:00:00+08:00'),
        lastWeek: await count('2017-03-06T00:00:00+08:00', '2017-03-08T15:00:00+08:00'),
      }
      days = await caseDaysWithData(client, null, 14, new Date(END))
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
    leftAfter = (await db.pool.query('SELECT count(*)::int AS n FROM cases WHERE external_id LIKE $1', [`hist-${SEED}-%`])).rows[0].n
  })
  afterAll(async () => {
    await db?.close()
  })

  it('writes every case with a log that folds to the stored row, each event with its view as of then', () => {
    // 8 whole days and 15 hours at about 30 a day, plus planted hotspots.
    expect(loaded.cases).toBeGreaterThan(200)
    expect(states).toHaveLength(loaded.cases)
    expect(events).toHaveLength(loaded.events)
    const byCase = new Map<number, typeof events>()
    for (const e of events) byCase.set(Number(e.case_id), [...(byCase.get(Number(e.case_id)) ?? []), e])
    for (const s of states) {
      const log = byCase.get(s.id)!
      expect(log[0].type).toBe('created')
      const folded = foldEvents(log.map((e): CaseEvent => ({ type: e.type as CaseEvent['type'], at: e.at.toISOString(), actor: e.actor, payload: e.payload })))
      expect(folded).toEqual(s)
      expect(log.at(-1)!.view).toEqual(toCaseView(s, log.at(-1)!.at.toISOString()))
    }
    expect(leftAfter).toBe(0)
  })

  it('numbers events in time order across cases, and cuts the loop at the end: old cases closed, recent ones open', () => {
    for (let i = 1; i < events.length; i++) expect(events[i].at.getTime()).toBeGreaterThanOrEqual(events[i - 1].at.getTime())
    expect(Math.max(...events.map((e) => e.at.getTime()))).toBeLessThan(END)
    const old = states.filter((s) => Date.parse(s.createdAt) < END - 5 * 86_400_000)
    expect(old.filter((s) => s.status === 'closed').length / old.length).toBeGreaterThan(0.9)
    expect(states.filter((s) => Date.parse(s.createdAt) > END - 3_600_000).every((s) => s.status !== 'closed')).toBe(true)
    expect(states.every((s) => s.gridId !== null || s.dispatchedTo?.level !== 'grid')).toBe(true)
  })

  it('records each whistle in case_escalations as the transitions do', () => {
    expect(whistleRows).toHaveLength(loaded.escalations)
    expect(whistleRows).toHaveLength(events.filter((e) => e.type === 'escalated').length)
    for (const s of states.filter((x) => x.escalation)) {
      const row = whistleRows.find((r) => Number(r.case_id) === s.id)!
      expect(row.department).toBe(s.escalation!.department)
      expect(row.escalated_at.toISOString()).toBe(s.escalation!.escalatedAt)
      expect(row.reported_at?.toISOString() ?? null).toBe(s.escalation!.reportedAt)
    }
  })

  it('gives sane KPIs over the history and records its planted hotspots', () => {
    expect(stats.counts.window).toBe(loaded.cases)
    expect(stats.resolvedRate).toBeGreaterThan(0.6)
    expect(stats.resolvedRate).toBeLessThan(1)
    expect(stats.overdueRate).toBeLessThan(0.3)
    expect(stats.satisfaction.average).toBeGreaterThan(3.5)
    expect(plantCount).toBe(loaded.plants)
  })

  it('compares today and this week with last week as a direct count does', () => {
    const change = (a: number, b: number) => Math.round(((a - b) / b) * 1e4) / 1e4
    expect(direct.sameDayLastWeek).toBeGreaterThan(5)
    expect(stats.counts.today).toBe(direct.today)
    expect(stats.trend.today).toEqual({ now: direct.today, before: direct.sameDayLastWeek, change: change(direct.today, direct.sameDayLastWeek) })
    expect(stats.trend.week).toEqual({ now: direct.week, before: direct.lastWeek, change: change(direct.week, direct.lastWeek) })
  })

  it('lists exactly the days that have cases, newest first, with their counts', () => {
    const perDay = new Map<string, number>()
    for (const s of states) {
      const day = new Date(Date.parse(s.createdAt) + 8 * 3_600_000).toISOString().slice(0, 10)
      perDay.set(day, (perDay.get(day) ?? 0) + 1)
    }
    const expected = [...perDay].sort((a, b) => b[0].localeCompare(a[0])).map(([day, count]) => ({ start: new Date(`${day}T00:00:00+08:00`).toISOString(), count }))
    // 14 days back reaches before the history (from March 7): those days are not offered.
    expect(days.from).toBe(new Date('2017-03-02T00:00:00+08:00').toISOString())
    expect(days.days).toEqual(expected)
    expect(days.days).toHaveLength(9)
  })

  it('loads nothing when history is turned off', async () => {
    expect(await ensureDemoHistory(db.pool, { seed: SEED, days: 0, perDay: 60 })).toBe('skipped')
  })
})

describe.each(testDatabases())('GET /api/cases/days on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('offers the days with cases, newest first, counted as a direct count does', async () => {
    expect((await t.raw({ method: 'GET', url: '/api/cases/days' })).statusCode).toBe(401)
    // Other files write cases now, so the test writes one too: today has data whatever runs first.
    const posted = await t.app.inject({ method: 'POST', url: '/api/cases', payload: { source: 'patrol', category: 'sanitation', title: '回放日期测试', location: await somewhere(t) } })
    expect(posted.statusCode).toBe(201)
    const res = await t.app.inject('/api/cases/days?days=31')
    expect(res.statusCode).toBe(200)
    const body = res.json() as { asOf: string; from: string; days: { start: string; count: number }[] }
    const todayStart = new Date(Math.floor((Date.parse(body.asOf) + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000)
    expect(body.from).toBe(new Date(todayStart.getTime() - 30 * 86_400_000).toISOString())
    expect(body.days[0].start).toBe(todayStart.toISOString())
    const starts = body.days.map((d) => Date.parse(d.start))
    expect([...starts].sort((a, b) => b - a)).toEqual(starts)
    for (const d of body.days.slice(1)) {
      // Earlier days are settled (intake writes only now), so a count made after the request agrees.
      const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM cases WHERE created_at >= $1 AND created_at < $2', [d.start, new Date(Date.parse(d.start) + 86_400_000)])
      expect(d.count).toBe(rows[0].n)
      expect(d.count).toBeGreaterThan(0)
    }
  })

  it('refuses a bad number of days and an unknown area', async () => {
    expect((await t.app.inject('/api/cases/days?days=0')).statusCode).toBe(400)
    expect((await t.app.inject('/api/cases/days?area=nowhere')).statusCode).toBe(404)
  })
})

async function somewhere(t: TestApp): Promise<{ lng: number; lat: number }> {
  const { rows } = await t.db.pool.query('SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM buildings, ST_PointOnSurface(footprint) p ORDER BY id LIMIT 1')
  return rows[0]
}
