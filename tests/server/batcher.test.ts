import { describe, expect, it } from 'vitest'
import { Batcher } from '../../server/plugins/cases/batcher.ts'

class Refused extends Error {}

/** A run that, like one SQL statement, fails whole when any item is bad, and records what it was given. */
function fakeStore(opts: { failAfterWrite?: boolean } = {}) {
  const runs: string[][] = []
  const written: string[] = []
  const run = async (items: string[]) => {
    runs.push(items)
    await Promise.resolve()
    if (items.some((i) => i.startsWith('bad'))) {
      if (opts.failAfterWrite) written.push(...items)
      throw new Refused(`refused ${items.find((i) => i.startsWith('bad'))}`)
    }
    written.push(...items)
    return items.map((i) => `stored ${i}`)
  }
  return { runs, written, run }
}

describe('Batcher', () => {
  it('groups requests that arrive together, and gives each its own result', async () => {
    const store = fakeStore()
    const b = new Batcher(store.run, { maxBatch: 10, maxConcurrent: 1 })
    const out = await Promise.all(['a', 'b', 'c'].map((x) => b.submit(x)))
    expect(out).toEqual(['stored a', 'stored b', 'stored c'])
    expect(store.runs).toEqual([['a', 'b', 'c']])
  })

  it('retries a failed batch one by one when nothing was written, failing only the bad request', async () => {
    const store = fakeStore()
    const b = new Batcher(store.run, { maxBatch: 100, maxConcurrent: 2, retrySingly: (e) => e instanceof Refused })
    const items = Array.from({ length: 200 }, (_, i) => (i === 57 || i === 140 ? `bad-${i}` : `good-${i}`))
    const results = await Promise.allSettled(items.map((x) => b.submit(x)))
    results.forEach((r, i) => {
      if (items[i].startsWith('bad')) {
        expect(r.status).toBe('rejected')
        expect((r as PromiseRejectedResult).reason.message).toBe(`refused ${items[i]}`)
      } else {
        expect(r).toEqual({ status: 'fulfilled', value: `stored ${items[i]}` })
      }
    })
    // Every good request written exactly once, the bad ones never.
    expect([...store.written].sort()).toEqual(items.filter((x) => x.startsWith('good')).sort())
    expect(store.runs.some((r) => r.length > 1)).toBe(true)
  })

  it('passes a failure on to the whole batch when the run may have written (no retry, no double write)', async () => {
    const store = fakeStore({ failAfterWrite: true })
    const b = new Batcher(store.run, { maxBatch: 100, maxConcurrent: 1, retrySingly: () => false })
    const results = await Promise.allSettled(['good-1', 'bad-2', 'good-3'].map((x) => b.submit(x)))
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(store.runs).toEqual([['good-1', 'bad-2', 'good-3']])
    expect(store.written).toEqual(['good-1', 'bad-2', 'good-3'])
  })

  it('keeps working after a failed batch', async () => {
    const store = fakeStore()
    const b = new Batcher(store.run, { maxBatch: 100, maxConcurrent: 1, retrySingly: (e) => e instanceof Refused })
    await Promise.allSettled(['bad-1', 'good-2'].map((x) => b.submit(x)))
    await expect(b.submit('good-3')).resolves.toBe('stored good-3')
  })

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
