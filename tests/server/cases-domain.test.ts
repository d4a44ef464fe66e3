import { describe, expect, it } from 'vitest'
import { toWgs84 } from '../../server/domain/cases/crs.ts'
import { CATEGORIES, CATEGORY_CODES, CLASSES_721, deadlineHours, findCategory } from '../../server/domain/cases/taxonomy.ts'
import { allowedActions, applyEvent, CaseRuleError, decide, foldEvents, isOverdue } from '../../server/domain/cases/lifecycle.ts'
import { createCase, intakeLocation, IntakeError, type Intake } from '../../server/domain/cases/create-case.ts'
import { maskEventPayload, toCaseView } from '../../server/domain/cases/view.ts'
import { percentile, ratio, summarise, summariseDepartment } from '../../server/domain/cases/kpi.ts'
import { resolveWindow, startOfDayCst, startOfWeekCst, WindowError } from '../../server/domain/cases/time-window.ts'
import { ACTIONS, STATUSES, type Action, type ActionName, type CaseEvent, type CaseState, type Status } from '../../server/domain/cases/types.ts'
import { gcj02ToBd09, wgs84ToGcj02 } from '../fixtures/cases/reference-crs.ts'
import { LEGAL, NEXT, PATH } from '../fixtures/cases/loop-spec.ts'

const NOWHERE = { buildingId: null, compoundId: null, gridId: null, communityId: null, streetId: null, districtId: null }
const AT = '2024-07-01T02:00:00.000Z'
const intake: Intake = {
  source: 'wechat',
  externalId: 'wx-1',
  category: 'water_supply',
  title: '楼道漏水',
  location: { lng: 116.404, lat: 39.915 },
  reporter: { name: '张三丰', phone: '13912345678' },
  priority: 'normal',
}
const newCase = () => createCase(intake, { id: 7, location: { lng: 116.404, lat: 39.915 }, placement: NOWHERE, possibleDuplicateOf: null, at: AT, actor: 'test' })

describe('taxonomy', () => {
  it('maps every category to one 721 class, with unique codes and weights splitting 70/20/10', () => {
    expect(new Set(CATEGORY_CODES).size).toBe(CATEGORIES.length)
    for (const c of CATEGORIES) {
      expect(CLASSES_721).toContain(c.class721)
      expect(c.code).toMatch(/^[a-z0-9_]+$/)
    }
    const weight = (k: string) => CATEGORIES.filter((c) => c.class721 === k).reduce((s, c) => s + c.weight, 0)
    expect([weight('service'), weight('management'), weight('enforcement')]).toEqual([70, 20, 10])
  })

  it('scales deadlines by priority and never goes under an hour', () => {
    const water = findCategory('water_supply')!
    expect(deadlineHours(water, 'normal')).toBe(24)
    expect(deadlineHours(water, 'urgent')).toBe(6)
    expect(deadlineHours(water, 'high')).toBe(12)
    expect(deadlineHours(water, 'low')).toBe(36)
    expect(deadlineHours({ ...water, deadlineHours: 2 }, 'urgent')).toBe(1)
  })
})

describe('coordinate conversion to WGS-84', () => {
  // Pairs published with wandergis/coordtransform (test/app.js), computed at (116.404, 39.915).
  it('inverts a published WGS-84 → GCJ-02 pair to within a centimetre', () => {
    const p = toWgs84({ lng: 116.41024449916938, lat: 39.91640428150164 }, 'gcj02')
    expect(p.lng).toBeCloseTo(116.404, 6)
    expect(p.lat).toBeCloseTo(39.915, 6)
  })

  it('inverts a published GCJ-02 → BD-09 pair back to the GCJ-02 point, then to WGS-84', () => {
    const p = toWgs84({ lng: 116.41036949371029, lat: 39.92133699351021 }, 'bd09')
    // Published GCJ-02 → WGS-84 of (116.404, 39.915) with the one-step inverse (±2 m).
    expect(Math.abs(p.lng - 116.39775550083061)).toBeLessThan(2e-5)
    expect(Math.abs(p.lat - 39.91359571849836)).toBeLessThan(2e-5)
  })

  it('round-trips points across a city through the reference forward formulas', () => {
    for (const [lng, lat] of [[121.47, 31.23], [113.26, 23.13], [104.07, 30.67], [126.63, 45.75]]) {
      const gcj = wgs84ToGcj02(lng, lat)
      const bd = gcj02ToBd09(...gcj)
      // The offsets are hundreds of metres: the conversion must actually happen.
      expect(Math.hypot(gcj[0] - lng, gcj[1] - lat)).toBeGreaterThan(0.001)
      // GCJ-02 inverts to about 1 cm; BD-09's inverse is itself approximate, to about half a metre.
      for (const [p, crs, tol] of [[gcj, 'gcj02', 1e-6], [bd, 'bd09', 5e-6]] as const) {
        const w = toWgs84({ lng: p[0], lat: p[1] }, crs)
        expect(Math.abs(w.lng - lng)).toBeLessThan(tol)
        expect(Math.abs(w.lat - lat)).toBeLessThan(tol)
      }
    }
  })

  it('leaves WGS-84 alone, applies no offset outside China, and rejects impossible coordinates', () => {
    expect(toWgs84({ lng: 116.404, lat: 39.915 })).toEqual({ lng: 116.404, lat: 39.915 })
    expect(toWgs84({ lng: 2.35, lat: 48.85 }, 'gcj02')).toEqual({ lng: 2.35, lat: 48.85 })
    expect(() => toWgs84({ lng: 190, lat: 0 }, 'gcj02')).toThrow(/lng/)
    expect(() => toWgs84({ lng: Number.NaN, lat: 0 })).toThrow(RangeError)
  })

  it('does not modify the caller’s point', () => {
    const point = { lng: 116.41024449916938, lat: 39.91640428150164, crs: 'gcj02' as const }
    const copy = { ...point }
    intakeLocation({ ...intake, location: point })
    expect(point).toEqual(copy)
  })

  it('refuses unknown categories at intake', () => {
    expect(() => intakeLocation({ ...intake, category: 'ufo' })).toThrow(IntakeError)
  })
})

