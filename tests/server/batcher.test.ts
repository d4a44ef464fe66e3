import { describe, expect, it } from 'vitest'
import { Batcher } from '../../server/plugins/cases/batcher.ts'

describe('Batcher', () => {
  it('fails every item of a batch whose shared step failed (nothing of it was committed)', async () => {
    const down = new Error('Connection terminated unexpectedly')
    const b = new Batcher<number, number>(async () => Promise.reject(down), { maxBatch: 10, maxConcurrent: 1 })
    const out = await Promise.allSettled([b.submit(1), b.submit(2)])
    expect(out).toEqual([{ status: 'rejected', reason: down }, { status: 'rejected', reason: down }])
  })

  it('fails only the item whose own last step failed after the shared commit', async () => {
    const down = new Error('Connection terminated unexpectedly')
    const sizes: number[] = []
    const b = new Batcher<number, number>(
      async (items) => {
        sizes.push(items.length)
        return items.map((i) => (i === 2 ? Promise.reject(down) : i * 10))
      },
      { maxBatch: 10, maxConcurrent: 1 },
    )
    const out = await Promise.allSettled([b.submit(1), b.submit(2), b.submit(3)])
    expect(sizes).toEqual([3])
    expect(out).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: down },
      { status: 'fulfilled', value: 30 },
    ])
  })
})
