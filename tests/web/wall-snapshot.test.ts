/**
 * useWallSnapshot with fake timers and a fake fetcher: events newer than the snapshot's cursor refresh
 * it after a quiet spell (and by the maximum wait under a steady stream), events it already counts do
 * not, a timer refreshes anyway, one request runs at a time, a failure keeps the last answer with its
 * as-of time and retries, and nothing runs after the scope ends.
 */
import { effectScope, shallowRef, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../web/src/api/request.ts'
import type { WallSnapshot } from '../../web/src/api/wall.ts'
import { useWallSnapshot, type UseWallSnapshotOptions } from '../../web/src/composables/useWallSnapshot.ts'

/** Only what the composable reads; the parts are opaque to it. */
const snapshotOf = (eventId: number, asOf: string) => ({ asOf, eventId, area: null, parts: {} }) as unknown as WallSnapshot

describe('useWallSnapshot', () => {
  let scope: EffectScope
  let calls: number
  let eventId: number
  let fail: boolean
  let delayMs: number

  const fetcher = {
    snapshot: async (): Promise<WallSnapshot> => {
      calls++
      // What the server counted when the request started; a slow answer is as of its start.
      const at = eventId
      const asOf = new Date(Date.now()).toISOString()
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
      if (fail) throw new ApiError('http', '服务器错误（500）', 500)
      return snapshotOf(at, asOf)
    },
  }

  function start(extra: Partial<UseWallSnapshotOptions> = {}) {
    scope = effectScope()
    return scope.run(() => useWallSnapshot({ fetcher, debounceMs: 2000, maxWaitMs: 10_000, refreshMs: 60_000, retryMs: 15_000, ...extra }))!
  }

  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-05-01T02:00:00Z'))
    calls = 0
    eventId = 100
    fail = false
    delayMs = 0
  })
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  it('loads at once and keeps the answer’s cursor and as-of time', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    expect(s.snapshot.value?.eventId).toBe(100)
    expect(s.snapshot.value?.asOf).toBe('2026-05-01T02:00:00.000Z')
    expect(s.fetchedAt.value).toBe(Date.parse('2026-05-01T02:00:00Z'))
  })

  it('ignores events the snapshot already counts and refreshes once after a burst of new ones goes quiet', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    // At or below the cursor: in the snapshot already (the stream's replay overlapping it).
    s.noteEvents([98, 99, 100])
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls).toBe(1)
    for (let i = 0; i < 20; i++) {
      eventId++
      s.noteEvents([eventId])
      await vi.advanceTimersByTimeAsync(50)
    }
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1949)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    expect(s.snapshot.value?.eventId).toBe(120)
    // The same events again (a reconnection's replay): nothing new, no refresh.
    s.noteEvents([110, 120])
    await vi.advanceTimersByTimeAsync(20_000)
    expect(calls).toBe(2)
  })

  it('refreshes by the maximum wait under a steady stream', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    // A new event every second for 25 s: never 2 s quiet, so only the maximum wait (10 s) triggers.
    for (let t = 0; t < 25; t++) {
      s.noteEvents([++eventId + 1000])
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(calls).toBe(1 + 2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toBe(1 + 3)
  })

  it('refreshes on its own timer without any event', async () => {
    start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(60_000 * 3)
    expect(calls).toBe(4)
  })

  it('runs one request at a time and one more after it when asked meanwhile', async () => {
    delayMs = 3000
    const s = start()
    void s.refresh()
    void s.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    eventId = 150
    s.noteEvents([150])
    await vi.advanceTimersByTimeAsync(3000)
    // The debounced refresh waited for the one in flight rather than running beside it.
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(3000)
    expect(calls).toBe(2)
    expect(s.snapshot.value?.eventId).toBe(150)
  })

  it('keeps the last answer and its as-of time through a failure, and tries again soon', async () => {
    const s = start()
    await vi.advanceTimersByTimeAsync(0)
    const first = s.snapshot.value
    fail = true
    await vi.advanceTimersByTimeAsync(1000)
    await s.refresh()
    expect(s.error.value?.status).toBe(500)
    expect(s.snapshot.value).toBe(first)
    expect(s.snapshot.value?.asOf).toBe('2026-05-01T02:00:00.000Z')
    fail = false
    eventId = 130
    await vi.advanceTimersByTimeAsync(15_000)
    expect(s.error.value).toBeNull()
    expect(s.snapshot.value?.eventId).toBe(130)
  })

  it('asks again soon after an answer that lacks a part, and stops once it is complete', async () => {
    let missing = true
    const s = start({ incomplete: () => missing })
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    missing = false
    await vi.advanceTimersByTimeAsync(15_000)
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(44_999)
    expect(calls).toBe(2)
    expect(s.error.value).toBeNull()
  })

  it('loads nothing while disabled and stops every timer with its scope', async () => {
    const enabled = shallowRef(false)
    const s = start({ enabled })
    await vi.advanceTimersByTimeAsync(120_000)
    expect(calls).toBe(0)
    enabled.value = true
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    s.noteEvents([999])
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(calls).toBe(1)
  })
})