const BODY: Record<ActionName, Action> = {
  dispatch: { action: 'dispatch', level: 'community', to: 'C1' },
  start: { action: 'start' },
  resolve: { action: 'resolve', level: 'compound', note: '已修复' },
  evaluate: { action: 'evaluate', satisfaction: 4 },
  close: { action: 'close' },
  reopen: { action: 'reopen', reason: '又漏了' },
  escalate: { action: 'escalate', department: 'water' },
  report: { action: 'report', note: '已到场' },
}

function drive(state: CaseState, actions: ActionName[], start = Date.parse(AT)): { state: CaseState; events: CaseEvent[] } {
  const events: CaseEvent[] = []
  actions.forEach((a, i) => {
    const e = decide(state, BODY[a], { at: new Date(start + (i + 1) * 3_600_000).toISOString(), actor: 'test' })
    events.push(e)
    state = applyEvent(state, e)
  })
  return { state, events }
}

describe('the closed loop', () => {
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const legal = LEGAL[status].includes(action)
      it(`${legal ? 'allows' : 'refuses'} ${action} on a ${status} case`, () => {
        const { state } = drive(newCase().state, PATH[status])
        expect(state.status).toBe(status)
        expect(allowedActions(state)).toEqual(LEGAL[status])
        if (legal) {
          const next = applyEvent(state, decide(state, BODY[action], { at: '2024-07-02T00:00:00.000Z', actor: 'x' }))
          expect(next.status).toBe(NEXT[action] ?? status)
          expect(next.version).toBe(state.version + 1)
        } else {
          let err: unknown
          try {
            decide(state, BODY[action], { at: AT, actor: 'x' })
          } catch (e) {
            err = e
          }
          expect(err).toBeInstanceOf(CaseRuleError)
          expect((err as CaseRuleError).allowed).toEqual(LEGAL[status])
          expect((err as CaseRuleError).message).toContain(LEGAL[status].length ? LEGAL[status].join(', ') : 'no further actions')
        }
      })
    }
  }

  it('runs a whistle: escalate opens a report, which must come before another whistle', () => {
    let { state } = drive(newCase().state, ['dispatch'])
    state = applyEvent(state, decide(state, { action: 'escalate', department: 'water', reportWithinHours: 2 }, { at: AT, actor: 'community' }))
    expect(state.escalation).toMatchObject({ department: 'water', fromLevel: 'community', reportedAt: null, reportBy: '2024-07-01T04:00:00.000Z' })
    expect(allowedActions(state)).toEqual(['dispatch', 'start', 'report'])
    expect(() => decide(state, BODY.escalate, { at: AT, actor: 'x' })).toThrow(CaseRuleError)
    state = applyEvent(state, decide(state, BODY.report, { at: '2024-07-01T03:00:00.000Z', actor: 'water' }))
    expect(state.escalation!.reportedAt).toBe('2024-07-01T03:00:00.000Z')
    expect(allowedActions(state)).toContain('escalate')
  })

  it('records the resolution level, the rating, and a reopen clears both', () => {
    const { state } = drive(newCase().state, ['dispatch', 'start', 'resolve', 'evaluate'])
    expect(state).toMatchObject({ resolvedLevel: 'compound', satisfaction: 4, status: 'evaluated' })
    const reopened = drive(state, ['reopen']).state
    expect(reopened).toMatchObject({ status: 'handling', reopenCount: 1, resolvedLevel: null, satisfaction: null, resolvedAt: null })
  })

  it('derives the current state from the log alone', () => {
    const { state, event } = newCase()
    const run = drive(state, ['dispatch', 'escalate', 'report', 'start', 'resolve', 'reopen', 'resolve', 'evaluate', 'close'])
    expect(foldEvents([event, ...run.events])).toEqual(run.state)
    expect(run.state.version).toBe(10)
    expect(() => foldEvents([run.events[0]])).toThrow(/created/)
  })

  it('is overdue when resolved, or still unresolved, after the deadline', () => {
    const s = newCase().state
    expect(s.deadlineAt).toBe('2024-07-02T02:00:00.000Z')
    expect(isOverdue(s, '2024-07-02T01:59:59.000Z')).toBe(false)
    expect(isOverdue(s, '2024-07-02T02:00:01.000Z')).toBe(true)
    expect(isOverdue({ ...s, resolvedAt: '2024-07-01T20:00:00.000Z' }, '2024-07-09T00:00:00.000Z')).toBe(false)
  })
})

