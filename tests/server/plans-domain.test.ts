import { describe, expect, it } from 'vitest'
import { compareRows, parseColumns, type ColumnAreas } from '../../server/domain/plans/compare.ts'
import type { AreaLevel } from '../../server/domain/vocabulary/index.ts'

const area = (id: string, level: AreaLevel, c5: number, c15: number, parentId: string | null = null) => ({
  id, level, name: `名${id}`, parentId, residents: 1000, covered: { '5': { residents: c5 }, '15': { residents: c15 } },
})

describe('plan comparison rows', () => {
  const now: ColumnAreas = { areas: [area('S2', 'street', 10, 50, 'D'), area('G1', 'grid', 1, 2, 'C1'), area('C1', 'community', 5, 20, 'S2'), area('D', 'district', 30, 120)] }
  const plan: ColumnAreas = { areas: [area('D', 'district', 41, 100), area('S2', 'street', 21, 30, 'D'), area('C1', 'community', 5, 26, 'S2'), area('G1', 'grid', 9, 9, 'C1')] }

  it('orders district, streets, communities, leaves grids out, and subtracts the first column', () => {
    const rows = compareRows([now, plan], [5, 15])
    expect(rows.map((r) => r.id)).toEqual(['D', 'S2', 'C1'])
    expect(rows[0]).toMatchObject({ covered: [{ '5': 30, '15': 120 }, { '5': 41, '15': 100 }], diff: [{ '5': 0, '15': 0 }, { '5': 11, '15': -20 }] })
    expect(rows[2]!.diff[1]).toEqual({ '5': 0, '15': 6 })
    // The reference is whichever column comes first.
    expect(compareRows([plan, now], [5, 15])[0]!.diff[1]).toEqual({ '5': -11, '15': 20 })
  })

  it('parses 2 to 4 distinct columns', () => {
    expect(parseColumns('now,pipeline,12')).toEqual([{ key: 'now' }, { key: 'pipeline' }, { key: 'plan', id: 12 }])
    for (const bad of ['now', 'now,now', '1,2,3,4,5', 'now,x', 'now,0', 'now,1.5']) expect(typeof parseColumns(bad), bad).toBe('string')
  })
})
