import { describe, expect, it } from 'vitest'
import type pg from 'pg'
import { perRevision } from '../../server/db/per-revision.ts'

// A stand-in for the pool: only dataset_info's revision is ever asked for.
const fakePool = (revision: { value: number }) =>
  ({ query: async () => ({ rows: [{ revision: revision.value }] }) }) as unknown as pg.Pool

describe('perRevision', () => {
  it('builds once per dataset revision and tells its owner when it rebuilds', async () => {
    const rev = { value: 1 }
    const builds: number[] = []
    let rebuilds = 0
    const cache = perRevision(fakePool(rev), async (r) => (builds.push(r), `model ${r}`), {
      checkEveryMs: 0,
      onRebuild: () => rebuilds++,
    })
    expect(await cache.get()).toBe('model 1')
    expect(await cache.get()).toBe('model 1')
    rev.value = 2
    expect(await cache.get()).toBe('model 2')
    expect(builds).toEqual([1, 2])
    expect(rebuilds).toBe(2)
  })

  it('forgets a failed build so the next request tries again', async () => {
    let attempt = 0
    const cache = perRevision(fakePool({ value: 7 }), async () => {
      attempt++
      if (attempt === 1) throw new Error('database busy')
      return 'ok'
    }, { checkEveryMs: 60_000 })
    await expect(cache.get()).rejects.toThrow('database busy')
    expect(await cache.get()).toBe('ok')
    expect(attempt).toBe(2)
  })
})
