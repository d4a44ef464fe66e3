/**
 * useCaseStats with fake timers: live events refetch after a quiet spell, a steady stream still
 * refetches by the maximum wait, a timer refetches anyway, one request runs at a time, failures keep
 * the last answer and retry, and nothing runs after the scope ends.
 */
import { effectScope, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseStats, CaseStatsQuery } from '../../web/src/api/case-types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { useCaseStats, type UseCaseStatsOptions } from '../../web/src/composables/useCaseStats.ts'

function stats(today: number): CaseStats {
  const split = { count: 0, share: null }
  return {
    area: { id: 'D01', name: '澜溪区', level: 'district' },
    window: { from: '', to: '' },
    asOf: '',
    hourly: [today, ...new Array<number>(23).fill(0)],
    counts: { today, week: today, window: today, open: 0, resolved: 0 },
    resolvedRate: null,
    avgHandlingHours: null,
    p90HandlingHours: null,
    overdue: 0,
    overdueRate: null,
    satisfaction: { average: null, count: 0 },
    split721: { service: split, management: split, enforcement: split },
    localResolutionShare: null,
    trend: { today: { now: 0, before: 0, change: null }, week: { now: 0, before: 0, change: null } },
    departments: [],
    children: [],
  }
}

describe('useCaseStats', () => {
  let scope: EffectScope
  let calls: CaseStatsQuery[]
  let today: number
  let fail: boolean
  let delayMs: number

  const fetcher = {
    stats: async (q: CaseStatsQuery): Promise<CaseStats> => {
      calls.push(q)
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
      if (fail) throw new ApiError('http', '服务器错误（500）', 500)
      return stats(today)
    },
  }

  function start(extra: Partial<UseCaseStatsOptions> = {}) {
    scope = effectScope()
    return scope.run(() =>
      useCaseStats({ areaId: 'D01', fetcher, debounceMs: 2000, maxWaitMs: 10_000, refreshMs: 120_000, retryMs: 15_000, ...extra }),
    )!
  }

  beforeEach(() => {
    vi.useFakeTimers()
    calls = []
    today = 1
    fail = false
    delayMs = 0
  })
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  it('loads at once for the area over the 7-day window', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toEqual([{ area: 'D01', window: '7d' }])
    expect(s.stats.value?.counts.today).toBe(1)
    expect(s.fetchedAt.value).not.toBeNull()
  })

  it('refetches once after a burst of events goes quiet, not once per event', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    today = 5
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(50)
      s.invalidate()
    }
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    expect(s.stats.value?.counts.today).toBe(5)
  })

  it('refetches by the maximum wait under a steady stream', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    // An event every second for 25 s: never 2 s quiet, so only the maximum wait (10 s) triggers.
    for (let t = 0; t < 25; t++) {
      s.invalidate()
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(calls).toHaveLength(1 + 2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toHaveLength(1 + 3)
  })

  it('refetches on its own timer without any event', async () => {
    start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(120_000 * 3)
    expect(calls).toHaveLength(4)
  })

  it('runs one request at a time and one more after it when asked meanwhile', async () => {
    delayMs = 3000
    const s = start()
    void s.refresh()
    void s.refresh()
    void s.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(3000)
    expect(calls).toHaveLength(2)
  })

  it('keeps the last answer through a failure and tries again soon', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    fail = true
    await s.refresh()
    expect(s.error.value?.status).toBe(500)
    expect(s.stats.value?.counts.today).toBe(1)
    fail = false
    today = 9
    await vi.advanceTimersByTimeAsync(15_000)
    expect(s.error.value).toBeNull()
    expect(s.stats.value?.counts.today).toBe(9)
  })

  it('stops every timer with its scope', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    s.invalidate()
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(calls).toHaveLength(1)
  })
})