describe('case views', () => {
  it('mask the reporter everywhere they go out, including the created event', () => {
    const { state, event } = newCase()
    const view = toCaseView(state, AT)
    expect(view.reporter).toEqual({ name: '张**', phone: '********678' })
    expect(JSON.stringify(view)).not.toContain('13912345678')
    expect(JSON.stringify(maskEventPayload(event))).not.toMatch(/13912345678|张三丰/)
    expect(view).toMatchObject({ gridId: null, outsideGrid: true, status: 'received', overdue: false, class721: 'service' })
  })
})

describe('time windows', () => {
  const now = new Date('2024-07-03T10:00:00.000Z') // a Wednesday, 18:00 in China
  it('resolves fixed windows, custom ranges, and refuses inconsistent ones', () => {
    expect(resolveWindow({ window: '6h' }, now)).toEqual({ from: '2024-07-03T04:00:00.000Z', to: now.toISOString() })
    expect(resolveWindow({ window: '7d' }, now)!.from).toBe('2024-06-26T10:00:00.000Z')
    expect(resolveWindow({}, now)).toBeNull()
    expect(resolveWindow({ from: '2024-07-01T00:00:00Z' }, now)).toEqual({ from: '2024-07-01T00:00:00.000Z', to: now.toISOString() })
    expect(() => resolveWindow({ window: 'custom' }, now)).toThrow(WindowError)
    expect(() => resolveWindow({ window: '1h', from: '2024-07-01T00:00:00Z' }, now)).toThrow(/window=custom/)
    expect(() => resolveWindow({ from: '2024-07-02T00:00:00Z', to: '2024-07-01T00:00:00Z' }, now)).toThrow(/before/)
    expect(() => resolveWindow({ from: 'yesterday' }, now)).toThrow(/ISO/)
  })

  it('counts today and this week in China Standard Time', () => {
    expect(startOfDayCst(now).toISOString()).toBe('2024-07-02T16:00:00.000Z')
    expect(startOfDayCst(new Date('2024-07-03T17:00:00.000Z')).toISOString()).toBe('2024-07-03T16:00:00.000Z')
    expect(startOfWeekCst(now).toISOString()).toBe('2024-06-30T16:00:00.000Z') // Monday 1 July, 00:00 CST
  })
})

describe('KPI maths', () => {
  it('interpolates percentiles like percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7)
    expect(percentile([5], 0.5)).toBe(5)
    expect(percentile([], 0.5)).toBeNull()
    expect(() => percentile([1], 2)).toThrow(RangeError)
  })

  it('turns aggregates into rates without dividing by zero', () => {
    expect(ratio(1, 3)).toBe(0.3333)
    expect(ratio(1, 0)).toBeNull()
    const k = summarise({
      today: 2, week: 5, total: 10, open: 4, resolved: 6, overdue: 1, avgHandlingHours: 12.345, p90HandlingHours: 30,
      satisfactionSum: 18, satisfactionCount: 4, service: 7, management: 2, enforcement: 1, resolvedLocal: 3,
    })
    expect(k).toMatchObject({ resolvedRate: 0.6, avgHandlingHours: 12.35, overdueRate: 0.1, localResolutionShare: 0.5 })
    expect(k.satisfaction).toEqual({ average: 4.5, count: 4 })
    expect(k.split721.service).toEqual({ count: 7, share: 0.7 })
    expect(summariseDepartment({ department: 'water', escalated: 4, reported: 3, reportedOnTime: 2, avgReportHours: 5 })).toMatchObject({
      name: '区水务局', reportRate: 0.75, onTimeRate: 0.5,
    })
  })
})
