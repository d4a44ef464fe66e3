import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { serveWire, type WireServer } from '../../server/db/pglite-wire.ts'

// A bare PGlite (no PostGIS) is enough to check the protocol handling and starts in about a second.
describe('the embedded wire server', () => {
  let db: PGlite
  let wire: WireServer
  let pool: pg.Pool
  beforeAll(async () => {
    db = await PGlite.create()
    wire = await serveWire(db)
    pool = new pg.Pool({ host: '127.0.0.1', port: wire.port, user: 'postgres', database: 'postgres', max: 6 })
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)')
  })
  afterAll(async () => {
    await pool.end()
    await wire.close()
    await db.close()
  })

  it('keeps a connection in step after an error inside a transaction', async () => {
    // PGlite answers an error with two ReadyForQuery messages; pg must not see the second one.
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('INSERT INTO t VALUES ($1, $2)', [1, 'a'])
      await expect(client.query('INSERT INTO t VALUES ($1, $2)', [1, 'dup'])).rejects.toThrow(/duplicate key/)
      await client.query('ROLLBACK')
      const r = await client.query('SELECT count(*)::int AS n FROM t WHERE v = $1', ['a'])
      expect(r.rows).toEqual([{ n: 0 }])
    } finally {
      client.release()
    }
  })

  it('isolates an open transaction from other connections', async () => {
    const a = await pool.connect()
    try {
      await a.query('BEGIN')
      await a.query('INSERT INTO t VALUES ($1, $2)', [10, 'in-tx'])
      // Another connection's query waits until the transaction ends, then sees only committed rows.
      const other = pool.query('SELECT count(*)::int AS n FROM t WHERE id = $1', [10])
      await a.query('ROLLBACK')
      expect((await other).rows).toEqual([{ n: 0 }])
    } finally {
      a.release()
    }
  })

  it('runs many concurrent parameterised queries without mixing their answers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query('SELECT $1::int * 2 AS v, $2::text AS s', [i, `q${i}`])),
    )
    answers.forEach((r, i) => expect(r.rows[0]).toEqual({ v: i * 2, s: `q${i}` }))
  })

  it('rolls back the transaction of a client that disconnects', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: wire.port, user: 'postgres', database: 'postgres' })
    c.on('error', () => {}) // the abrupt end below is the point of the test
    await c.connect()
    await c.query('BEGIN')
    await c.query('INSERT INTO t VALUES ($1, $2)', [20, 'lost'])
    c.connection.stream.destroy()
    const r = await pool.query('SELECT count(*)::int AS n FROM t WHERE id = 20')
    expect(r.rows).toEqual([{ n: 0 }])
  })

  it('keeps none of the replies it passes on: the heap after GC stays level over 5,000 round trips', async () => {
    // With PGlite 0.5.8's execProtocolRaw, which keeps every reply message it parses, the heap doubled here.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const heapAfterGc = () => {
      gc()
      gc()
      return process.memoryUsage().heapUsed
    }
    await pool.query('CREATE TABLE soak (id serial PRIMARY KEY, v text)')
    const roundTrips = async (n: number) => {
      for (let i = 0; i < n; i++) {
        if (i % 2) await pool.query('SELECT id, v FROM soak ORDER BY id DESC LIMIT 20')
        else await pool.query('INSERT INTO soak (v) VALUES ($1)', [`value ${i} `.repeat(20)])
      }
    }
    await roundTrips(500)
    const warm = heapAfterGc()
    await roundTrips(5000)
    const after = heapAfterGc()
    expect(after / warm, `heap ${(warm / 1e6).toFixed(1)} MB after warm-up, ${(after / 1e6).toFixed(1)} MB after`).toBeLessThan(1.1)
  })

  it("leaves PGlite's own query API working after serving the wire", async () => {
    await pool.query('INSERT INTO t VALUES ($1, $2)', [30, 'direct'])
    const r = await db.query<{ v: string }>('SELECT v FROM t WHERE id = 30')
    expect(r.rows).toEqual([{ v: 'direct' }])
  })
})
