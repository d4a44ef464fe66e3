import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, type EffectScope } from 'vue'
import type { HotspotAlert, HotspotAlertList } from '../../web/src/api/hotspots.ts'
import { alertPlace, applyHotspotMessage, countVsExpected, sortAlerts } from '../../web/src/composables/hotspot-list.ts'
import { useHotspots } from '../../web/src/composables/useHotspots.ts'
import { useLiveCases } from '../../web/src/composables/useLiveCases.ts'
import { HOTSPOT_COLOR, hotspotLayers } from '../../web/src/layers/hotspot-layers.ts'
import { fakeIo } from './fake-socket.ts'
import { byId, call, ids } from './layer-helpers.ts'

function alert(id: number, over: Partial<HotspotAlert> = {}): HotspotAlert {
  return {
    id, category: 'drainage', categoryName: '排水堵塞', gridId: 'G1', gridName: '一网格', compoundId: 'CP1', compoundName: '幸福小区',
    communityId: 'C1', streetId: 'S1', centre: [118.3, 35.0], radiusM: 60, observed: 12, expected: 0.84, pValue: 1e-9, windowHours: 1,
    since: '2030-01-01T06:05:00Z', newestCaseAt: '2030-01-01T06:50:00Z', detectedAt: '2030-01-01T06:30:00Z', lastSeenAt: '2030-01-01T06:55:00Z',
    status: 'open', acknowledgedAt: null, closedAt: null, closedReason: null, caseCount: 12, ...over,
  }
}

describe('the wall list of hotspot alerts', () => {
  it('puts open alerts first, the newest detected on top (the more unusual among equals), then acknowledged, then the latest closed', () => {
    const list = sortAlerts([
      alert(1, { pValue: 1e-6 }),
      alert(2, { status: 'closed', closedAt: '2030-01-01T05:00:00Z' }),
      alert(3, { pValue: 1e-12, status: 'acknowledged' }),
      alert(4, { status: 'closed', closedAt: '2030-01-01T06:00:00Z' }),
      // Far more unusual, but older: a new alert is shown above it.
      alert(5, { pValue: 1e-30, detectedAt: '2030-01-01T05:30:00Z' }),
      alert(6, { pValue: 1e-9, detectedAt: '2030-01-01T06:45:00Z' }),
      alert(7, { pValue: 1e-8 }),
    ])
    expect(list.map((a) => a.id)).toEqual([6, 7, 1, 5, 3, 4, 2])
  })

  it('applies pushes: adds, replaces, and keeps who acknowledged (pushes leave it out)', () => {
    let list = [alert(1, { status: 'acknowledged', acknowledgedBy: 'street', acknowledgedAt: '2030-01-01T07:00:00Z' })]
    const { acknowledgedBy: _, ...pushed } = alert(1, { status: 'acknowledged', observed: 15 })
    list = applyHotspotMessage(list, { change: 'updated', alert: pushed })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ observed: 15, acknowledgedBy: 'street' })
    list = applyHotspotMessage(list, { change: 'opened', alert: alert(2, { pValue: 1e-20 }) })
    expect(list.map((a) => a.id)).toEqual([2, 1])
  })

  it('words the count against expected and the place in Chinese', () => {
    expect(countVsExpected({ observed: 12, expected: 0.84 })).toBe('12 件 / 预期 0.8')
    expect(countVsExpected({ observed: 30, expected: 12.4 })).toBe('30 件 / 预期 12')
    expect(countVsExpected({ observed: 5, expected: 0.01 })).toBe('5 件 / 预期 <0.1')
    expect(alertPlace({ gridName: '一网格', compoundName: null })).toBe('一网格')
    expect(alertPlace({ gridName: '一网格', compoundName: '幸福小区' })).toBe('一网格 · 幸福小区')
  })
})

describe('hotspotLayers', () => {
  it('rings live alerts at their centre, as wide as the cluster plus 50 m; closed ones are not drawn', () => {
    const layers = hotspotLayers([alert(1), alert(2, { status: 'acknowledged' }), alert(3, { status: 'closed' })], { scale: 2 })
    expect(ids(layers)).toEqual(['hotspot-rings', 'hotspot-halo'])
    const rings = byId(layers, 'hotspot-rings')
    expect((rings.props.data as HotspotAlert[]).map((a) => a.id)).toEqual([1, 2])
    expect(call(rings, 'getRadius', alert(1))).toBe(110)
    expect(call(rings, 'getLineColor', alert(1))).toEqual(HOTSPOT_COLOR)
    expect(call(rings, 'getLineColor', alert(2, { status: 'acknowledged' }))[3]).toBeLessThan(255)
    expect(rings.props.radiusMinPixels).toBe(24)
    // The halo marks only alerts nobody has acknowledged yet.
    expect((byId(layers, 'hotspot-halo').props.data as HotspotAlert[]).map((a) => a.id)).toEqual([1])
  })
})

