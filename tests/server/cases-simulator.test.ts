import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { until } from '../helpers/until.ts'
import { arrivalRate, drawReport, HOURLY, planLifecycle, weekdayFactor } from '../../server/simulator/model.ts'
import { Rng } from '../../server/simulator/rng.ts'
import { startSimulation } from '../../server/simulator/run.ts'
import { createCase } from '../../server/domain/cases/create-case.ts'
import { applyEvent, decide } from '../../server/domain/cases/lifecycle.ts'
import type { Action } from '../../server/domain/cases/types.ts'

describe('simulator model', () => {
  it('follows a daily rhythm: quiet nights, morning and evening peaks, the right daily total', () => {
    expect(HOURLY.reduce((s, v) => s + v, 0)).toBeCloseTo(24, 9)
    const at = (hourCst: number) => Date.UTC(2024, 6, 1, hourCst - 8 < 0 ? hourCst + 16 : hourCst - 8)
    expect(arrivalRate(240, at(3))).toBeLessThan(arrivalRate(240, at(9)) / 5)
    expect(arrivalRate(240, at(19))).toBeGreaterThan(arrivalRate(240, at(14)))
    // A Monday and Tuesday in China: weekdays carry a little more than the week's daily mean.
    expect(Array.from({ length: 24 }, (_, h) => arrivalRate(240, at(h))).reduce((s, v) => s + v, 0)).toBeCloseTo(240 * weekdayFactor(at(12)), 6)
    const week = Array.from({ length: 7 }, (_, d) => weekdayFactor(at(12) + d * 86_400_000))
    expect(week.reduce((s, v) => s + v, 0)).toBeCloseTo(7, 9)
    expect(weekdayFactor(Date.parse('2024-07-06T12:00:00+08:00'))).toBeLessThan(weekdayFactor(at(12)) * 0.9)
  })

  it('draws categories in their 721 proportions', () => {
    const rng = new Rng(7)
    const n = 20_000
    const counts = { service: 0, management: 0, enforcement: 0 }
    for (let i = 0; i < n; i++) counts[drawReport(rng).category.class721]++
    expect(counts.service / n).toBeCloseTo(0.7, 1)
    expect(counts.management / n).toBeCloseTo(0.2, 1)
    expect(counts.enforcement / n).toBeCloseTo(0.1, 1)
  })

  it('plans lifecycles the loop accepts, with some late, some whistled, some reopened', () => {
    const rng = new Rng(11)
    let late = 0
    let whistled = 0
    let reopened = 0
    const n = 2000
    for (let i = 0; i < n; i++) {
      const report = drawReport(rng)
      const areas = { id: i, gridId: 'G', communityId: 'C', streetId: 'S' }
      const steps = planLifecycle(rng, areas, report)
      const t0 = Date.parse('2024-07-01T00:00:00Z')
      let { state } = createCase(
        { source: report.source, category: report.category.code, title: 't', location: { lng: 117, lat: 30 }, priority: report.priority },
        { id: i, location: { lng: 117, lat: 30 }, placement: { buildingId: null, compoundId: null, gridId: 'G', communityId: 'C', streetId: 'S', districtId: 'D' }, possibleDuplicateOf: null, at: new Date(t0).toISOString(), actor: 'sim' },
      )
      for (const s of steps) {
        // Every planned step must be legal in the state the earlier steps lead to.
        state = applyEvent(state, decide(state, s.body as Action, { at: new Date(t0 + s.at * 3_600_000).toISOString(), actor: s.actor }))
      }
      expect(state.status).toBe('closed')
      if (Date.parse(state.resolvedAt!) > Date.parse(state.deadlineAt)) late++
      if (steps.some((s) => s.body.action === 'escalate')) whistled++
      if (steps.some((s) => s.body.action === 'reopen')) reopened++
    }
    expect(late / n).toBeGreaterThan(0.05)
    expect(late / n).toBeLessThan(0.2)
    expect(whistled / n).toBeGreaterThan(0.03)
    expect(reopened).toBeGreaterThan(0)
  })
})

describe.each(testDatabases())('simulator against a running server on the $name database', (target) => {
  let t: TestApp
  let url: string
  beforeAll(async () => {
    t = await openTestApp(target)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await t?.close()
  })

  it('posts cases through the public API and moves them through the loop', async () => {
    const seed = 4242 + (target.name === 'external' ? 1 : 0)
    const lines: string[] = []
    // A simulated hour every 0.18 s: a few seconds cover most of a case's life.
    const sim = await startSimulation({ url, speed: 20_000, perDay: 3000, seed, warmup: 10, statusEvery: 0, log: (m) => lines.push(m) })
    const settled = async () => {
      const { rows } = await t.db.pool.query(
        `SELECT count(*)::int AS n FROM cases WHERE external_id LIKE $1 AND status IN ('resolved', 'evaluated', 'closed')`,
        [`sim-${seed}-%`],
      )
      return sim.stats.posted >= 20 && sim.stats.transitions > sim.stats.posted && rows[0].n > 0
    }
    await until(settled, 'twenty posted cases and one settled', 60_000)
    await sim.stop()
    expect(sim.stats.errors, lines.join('\n')).toBe(0)
    // Every plant is kept for a detector's benchmark and logged in one line, in the server's clock.
    expect(sim.plants).toHaveLength(sim.stats.hotspots)
    expect(lines.filter((l) => l.startsWith('simulator: hotspot planted')).length).toBe(sim.plants.length)
    for (const p of sim.plants) {
      expect(Date.parse(p.endsAt)).toBeGreaterThan(Date.parse(p.startsAt))
      expect(p.radiusM).toBeGreaterThanOrEqual(30)
      expect(p.radiusM).toBeLessThanOrEqual(80)
    }
    expect(sim.stats.posted).toBeGreaterThanOrEqual(20)
    expect(sim.stats.transitions).toBeGreaterThan(sim.stats.posted)
    const { rows } = await t.db.pool.query(
      `SELECT status, count(*)::int AS n FROM cases WHERE external_id LIKE $1 GROUP BY status`,
      [`sim-${seed}-%`],
    )
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]))
    expect(Object.values(byStatus).reduce((s: number, n) => s + (n as number), 0)).toBe(sim.stats.posted)
    expect((byStatus.resolved ?? 0) + (byStatus.evaluated ?? 0) + (byStatus.closed ?? 0)).toBeGreaterThan(0)
    const sources = await t.db.pool.query(`SELECT DISTINCT reported_crs FROM cases WHERE external_id LIKE $1`, [`sim-${seed}-%`])
    expect(sources.rows.map((r) => r.reported_crs)).toContain('gcj02')
  })
})
