import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import type { Plan, PlanComparison, PlanInput } from '../../web/src/api/plans.ts'
import { usePlans } from '../../web/src/composables/usePlans.ts'
import { useWhatIf } from '../../web/src/composables/useWhatIf.ts'
import type { Scenario } from '../../web/src/api/types.ts'
import { columnDifference, compareTable, diffColor, diffTone, formatDiff } from '../../web/src/model/plan-compare.ts'

const cmp: PlanComparison = {
  minutes: [5, 15],
  columns: [
    { key: 'now', label: '现状', scenario: 'current', planId: null, stations: 10 },
    { key: 'pipeline', label: '规划全部建成', scenario: 'planned', planId: null, stations: 14 },
    { key: '7', label: '方案A', scenario: 'current', planId: 7, stations: 11 },
  ],
  rows: [
    { id: 'D', level: 'district', name: '全区', parentId: null, residents: 1000, covered: [{ '5': 100, '15': 400 }, { '5': 150, '15': 500 }, { '5': 90, '15': 430 }], diff: [{ '5': 0, '15': 0 }, { '5': 50, '15': 100 }, { '5': -10, '15': 30 }] },
    { id: 'S1', level: 'street', name: '一街道', parentId: 'D', residents: 600, covered: [{ '5': 60, '15': 300 }, { '5': 80, '15': 340 }, { '5': 50, '15': 330 }], diff: [{ '5': 0, '15': 0 }, { '5': 20, '15': 40 }, { '5': -10, '15': 30 }] },
    { id: 'C1', level: 'community', name: '一社区', parentId: 'S1', residents: 200, covered: [{ '5': 20, '15': 100 }, { '5': 20, '15': 100 }, { '5': 20, '15': 110 }], diff: [{ '5': 0, '15': 0 }, { '5': 0, '15': 0 }, { '5': 0, '15': 10 }] },
  ],
}

describe('plan comparison table and map numbers', () => {
  it('lays out one level with each column against the first, toned by sign', () => {
    const rows = compareTable(cmp, 5, ['street'])
    expect(rows.map((r) => r.id)).toEqual(['S1'])
    expect(rows[0]!.cells.map((c) => [c.covered, c.diff, c.tone])).toEqual([[60, null, 'same'], [80, 20, 'up'], [50, -10, 'down']])
    expect(rows[0]!.cells[1]!.share).toBeCloseTo(80 / 600)
    expect(compareTable(cmp, 15, ['district', 'community']).map((r) => r.id)).toEqual(['D', 'C1'])
  })

  it('differences between any two columns per area, and their colours', () => {
    const d = columnDifference(cmp.rows, 15, 1, 2)
    expect(Object.fromEntries(d)).toEqual({ D: -70, S1: -10, C1: 10 })
    expect(diffColor(0, 70)[3]).toBe(0)
    const gain = diffColor(10, 70)
    const loss = diffColor(-70, 70)
    expect(gain[1]).toBeGreaterThan(gain[0])
    expect(loss[0]).toBeGreaterThan(loss[1])
    expect(loss[3]).toBeGreaterThan(gain[3])
    expect([diffTone(3), diffTone(-1), diffTone(0)]).toEqual(['up', 'down', 'same'])
    expect([formatDiff(1234), formatDiff(-5), formatDiff(0)]).toEqual(['+1,234', '−5', '0'])
  })
})

describe('usePlans', () => {
  function setup(confirmAnswer = true) {
    const saved: Plan[] = []
    const stamp = new Date(0).toISOString()
    const toPlan = (id: number, p: PlanInput): Plan => ({
      id, name: p.name, scenario: p.scenario, changes: p.changes, createdAt: stamp, updatedAt: stamp,
      counts: { stationsAdded: p.changes.add?.length ?? 0, stationsMoved: p.changes.move?.length ?? 0, stationsRemoved: p.changes.remove?.length ?? 0 },
    })
    const fetcher = {
      list: vi.fn(async () => ({ items: saved.map(({ changes: _c, ...s }) => s) })),
      get: vi.fn(async (id: number) => saved.find((p) => p.id === id)!),
      create: vi.fn(async (p: PlanInput) => {
        const plan = toPlan(saved.length + 1, p)
        saved.push(plan)
        return plan
      }),
      update: vi.fn(async (id: number, patch: Partial<PlanInput>) => {
        const i = saved.findIndex((p) => p.id === id)
        saved[i] = toPlan(id, { ...saved[i]!, ...patch })
        return saved[i]!
      }),
      remove: vi.fn(async () => null),
      compare: vi.fn(),
    }
    const confirm = vi.fn(() => confirmAnswer)
    const scope = effectScope()
    const scenario = shallowRef<Scenario>('current')
    const stationIds = shallowRef<ReadonlySet<string>>(new Set(['S-1', 'S-2']))
    const whatIf = scope.run(() => useWhatIf({ scenario, stationIds, fetcher: { whatIf: vi.fn(() => new Promise<never>(() => {})) } }))!
    const plans = scope.run(() => usePlans({ scenario, whatIf, confirm, fetcher: fetcher as never }))!
    return { plans, whatIf, scenario, fetcher, confirm, saved }
  }

  it('saves the changes in hand in the what-if shape and opens them back, replacing what is there', async () => {
    const { plans, whatIf, scenario, fetcher, confirm } = setup()
    whatIf.add([120.1, 30.2], 'community_centre')
    whatIf.removeStation('S-1')
    expect(plans.unsaved.value).toBe(true)
    await plans.save('方案A')
    expect(fetcher.create).toHaveBeenCalledWith({
      name: '方案A', scenario: 'current',
      changes: { add: [{ id: 'h1', lng: 120.1, lat: 30.2, kind: 'community_centre' }], move: [], remove: ['S-1'] },
    })
    expect(plans.unsaved.value).toBe(false)
    expect(plans.items.value.map((p) => p.name)).toEqual(['方案A'])

    // Saved, so opening another asks nothing; the plan's changes replace the ones in hand.
    whatIf.clear()
    whatIf.moveStation('S-2', [120.3, 30.3])
    await plans.save('方案B')
    expect(await plans.open(1)).toBe(true)
    expect(confirm).not.toHaveBeenCalled()
    expect(whatIf.added.value.map((h) => [h.lngLat, h.kind])).toEqual([[[120.1, 30.2], 'community_centre']])
    expect([...whatIf.moved.value]).toEqual([])
    expect([...whatIf.removed.value]).toEqual(['S-1'])
    expect(scenario.value).toBe('current')
    expect(plans.current.value).toEqual({ id: 1, name: '方案A' })
    expect(plans.unsaved.value).toBe(false)
    await nextTick()
  })

  it('asks before unsaved changes are replaced, and keeps them when told no', async () => {
    const { plans, whatIf, confirm } = setup(false)
    whatIf.removeStation('S-2')
    await plans.save('撤一站')
    whatIf.add([120.5, 30.5])
    expect(plans.unsaved.value).toBe(true)
    expect(await plans.open(1)).toBe(false)
    expect(confirm).toHaveBeenCalledOnce()
    expect(whatIf.added.value).toHaveLength(1)
  })
})
