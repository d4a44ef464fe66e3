import { describe, expect, it } from 'vitest'
import { growGrids, MAX_SHARE, type BlockEdge, type GrowBlock } from '../../geodata/import/grids/grow-grids.ts'
import { partitionUnits } from '../../geodata/import/grids/partition.ts'

/** An n × m lattice of 100 m blocks, each touching its four neighbours along 100 m of street. */
function lattice(n: number, m: number, households: (i: number, j: number) => number) {
  const blocks: GrowBlock[] = []
  const edges: BlockEdge[] = []
  const id = (i: number, j: number) => i * m + j + 1
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      // i counts rows from the north, j columns from the west.
      blocks.push({ id: id(i, j), households: households(i, j), x: j * 100, y: -i * 100 })
      if (j + 1 < m) edges.push({ a: id(i, j), b: id(i, j + 1), sharedM: 100 })
      if (i + 1 < n) edges.push({ a: id(i, j), b: id(i + 1, j), sharedM: 100 })
    }
  }
  return { blocks, edges }
}

function connected(ids: number[], edges: BlockEdge[]): boolean {
  const inGrid = new Set(ids)
  const seen = new Set([ids[0]])
  const queue = [ids[0]]
  while (queue.length) {
    const b = queue.pop()!
    for (const e of edges) {
      const n = e.a === b ? e.b : e.b === b ? e.a : null
      if (n !== null && inGrid.has(n) && !seen.has(n)) (seen.add(n), queue.push(n))
    }
  }
  return seen.size === ids.length
}

describe('growGrids', () => {
  it('groups touching blocks into grids near the target, every block once, numbered from the north-west', () => {
    // 8 × 8 blocks of 40–160 households (a fixed pattern), two empty ones (a park, a road island).
    const h = (i: number, j: number) => ((i === 3 && j === 4) || (i === 6 && j === 1) ? 0 : 40 + ((i * 7 + j * 13) % 13) * 10)
    const { blocks, edges } = lattice(8, 8, h)
    const total = blocks.reduce((s, b) => s + b.households, 0)
    const grids = growGrids(blocks, edges, 400)
    expect(grids.flat().sort((a, b) => a - b)).toEqual(blocks.map((b) => b.id))
    const sums = grids.map((g) => g.reduce((s, id) => s + blocks[id - 1].households, 0))
    expect(sums.reduce((a, b) => a + b)).toBe(total)
    expect(Math.abs(grids.length - Math.round(total / 400))).toBeLessThanOrEqual(2)
    for (const [i, g] of grids.entries()) {
      expect(connected(g, edges), `grid ${i + 1} is in one piece`).toBe(true)
      expect(sums[i]).toBeGreaterThanOrEqual(0.5 * 400)
      expect(sums[i]).toBeLessThanOrEqual(MAX_SHARE * 400)
    }
    // Numbered from the north-west: the north-west corner's grid comes before the south-east corner's.
    expect(grids.findIndex((g) => g.includes(1))).toBeLessThan(grids.findIndex((g) => g.includes(64)))
    expect(grids.findIndex((g) => g.includes(1))).toBeLessThan(grids.length / 2)
  })

  it('moves edge blocks between grids when that evens them out', () => {
    // A row 300 | 100 | 120 | 200: merging alone gives 300 and 100 + 120 + 200 = 420; handing the 100 over
    // to the first grid gives 400 and 320, both nearer the target of 360.
    const hs = [300, 100, 120, 200]
    const { blocks, edges } = lattice(1, hs.length, (_, j) => hs[j])
    const grids = growGrids(blocks, edges, 360)
    expect(grids).toEqual([[1, 2], [3, 4]])
    for (const g of grids) expect(connected(g, edges)).toBe(true)
  })

  it('gives a community without households one grid, and a block touching nothing to the nearest grid', () => {
    const { blocks, edges } = lattice(2, 2, () => 0)
    expect(growGrids(blocks, edges, 400)).toEqual([[1, 2, 3, 4]])
    const island = { id: 9, households: 0, x: 1000, y: 0 }
    const populated = lattice(1, 3, () => 300)
    const grids = growGrids([...populated.blocks, island], populated.edges, 300)
    expect(grids.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 9])
    expect(grids.find((g) => g.includes(9))).toContain(3)
  })

  it('refuses a target that is not a positive number', () => {
    expect(() => growGrids([], [], 0)).toThrow(/positive number/)
  })
})

describe('partitionUnits', () => {
  it('splits by households into compact groups and keeps every unit once', () => {
    // Ten units along a line with 100 households each, one heavy unit of 500 at the east end.
    const units = [...Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, x: 116 + i * 0.001, y: 40, households: 100 })), { id: 'big', x: 116.011, y: 40, households: 500 }]
    const groups = partitionUnits(units, 4)
    expect(groups).toHaveLength(4)
    expect(groups.flat().map((u) => u.id).sort()).toEqual(units.map((u) => u.id).sort())
    const sums = groups.map((g) => g.reduce((s, u) => s + u.households, 0))
    expect(sums.reduce((a, b) => a + b)).toBe(1500)
    expect(Math.max(...sums)).toBeLessThanOrEqual(500)
    // Compact: each group is a run of neighbours along the line.
    for (const g of groups) {
      const xs = g.map((u) => u.x).sort()
      expect(units.filter((u) => u.x >= xs[0] && u.x <= xs[xs.length - 1])).toHaveLength(g.length)
    }
  })
})
