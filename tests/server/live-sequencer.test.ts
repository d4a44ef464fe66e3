import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventSequencer } from '../../server/lib/event-sequencer.ts'

interface E {
  id: number
  from: 'push' | 'log'
}

/**
 * A log and a sequencer reading it. `committed` ids are visible to every read; ids in `inFlight` are
 * drawn but not yet committed (a plain read does not see them; a settling read would wait for them,
 * which the test models by committing them first, as the lock would).
 */
function setup(committed: number[], opts: { inFlight?: number[]; gapWaitMs?: number; settleAfterMs?: number; busySettles?: number } = {}) {
  // The first `busySettles` settling reads find a writer still at work and give up (null).
  let busy = opts.busySettles ?? 0
  const log = new Set(committed)
  const inFlight = new Set(opts.inFlight ?? [])
  const delivered: E[] = []
  const reads: { after: number; upTo: number; settled: boolean }[] = []
  const rows = (after: number, upTo: number, limit: number) =>
    [...log].sort((a, b) => a - b).filter((id) => id > after && id <= upTo).slice(0, limit).map((id) => ({ id, from: 'log' as const }))
  const seq = new EventSequencer<E>({
    read: async (after, upTo, limit) => {
      reads.push({ after, upTo, settled: false })
      return rows(after, upTo, limit)
    },
    readSettled: async (after, upTo, limit) => {
      reads.push({ after, upTo, settled: true })
      if (busy > 0) {
        busy--
        return null
      }
      for (const id of inFlight) log.add(id)
      inFlight.clear()
      return rows(after, upTo, limit)
    },
    deliver: (e) => delivered.push(e),
    gapWaitMs: opts.gapWaitMs ?? 20,
    settleAfterMs: opts.settleAfterMs ?? 200,
    pageSize: 3,
  })
  return { seq, delivered, reads, log, ids: () => delivered.map((e) => e.id) }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('event sequencer', () => {
  it('delivers in-order pushes at once and drops repeats and old ids', () => {
    const { seq, ids, reads } = setup([])
    seq.start(10)
    for (const id of [11, 12, 12, 9, 10, 13]) seq.push({ id, from: 'push' })
    expect(ids()).toEqual([11, 12, 13])
    expect(reads).toEqual([])
  })

  it('holds an early event until the missing one arrives, without reading the log', () => {
    vi.useFakeTimers()
    const { seq, ids, reads } = setup([1, 2, 3])
    seq.start(0)
    seq.push({ id: 2, from: 'push' })
    seq.push({ id: 3, from: 'push' })
    expect(ids()).toEqual([])
    seq.push({ id: 1, from: 'push' })
    expect(ids()).toEqual([1, 2, 3])
    vi.advanceTimersByTime(1000)
    expect(reads).toEqual([])
  })

  it('fills a gap from the log with a plain read when the missing event is committed but its notice was lost', async () => {
    vi.useFakeTimers()
    const { seq, delivered, ids, reads } = setup([1, 2, 3, 4])
    seq.start(0)
    seq.push({ id: 1, from: 'push' })
    seq.push({ id: 4, from: 'push' })
    await vi.advanceTimersByTimeAsync(25)
    expect(ids()).toEqual([1, 2, 3, 4])
    expect(delivered.slice(1, 3).map((e) => e.from)).toEqual(['log', 'log'])
    expect(reads.every((r) => !r.settled)).toBe(true)
  })

  it('waits while an earlier id is still being written, and never delivers past it', async () => {
    vi.useFakeTimers()
    // Id 2 is drawn by a writer that has not committed yet.
    const { seq, ids, log } = setup([1, 3], { settleAfterMs: 10_000 })
    seq.start(0)
    seq.push({ id: 1, from: 'push' })
    seq.push({ id: 3, from: 'push' })
    await vi.advanceTimersByTimeAsync(500)
    expect(ids()).toEqual([1])
    log.add(2)
    seq.push({ id: 2, from: 'push' })
    expect(ids()).toEqual([1, 2, 3])
  })

  it('settles a hole that stays open (a rolled-back id) with a settling read, then moves on', async () => {
    vi.useFakeTimers()
    const { seq, ids, reads } = setup([1, 3, 4])
    seq.start(0)
    for (const id of [1, 3, 4]) seq.push({ id, from: 'push' })
    await vi.advanceTimersByTimeAsync(100)
    expect(ids()).toEqual([1])
    await vi.advanceTimersByTimeAsync(200)
    expect(ids()).toEqual([1, 3, 4])
    expect(reads.filter((r) => r.settled)).toHaveLength(1)
    seq.push({ id: 5, from: 'push' })
    expect(ids()).toEqual([1, 3, 4, 5])
  })

  it('leaves a hole open when a settling read cannot settle yet, and tries again a settle period later, not at once', async () => {
    vi.useFakeTimers()
    // Id 2's writer stays at work through two settling reads.
    const { seq, ids, reads } = setup([1, 3], { inFlight: [2], busySettles: 2, gapWaitMs: 20, settleAfterMs: 200 })
    seq.start(0)
    seq.push({ id: 1, from: 'push' })
    seq.push({ id: 3, from: 'push' })
    await vi.advanceTimersByTimeAsync(230)
    expect(reads.filter((r) => r.settled)).toHaveLength(1)
    expect(ids()).toEqual([1])
    // Plain reads go on meanwhile; the second settling read waits a whole settle period.
    await vi.advanceTimersByTimeAsync(150)
    expect(reads.filter((r) => r.settled)).toHaveLength(1)
    expect(ids()).toEqual([1])
    await vi.advanceTimersByTimeAsync(100)
    expect(reads.filter((r) => r.settled)).toHaveLength(2)
    expect(ids()).toEqual([1])
    await vi.advanceTimersByTimeAsync(250)
    expect(reads.filter((r) => r.settled)).toHaveLength(3)
    expect(ids()).toEqual([1, 2, 3])
  })

  it('polls the log for events nobody pushed, page by page, stopping at a hole', async () => {
    vi.useFakeTimers()
    const { seq, ids, log } = setup([5, 6, 7, 8, 9, 10, 11, 13], { inFlight: [12] })
    seq.start(4)
    await seq.poll()
    expect(ids()).toEqual([5, 6, 7, 8, 9, 10, 11])
    // The hole at 12 is decided once it is old enough.
    await vi.advanceTimersByTimeAsync(250)
    await seq.poll()
    expect(ids()).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(log.has(12)).toBe(true)
    // Settling never runs ahead of the log: later events still flow (a regression: it once jumped to the end).
    seq.push({ id: 14, from: 'push' })
    await vi.advanceTimersByTimeAsync(250)
    await seq.poll()
    seq.push({ id: 15, from: 'push' })
    expect(ids()).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
  })

  it('keeps delivering after a poll settles a hole at the end of the log', async () => {
    vi.useFakeTimers()
    const { seq, ids, log } = setup([1, 3], { gapWaitMs: 10_000 })
    seq.start(0)
    seq.push({ id: 1, from: 'push' })
    seq.push({ id: 3, from: 'push' })
    await vi.advanceTimersByTimeAsync(250)
    await seq.poll()
    expect(ids()).toEqual([1, 3])
    log.add(4)
    seq.push({ id: 4, from: 'push' })
    expect(ids()).toEqual([1, 3, 4])
  })

  it('keeps events pushed before it starts and sorts them out at start', () => {
    const { seq, ids } = setup([])
    seq.push({ id: 7, from: 'push' })
    seq.push({ id: 5, from: 'push' })
    seq.push({ id: 6, from: 'push' })
    expect(ids()).toEqual([])
    seq.start(5)
    expect(ids()).toEqual([6, 7])
  })

  it('delivers every id exactly once in order under random arrival, duplicates and losses', async () => {
    vi.useFakeTimers()
    const n = 300
    const rolledBack = new Set([17, 18, 150, 299])
    const committed = Array.from({ length: n }, (_, i) => i + 1).filter((id) => !rolledBack.has(id))
    const { seq, ids } = setup(committed, { gapWaitMs: 5, settleAfterMs: 50 })
    seq.start(0)
    let rnd = 42
    const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    // Each committed event is pushed 0 (lost), 1 or 2 times, roughly in order with local shuffles.
    const arrivals = committed.flatMap((id) => (random() < 0.1 ? [] : random() < 0.2 ? [id, id] : [id]))
    for (let i = 0; i < arrivals.length - 1; i++) if (random() < 0.3) [arrivals[i], arrivals[i + 1]] = [arrivals[i + 1], arrivals[i]]
    for (const id of arrivals) {
      seq.push({ id, from: 'push' })
      if (random() < 0.05) await vi.advanceTimersByTimeAsync(10)
    }
    await vi.advanceTimersByTimeAsync(1000)
    await seq.poll()
    expect(ids()).toEqual(committed)
  })
})
