import { parentPort, workerData } from 'node:worker_threads'
import pg from 'pg'
import '../../db/pg-types.ts'
import { HttpError } from '../../lib/errors.ts'
import { coverageOps, type CoverageOp } from './engine-ops.ts'
import type { EngineReply, EngineRequest, EngineWorkerData } from './engine-protocol.ts'

/**
 * An engine worker: its own small pool, its own model of the district (rebuilt with the dataset
 * revision, as in the server's thread), and every answer serialised here so that the request thread
 * only forwards bytes.
 */
const { url, speedKmh, poolSize } = workerData as EngineWorkerData
const db = new pg.Pool({ connectionString: url, max: poolSize })
db.on('error', () => {}) // an idle connection dropped; the next query opens another
const ops = coverageOps(db, speedKmh)
const encoder = new TextEncoder()
const port = parentPort!

port.on('message', async (m: EngineRequest | 'close') => {
  if (m === 'close') {
    await db.end().catch(() => {})
    port.close()
    return
  }
  let reply: EngineReply
  try {
    const value: unknown = await (ops[m.op as CoverageOp] as (args: unknown) => Promise<unknown>)(m.args)
    const text = typeof value === 'string'
    const body = encoder.encode(text ? value : JSON.stringify(value))
    reply = { id: m.id, ok: true, kind: text ? 'text' : 'json', body }
    port.postMessage(reply, [body.buffer])
    return
  } catch (err) {
    const e = err as Error
    reply = {
      id: m.id,
      ok: false,
      error: e instanceof HttpError ? { statusCode: e.statusCode, code: e.code, message: e.message, details: e.details } : { message: e.stack ?? e.message },
    }
  }
  port.postMessage(reply)
})
