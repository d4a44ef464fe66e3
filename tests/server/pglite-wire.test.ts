import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
