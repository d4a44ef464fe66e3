import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HotspotScheduler } from '../../server/plugins/hotspots/scheduler.ts'

/** When the detector runs: after new cases (debounced), never closer than the gap, and every minute. */
describe('HotspotScheduler', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function make(runMs = 0) {
    const starts: number[] = []
    const run = vi.fn(async () => {
      starts.push(Date.now())
      if (runMs) await new Promise((r) => setTimeout(r, runMs))
    })
    return { s: new HotspotScheduler(run, { debounceMs: 3000, minGapMs: 5000, everyMs: 60_000 }), run, starts }
  }

  it('runs once 3 s after the first of a burst of new cases', async () => {
    const { s, starts } = make()
    const t0 = Date.now()
    for (let i = 0; i < 10; i++) {
      s.poke()
      await vi.advanceTimersByTimeAsync(200)
    }
    await vi.advanceTimersByTimeAsync(3000)
    expect(starts.map((t) => t - t0)).toEqual([3000])
  })

  it('runs a steady stream of cases at most every 5 s', async () => {
    const { s, starts } = make()
    const t0 = Date.now()
    for (let i = 0; i < 200; i++) {
      s.poke()
      await vi.advanceTimersByTimeAsync(100)
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    expect(starts[0] - t0).toBe(3000)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5000)
    expect(starts.length).toBeGreaterThanOrEqual(3)
  })

  it('runs every minute without cases, one run at a time, and stops', async () => {
    const { s, starts } = make(8000)
    const t0 = Date.now()
    s.start()
    await vi.advanceTimersByTimeAsync(61_000)
    s.poke() // during the 8-second run: one more run after it, not two at once
    s.poke()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(starts).toHaveLength(2)
    // Timers of 0 ms fire a millisecond later under fake timers.
    expect(starts[0] - t0).toBeGreaterThanOrEqual(60_000)
    expect(starts[0] - t0).toBeLessThanOrEqual(60_002)
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(8000)
    expect(starts[1] - starts[0]).toBeLessThanOrEqual(8002)
    const stopping = s.stop()
    await vi.advanceTimersByTimeAsync(120_000)
    await stopping
    expect(starts).toHaveLength(2)
  })

  it('survives a run that throws', async () => {
    let calls = 0
    const s = new HotspotScheduler(async () => {
      calls++
      throw new Error('boom')
    }, { debounceMs: 10, minGapMs: 10 })
    s.poke()
    await vi.advanceTimersByTimeAsync(50)
    s.poke()
    await vi.advanceTimersByTimeAsync(50)
    expect(calls).toBe(2)
    await s.stop()
  })

  it('tries again after the gap when another instance held the lock, and not when the run happened', async () => {
    const starts: number[] = []
    let busy = 2
    const s = new HotspotScheduler(async () => {
      starts.push(Date.now())
      return busy-- > 0 ? false : true
    }, { debounceMs: 3000, minGapMs: 5000, everyMs: 60_000 })
    const t0 = Date.now()
    s.poke()
    await vi.advanceTimersByTimeAsync(30_000)
    // Two refusals, each tried again 5 s after it started; the third run happened, so nothing more.
    expect(starts.map((t) => t - t0)).toEqual([3000, 8000, 13_000])
    await s.stop()
  })
})
