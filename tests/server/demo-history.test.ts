import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { connectDatabase, type Database } from '../../server/db/connect.ts'
import { ensureDemoHistory, loadHistory, type HistoryLoadResult } from '../../server/db/seed-history.ts'
import { foldEvents } from '../../server/domain/cases/lifecycle.ts'
import type { CaseEvent } from '../../server/domain/cases/types.ts'
import { toCaseView } from '../../server/domain/cases/view.ts'
import { caseStats } from '../../server/plugins/cases/stats.ts'
import { rowToState, STATE_SELECT } from '../../server/plugins/cases/state-sql.ts'
import { testDatabases } from '../helpers/databases.ts'

// The history ends on a June afternoon of 2019, a window no other test writes to; and it is never
// committed: the test database is shared by files running in parallel.
const END = Date.parse('2019-06-12T15:00:00+08:00')
const FROM = '2019-06-09T00:00:00+08:00'
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
    loaded = await loadHistory(client, { seed: SEED, days: 3, perDay: 60, now: END })
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
    // 3 whole days and 15 hours at about 60 a day, plus planted hotspots.
    expect(loaded.cases).toBeGreaterThan(150)
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

  it('loads nothing when history is turned off', async () => {
    expect(await ensureDemoHistory(db.pool, { seed: SEED, days: 0, perDay: 60 })).toBe('skipped')
  })
})
