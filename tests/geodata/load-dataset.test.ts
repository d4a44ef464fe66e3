import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { generateDistrict } from '../../geodata/generate/index.ts'
import { loadDataset } from '../../geodata/lib/load-dataset.ts'
import { testDatabases } from '../helpers/databases.ts'

const embedded = testDatabases().find((d) => d.name === 'embedded')!

describe('loading a dataset', () => {
  let pool: pg.Pool
  const counts = async () =>
    (await pool.query<{ areas: number; buildings: number; edges: number }>(
      `SELECT (SELECT count(*)::int FROM areas) AS areas, (SELECT count(*)::int FROM buildings) AS buildings,
              (SELECT count(*)::int FROM walk_edges) AS edges`,
    )).rows[0]

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: embedded.url, max: 2 })
  })
  afterAll(async () => {
    await pool.end()
  })

  it('refuses to load over an existing geography unless asked to replace it', async () => {
    const before = await counts()
    const data = generateDistrict()
    await expect(loadDataset(pool, data)).rejects.toThrow(/already holds a geography/)
    expect(await counts()).toEqual(before)
  })

  it('writes nothing when a row is bad: the whole load is one transaction', async () => {
    const before = await counts()
    const data = generateDistrict()
    // A worker in an area that does not exist: fails after areas, compounds and buildings went in.
    data.workers[data.workers.length - 1] = { ...data.workers[data.workers.length - 1], areaId: 'NOPE' }
    const error = await loadDataset(pool, data, { replace: true }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/loading workers rows/)
    expect(await counts()).toEqual(before)
  })
})
