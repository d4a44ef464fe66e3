import type pg from 'pg'

/**
 * Run `work` in one transaction on a client of its own: committed if it returns, rolled back if it
 * throws (the error goes on), and the client always released. The one place that spells BEGIN …
 * COMMIT / ROLLBACK, so a failed step never leaves a half-written change or a client mid-transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    return await inClientTransaction(client, work)
  } finally {
    client.release()
  }
}

/** The same on a client the caller holds (and releases), e.g. one that also holds an advisory lock. */
export async function inClientTransaction<T>(client: pg.PoolClient, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}