describe('useHotspots', () => {
  let scope: EffectScope | null = null
  afterEach(() => scope?.stop())

  function start() {
    const calls: ((v: HotspotAlertList) => void)[] = []
    const acks: number[] = []
    const fetcher = {
      list: () => new Promise<HotspotAlertList>((resolve) => calls.push(resolve)),
      acknowledge: async (id: number) => {
        acks.push(id)
        return alert(id, { status: 'acknowledged', acknowledgedBy: 'commander' })
      },
    }
    const sock = fakeIo()
    scope = effectScope()
    const h = scope.run(() => useHotspots({ enabled: true, fetcher, io: sock.io }))!
    return { h, calls, acks, sock }
  }
  const settle = async () => {
    for (let i = 0; i < 3; i++) await nextTick()
  }

  it('loads the list, follows pushes, and reloads after a reconnection (pushes are not replayed)', async () => {
    const { h, calls, sock } = start()
    expect(calls).toHaveLength(1)
    calls[0]!({ asOf: '2030-01-01T07:00:00Z', canAcknowledge: true, items: [alert(1)] })
    await settle()
    expect(h.alerts.value.map((a) => a.id)).toEqual([1])
    expect(h.canAcknowledge.value).toBe(true)
    const before = calls.length
    sock.last().emit('hotspot', { change: 'opened', alert: alert(2, { pValue: 1e-15 }) })
    expect(h.alerts.value.map((a) => a.id)).toEqual([2, 1])
    sock.last().emit('hotspot', { change: 'closed', alert: alert(1, { status: 'closed', closedAt: '2030-01-01T07:05:00Z' }) })
    expect(h.live.value.map((a) => a.id)).toEqual([2])
    sock.last().transportClose()
    sock.last().connect()
    expect(calls.length).toBe(before + 1)
  })

  it('acknowledges and shows the answer', async () => {
    const { h, calls, acks } = start()
    calls[0]!({ asOf: '2030-01-01T07:00:00Z', canAcknowledge: true, items: [alert(1)] })
    await settle()
    await h.acknowledge(1)
    expect(acks).toEqual([1])
    expect(h.alerts.value[0]).toMatchObject({ id: 1, status: 'acknowledged' })
    expect(h.busyId.value).toBeNull()
  })

  it('can ride on the case stream socket: one connection for the wall, pushes and reconnections passed on', async () => {
    const lists: ((v: HotspotAlertList) => void)[] = []
    const fetcher = { list: () => new Promise<HotspotAlertList>((resolve) => lists.push(resolve)), acknowledge: async (id: number) => alert(id) }
    const sock = fakeIo()
    scope = effectScope()
    const h = scope.run(() => {
      const hot = useHotspots({ enabled: true, fetcher, io: null })
      useLiveCases({
        areaId: null,
        io: sock.io,
        fetcher: { list: async () => ({ items: [], total: 0, limit: 0, offset: 0 }) as never },
        onHotspot: (m) => hot.apply(m),
        onReconnected: () => hot.reload(),
      })
      return hot
    })!
    expect(sock.sockets).toHaveLength(1)
    lists[0]!({ asOf: '2030-01-01T07:00:00Z', canAcknowledge: false, items: [alert(1)] })
    await settle()
    sock.last().emit('hotspot', { change: 'opened', alert: alert(2, { pValue: 1e-15 }) })
    expect(h.alerts.value.map((a) => a.id)).toEqual([2, 1])
    const before = lists.length
    sock.last().transportClose()
    sock.last().connect()
    expect(lists.length).toBe(before + 1)
  })

  it('reads the list again every 5 s for 25 s after new cases, one series at a time, for alerts whose push went elsewhere', async () => {
    vi.useFakeTimers()
    try {
      const { h, calls } = start()
      calls[0]!({ asOf: '2030-01-01T07:00:00Z', canAcknowledge: false, items: [] })
      h.afterCases()
      h.afterCases()
      await vi.advanceTimersByTimeAsync(4_999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(20_000)
      expect(calls).toHaveLength(6)
      h.afterCases()
      await vi.advanceTimersByTimeAsync(5_000)
      expect(calls).toHaveLength(7)
    } finally {
      vi.useRealTimers()
    }
  })
})
