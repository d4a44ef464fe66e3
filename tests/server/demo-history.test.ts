import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { connectDatabase, type Database } from '../../server/db/connect.ts'
import { ensureDemoHistory, loadHistory, type HistoryLoadResult } from '../../server/db/seed-history.ts'
import { foldEvents } from '../../server/domain/cases/lifecycle.ts'
import type { CaseEvent } from '../../server/domain/cases/types.ts'
import { toCaseView } from '../../server/domain/cases/view.ts'
import { caseDaysWithData, caseStats } from '../../server/plugins/cases/stats.ts'
import { rowToState, STATE_SELECT } from '../../server/plugins/cases/state-sql.ts'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'

// The history ends on a June afternoon of 2019, a window no other test writes to; and it is never
// committed: the test database is shared by files running in parallel.
const END = Date.parse('2019-06-12T15:00:00+08:00')
const FROM = '2019-06-02T00:00:00+08:00'
const SEED = 4242

describe.each(testDatabases())('demo history on the $name database', (target) => {
  let db: Database
  let client: pg.PoolClient
  let loaded: HistoryLoadResult
  let states: ReturnType<typeof rowToState>[]
  let events: { id: number; case_id: number; type: string; at: Date; actor: string; payload: Record<string, unknown>; view: unknown }[]

  beforeAll(async () => {
    db = await connectDatabase({ url: target.url, mode: target.mode, poolSize: 2 })
    client = await db.pool.connect()
    await client.query('BEGIN')
    loaded = await loadHistory(client, { seed: SEED, days: 10, perDay: 40, now: END })
    const [lo, hi] = loaded.caseIds!
    states = (await client.query(`SELECT ${STATE_SELECT} FROM cases c WHERE c.id BETWEEN $1 AND $2 AND c.external_id LIKE $3 ORDER BY c.id`, [lo, hi, `hist-${SEED}-%`])).rows.map(rowToState)
    events = (await client.query('SELECT id, case_id, type, at, actor, payload, view FROM case_events WHERE case_id BETWEEN $1 AND $2 ORDER BY id', [lo, hi])).rows
  })
  afterAll(async () => {
    await client?.query('ROLLBACK')
    client?.release()
    await db?.close()
  })

  it('writes every case with a log that folds to the stored row, each event with its view as of then', () => {
    // 10 whole days and 15 hours at about 40 a day, plus planted hotspots.
    expect(loaded.cases).toBeGreaterThan(350)
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
  })

  it('numbers events in time order across cases, and cuts the loop at the end: old cases closed, recent ones open', () => {
    for (let i = 1; i < events.length; i++) expect(events[i].at.getTime()).toBeGreaterThanOrEqual(events[i - 1].at.getTime())
    expect(Math.max(...events.map((e) => e.at.getTime()))).toBeLessThan(END)
    const old = states.filter((s) => Date.parse(s.createdAt) < END - 2.5 * 86_400_000)
    expect(old.filter((s) => s.status === 'closed').length / old.length).toBeGreaterThan(0.9)
    expect(states.filter((s) => Date.parse(s.createdAt) > END - 3_600_000).every((s) => s.status !== 'closed')).toBe(true)
    expect(states.every((s) => s.gridId !== null || s.dispatchedTo?.level !== 'grid')).toBe(true)
  })

  it('records each whistle in case_escalations as the transitions do', async () => {
    const { rows } = await client.query('SELECT case_id, department, escalated_at, report_by, reported_at FROM case_escalations WHERE case_id = ANY($1::bigint[]) ORDER BY case_id', [states.map((s) => s.id)])
    const whistled = states.filter((s) => s.escalation)
    expect(rows).toHaveLength(loaded.escalations)
    expect(rows).toHaveLength(events.filter((e) => e.type === 'escalated').length)
    for (const s of whistled) {
      const row = rows.find((r) => Number(r.case_id) === s.id)!
      expect(row.department).toBe(s.escalation!.department)
      expect(row.escalated_at.toISOString()).toBe(s.escalation!.escalatedAt)
      expect(row.reported_at?.toISOString() ?? null).toBe(s.escalation!.reportedAt)
    }
  })

  it('gives sane KPIs over the history and records its planted hotspots', async () => {
    const stats = await caseStats(client, null, { from: FROM, to: new Date(END).toISOString() }, new Date(END))
    expect(stats.counts.window).toBe(loaded.cases)
    expect(stats.counts.today).toBe(states.filter((s) => s.createdAt >= '2019-06-11T16:00:00.000Z').length)
    expect(stats.resolvedRate).toBeGreaterThan(0.6)
    expect(stats.resolvedRate).toBeLessThan(1)
    expect(stats.overdueRate).toBeLessThan(0.3)
    expect(stats.satisfaction.average).toBeGreaterThan(3.5)
    const { rows } = await client.query(`SELECT count(*)::int AS n, sum(cases)::int AS cases FROM planted_hotspots WHERE origin = 'history' AND starts_at >= $1 AND starts_at < $2`, [FROM, new Date(END)])
    expect(rows[0].n).toBe(loaded.plants)
  })

  it('compares today and this week with last week as a direct count does', async () => {
    const count = async (from: string, to: string) =>
      (await client.query('SELECT count(*)::int AS n FROM cases WHERE created_at >= $1 AND created_at < $2', [from, to])).rows[0].n as number
    // END is a Wednesday, 15:00 in China.
    const today = await count('2019-06-12T00:00:00+08:00', '2019-06-12T15:00:00+08:00')
    const sameDayLastWeek = await count('2019-06-05T00:00:00+08:00', '2019-06-05T15:00:00+08:00')
    const week = await count('2019-06-10T00:00:00+08:00', '2019-06-12T15:00:00+08:00')
    const lastWeek = await count('2019-06-03T00:00:00+08:00', '2019-06-05T15:00:00+08:00')
    const stats = await caseStats(client, null, { from: FROM, to: new Date(END).toISOString() }, new Date(END))
    expect(sameDayLastWeek).toBeGreaterThan(10)
    expect(stats.trend.today).toEqual({ now: today, before: sameDayLastWeek, change: Math.round(((today - sameDayLastWeek) / sameDayLastWeek) * 1e4) / 1e4 })
    expect(stats.trend.week).toEqual({ now: week, before: lastWeek, change: Math.round(((week - lastWeek) / lastWeek) * 1e4) / 1e4 })
    expect(stats.counts.today).toBe(today)
  })

  it('lists exactly the days that have cases, newest first, with their counts', async () => {
    const got = await caseDaysWithData(client, null, 14, new Date(END))
    const perDay = new Map<string, number>()
    for (const s of states) {
      const day = new Date(Date.parse(s.createdAt) + 8 * 3_600_000).toISOString().slice(0, 10)
      perDay.set(day, (perDay.get(day) ?? 0) + 1)
    }
    const expected = [...perDay].sort((a, b) => b[0].localeCompare(a[0])).map(([day, count]) => ({ start: new Date(`${day}T00:00:00+08:00`).toISOString(), count }))
    // 14 days back reaches before the history: those days are not offered.
    expect(got.from).toBe(new Date('2019-05-30T00:00:00+08:00').toISOString())
    expect(got.days).toEqual(expected)
    expect(got.days).toHaveLength(11)
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
