/** Replaying a day: status as of a moment from the timestamps, the frame at the cursor, and the player. */
import { effectScope, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseList, CaseListQuery, CaseView } from '../../web/src/api/case-types.ts'
import { caseAt, replayFrame } from '../../web/src/composables/case-replay.ts'
import { toLite } from '../../web/src/composables/recent-cases.ts'
import { useCaseReplay } from '../../web/src/composables/useCaseReplay.ts'
import { caseView } from './fake-socket.ts'

const T0 = Date.parse('2024-07-01T00:00:00Z') // 08:00 in China
const min = (m: number) => new Date(T0 + m * 60_000).toISOString()

describe('caseAt', () => {
  const v = caseView(1, {
    createdAt: min(0),
    dispatchedAt: min(10),
    startedAt: min(20),
    resolvedAt: min(90),
    evaluatedAt: min(100),
    deadlineAt: min(60),
    status: 'evaluated',
  })

  it('reads the status and overdue flag as of a moment', () => {
    expect(caseAt(v, T0 + 5 * 60_000)).toMatchObject({ status: 'received', overdue: false })
    expect(caseAt(v, T0 + 15 * 60_000).status).toBe('dispatched')
    expect(caseAt(v, T0 + 70 * 60_000)).toMatchObject({ status: 'handling', overdue: true })
    expect(caseAt(v, T0 + 95 * 60_000)).toMatchObject({ status: 'resolved', overdue: false })
    expect(caseAt(v, T0 + 200 * 60_000)).toBe(v)
  })
})

describe('replayFrame', () => {
  const views = [0, 10, 20, 30, 40].map((m, i) => caseView(i + 1, { createdAt: min(m) }))
  const lites = views.map(toLite)

  it('shows the cases created up to the cursor, the newest first, and the recent ones pulsing', () => {
    const f = replayFrame(views, lites, T0 + 24 * 60_000, 2, 15 * 60_000)
    expect(f.cases.map((c) => c.id)).toEqual([1, 2, 3])
    expect(f.ticker.map((c) => c.id)).toEqual([3, 2])
    expect(f.pulses.map((p) => p.id)).toEqual([2, 3])
  })
})

describe('useCaseReplay', () => {
  let scope: EffectScope
  let calls: CaseListQuery[]
  const day: CaseView[] = Array.from({ length: 30 }, (_, i) => caseView(i + 1, { createdAt: min(i * 30) }))

  const fetcher = {
    list: async (q: CaseListQuery): Promise<CaseList> => {
      calls.push(q)
      const items = [...day].reverse().slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50))
      return { total: day.length, limit: q.limit ?? 50, offset: q.offset ?? 0, items }
    },
  }

  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(T0 + 36 * 3_600_000)
    calls = []
  })
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  function start() {
    scope = effectScope()
    return scope.run(() => useCaseReplay({ areaId: 'D01', fetcher, speed: 60, tickMs: 1000, idleMs: 600_000 }))!
  }

  it('loads the day (with the day before for the heat window) and plays it forwards', async () => {
    const r = start()
    const dayStart = Date.parse('2024-06-30T16:00:00Z') // 2024-07-01 00:00 in China
    await r.open(T0)
    expect(r.day.value).toBe(dayStart)
    expect(calls[0]).toMatchObject({ area: 'D01', from: new Date(dayStart - 86_400_000).toISOString(), to: new Date(dayStart + 86_400_000).toISOString() })
    expect(r.frame.value?.cases).toHaveLength(0)
    r.seek(T0 + 65 * 60_000)
    expect(r.frame.value?.cases.map((c) => c.id)).toEqual([1, 2, 3])
    r.play()
    await vi.advanceTimersByTimeAsync(1000) // an hour of the day per second
    expect(r.cursor.value).toBe(T0 + 125 * 60_000)
    expect(r.frame.value?.cases).toHaveLength(5)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(r.playing.value).toBe(false)
    expect(r.cursor.value).toBe(dayStart + 86_400_000)
    expect(r.frame.value?.cases).toHaveLength(30)
  })

  it('goes back to live by itself when left alone, and leaves no timer', async () => {
    const r = start()
    await r.open(T0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(r.day.value).toBeNull()
    expect(r.frame.value).toBeNull()
    await r.open(T0)
    r.play()
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
