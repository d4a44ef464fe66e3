/**
 * useLiveCases against a fake socket and fake timers: replayed events are applied once and in id
 * order, a reconnection carries the last applied id, the buffers stay bounded, the snapshot and the
 * stream merge by version, and nothing is left running after the scope ends.
 */
import { effectScope, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseEventMessage, CaseList, CaseListQuery, CaseView } from '../../web/src/api/case-types.ts'
import { useLiveCases, type UseLiveCasesOptions, type UseLiveCasesReturn } from '../../web/src/composables/useLiveCases.ts'
import { caseEvent, caseView, fakeIo } from './fake-socket.ts'

const BATCH_MS = 100

function listFetcher(items: () => CaseView[] = () => []) {
  const calls: CaseListQuery[] = []
  return {
    calls,
    fetcher: {
      list: async (q: CaseListQuery): Promise<CaseList> => {
        calls.push(q)
        const all = items()
        const page = all.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50))
        return { total: all.length, limit: q.limit ?? 50, offset: q.offset ?? 0, items: page }
      },
    },
  }
}

describe('useLiveCases', () => {
  let scope: EffectScope
  let applied: number[]

  function start(extra: Partial<UseLiveCasesOptions> = {}) {
    const sock = fakeIo()
    const list = listFetcher()
    applied = []
    scope = effectScope()
    const live = scope.run(() =>
      useLiveCases({
        areaId: 'D01',
        io: sock.io,
        fetcher: list.fetcher,
        batchMs: BATCH_MS,
        onApplied: (events: readonly CaseEventMessage[]) => applied.push(...events.map((e) => e.id)),
        ...extra,
      }),
    )! as UseLiveCasesReturn
    return { live, sock, list }
  }

  const send = (s: { emit(e: string, ...a: unknown[]): unknown }, ...events: CaseEventMessage[]) => {
    for (const e of events) s.emit('case-event', e)
  }

  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    scope?.stop()
    vi.useRealTimers()
  })

  it('connects once with the area and no lastEventId, then takes the server position on caught-up', async () => {
    const { live, sock, list } = start()
    expect(sock.sockets).toHaveLength(1)
    expect(sock.last().uri).toMatch(/\/live$/)
    expect(sock.last().auths).toEqual([{ areaId: 'D01' }])
    expect(live.state.value).toBe('replaying')

    sock.last().emit('caught-up', { lastEventId: 41 })
    expect(live.state.value).toBe('live')
    expect(live.lastEventId.value).toBe(41)
    await vi.advanceTimersByTimeAsync(0)
    // The snapshot is loaded only after caught-up: nothing can fall between the two.
    expect(list.calls).toHaveLength(1)
    expect(list.calls[0]).toMatchObject({ area: 'D01', limit: 1000, offset: 0 })
    expect(live.lastSyncAt.value).not.toBeNull()
  })

  it('applies a batch in id order, each id once, and drops what is at or below the last applied id', async () => {
    const { live, sock } = start()
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 10 })
    send(s, caseEvent(12), caseEvent(9), caseEvent(11), caseEvent(12), caseEvent(10), caseEvent(13))
    expect(applied).toEqual([]) // batched
    await vi.advanceTimersByTimeAsync(BATCH_MS)
    expect(applied).toEqual([11, 12, 13])
    expect(live.lastEventId.value).toBe(13)
    expect(live.counters.value).toMatchObject({ applied: 3, duplicates: 3 })
    expect(live.ticker.value.map((c) => c.id)).toEqual([1013, 1012, 1011])
  })

  it('reconnects with auth.lastEventId and applies the replay exactly once', async () => {
    const { live, sock } = start()
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 0 })
    send(s, caseEvent(1), caseEvent(2), caseEvent(3))
    await vi.advanceTimersByTimeAsync(BATCH_MS)
    expect(applied).toEqual([1, 2, 3])

    s.transportClose()
    expect(live.state.value).toBe('down')
    expect(live.downSince.value).not.toBeNull()

    // socket.io reconnects by itself; the auth is asked for again and carries the last applied id.
    s.connect()
    expect(s.auths.at(-1)).toEqual({ lastEventId: 3, areaId: 'D01' })
    // The server replays after 3, but a late duplicate of 2 and 3 arrives too (at-least-once paths).
    send(s, caseEvent(2), caseEvent(3), caseEvent(4), caseEvent(5))
    s.emit('caught-up', { lastEventId: 5 })
    send(s, caseEvent(6), caseEvent(5))
    await vi.advanceTimersByTimeAsync(BATCH_MS)

    expect(applied).toEqual([1, 2, 3, 4, 5, 6])
    expect(live.state.value).toBe('live')
    expect(live.downSince.value).toBeNull()
    expect(live.counters.value).toMatchObject({ applied: 6, duplicates: 3, connections: 2 })
    expect(new Set(live.ticker.value.map((c) => c.id)).size).toBe(live.ticker.value.length)
    expect(live.cases.value).toHaveLength(6)
  })

  it('connects again by itself when the server sends it away, with the last id', async () => {
    const { live, sock } = start({ retryMs: 5000 })
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 7 })
    send(s, caseEvent(8))
    await vi.advanceTimersByTimeAsync(BATCH_MS)

    s.serverDisconnect()
    expect(live.state.value).toBe('down')
    await vi.advanceTimersByTimeAsync(4999)
    expect(s.connected).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(s.connected).toBe(true)
    expect(s.auths.at(-1)).toEqual({ lastEventId: 8, areaId: 'D01' })
  })

  it('stays down while paused and replays what was missed on resume', async () => {
    const { live, sock } = start({ retryMs: 1000 })
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 20 })
    live.pause()
    expect(live.state.value).toBe('down')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(s.connected).toBe(false)
    live.resume()
    expect(s.auths.at(-1)).toEqual({ lastEventId: 20, areaId: 'D01' })
    send(s, caseEvent(21))
    s.emit('caught-up', { lastEventId: 21 })
    expect(applied).toEqual([21]) // caught-up flushes at once
  })

  it('flushes a large replay at once and keeps every buffer bounded', async () => {
    const { live, sock } = start({ tickerSize: 5, maxPulses: 3, maxCases: 50, maxBatch: 100 })
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 0 })
    for (let i = 1; i <= 400; i++) send(s, caseEvent(i))
    // Full batches were applied without waiting for the timer.
    expect(applied).toHaveLength(400)
    await vi.advanceTimersByTimeAsync(BATCH_MS)
    expect(live.ticker.value.map((c) => c.id)).toEqual([1400, 1399, 1398, 1397, 1396])
    expect(live.pulses.value.length).toBeLessThanOrEqual(3)
    expect(live.cases.value.length).toBeLessThanOrEqual(50)
    expect(live.cases.value.some((c) => c.id === 1400)).toBe(true)
  })

  it('merges the snapshot and the stream by version: an older snapshot never undoes an event', async () => {
    const sock = fakeIo()
    let snapshot: CaseView[] = []
    const list = listFetcher(() => snapshot)
    scope = effectScope()
    const live = scope.run(() => useLiveCases({ areaId: null, io: sock.io, fetcher: list.fetcher, batchMs: BATCH_MS }))!
    const s = sock.last()
    expect(s.auths).toEqual([{}])
    snapshot = [caseView(1, { status: 'received', version: 1 }), caseView(2, { version: 1 })]
    // The event about case 1 (now dispatched, version 2) is applied before the snapshot lands.
    s.emit('case-event', caseEvent(50, 1, 'dispatched', { status: 'dispatched', version: 2 }))
    s.emit('caught-up', { lastEventId: 50 })
    await vi.advanceTimersByTimeAsync(0)
    const one = live.ticker.value.find((c) => c.id === 1)
    expect(one?.status).toBe('dispatched')
    expect(live.cases.value).toHaveLength(2)
    // A newer snapshot does update it.
    snapshot = [caseView(1, { status: 'resolved', version: 3 }), caseView(2, { version: 1 })]
    await live.resync()
    expect(live.ticker.value.find((c) => c.id === 1)?.status).toBe('resolved')
  })

  it('pulses only for newly created cases', async () => {
    const { live, sock } = start()
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 0 })
    send(s, caseEvent(1, 501, 'created'), caseEvent(2, 501, 'dispatched', { version: 2, status: 'dispatched' }))
    await vi.advanceTimersByTimeAsync(BATCH_MS)
    expect(live.pulses.value.map((p) => p.id)).toEqual([501])
    expect(live.ticker.value).toHaveLength(1)
    expect(live.ticker.value[0]!.status).toBe('dispatched')
  })

  it('closes the socket and leaves no timer behind when the scope ends', async () => {
    const { sock } = start()
    const s = sock.last()
    s.emit('caught-up', { lastEventId: 0 })
    send(s, caseEvent(1))
    s.serverDisconnect()
    scope.stop()
    expect(s.connected).toBe(false)
    expect(s.listenerCount()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('waits while disabled and starts over for another area', async () => {
    const { ref } = await import('vue')
    const sock = fakeIo()
    const list = listFetcher()
    const enabled = ref(false)
    const area = ref<string | null>('D01')
    scope = effectScope()
    scope.run(() => useLiveCases({ areaId: area, enabled, io: sock.io, fetcher: list.fetcher }))
    expect(sock.sockets).toHaveLength(0)
    enabled.value = true
    await vi.advanceTimersByTimeAsync(0)
    expect(sock.sockets).toHaveLength(1)
    area.value = 'S1'
    await vi.advanceTimersByTimeAsync(0)
    expect(sock.sockets).toHaveLength(2)
    expect(sock.sockets[0]!.connected).toBe(false)
    expect(sock.last().auths).toEqual([{ areaId: 'S1' }])
  })
})
