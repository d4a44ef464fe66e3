import { Worker, type ResourceLimits } from 'node:worker_threads'
import type pg from 'pg'
import { HttpError } from '../../lib/errors.ts'
import { coverageOps, type CoverageOp, type CoverageOps } from './engine-ops.ts'
import type { EngineReply, EngineRequest, EngineWorkerData } from './engine-protocol.ts'

/** An answer as the route sends it: bytes serialised by a worker, or the value computed in this thread. */
export type Answer<T> = { bytes: Buffer; kind: 'json' | 'text' } | { value: T }

type Result<Op extends CoverageOp> = Awaited<ReturnType<CoverageOps[Op]>>
type Args<Op extends CoverageOp> = Parameters<CoverageOps[Op]>[0]

export interface Engine {
  call<Op extends CoverageOp>(op: Op, args: Args<Op>): Promise<Answer<Result<Op>>>
  /** Build the model in every worker (at start, so that the first question is quick). */
  warm(): Promise<void>
  close(): Promise<void>
}

export interface EngineOptions {
  /** Worker threads; 0 answers in the request thread (one heavy question then holds up every request). */
  workers: number
  /** The database the workers connect to (the server's own URL, embedded or not). */
  url: string
  /** The request thread's pool, used only with workers = 0. */
  pool: pg.Pool
  speedKmh: number
  log?: (message: string, err?: unknown) => void
  /** Heap limits of each worker; one that runs out stops alone, as a crash would (tests use this). */
  resourceLimits?: ResourceLimits
}

/** Coverage answers in worker threads (or in this thread with workers = 0); see engine-ops.ts. */
export function createEngine(options: EngineOptions): Engine {
  if (options.workers > 0) return new EnginePool(options)
  const ops = coverageOps(options.pool, options.speedKmh)
  return {
    call: async (op, args) => ({ value: await (ops[op] as (a: unknown) => Promise<never>)(args) }),
    warm: async () => {
      await ops.warm()
    },
    close: async () => {},
  }
}

interface Job {
  resolve: (answer: Answer<never>) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker
  jobs: Map<number, Job>
  exited: Promise<void>
  alive: boolean
}

const BOOT = new URL('./engine-worker-boot.mjs', import.meta.url)
// Each worker loads the district with one connection and answers gaps with another.
const WORKER_POOL_SIZE = 2

class EnginePool implements Engine {
  private readonly slots: Slot[] = []
  private nextId = 1
  private closing = false

  constructor(private readonly options: EngineOptions) {
    for (let i = 0; i < options.workers; i++) this.slots.push(this.spawn())
  }

  call<Op extends CoverageOp>(op: Op, args: Args<Op>): Promise<Answer<Result<Op>>> {
    if (this.closing) return Promise.reject(unavailable('the server is shutting down'))
    this.replaceStopped()
    // The least busy worker: a long answer in one does not hold up the others'.
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a))
    return this.send(slot, op, args) as Promise<Answer<Result<Op>>>
  }

  async warm() {
    this.replaceStopped()
    await Promise.all(this.slots.map((s) => this.send(s, 'warm', undefined)))
  }

  /**
   * A worker that stopped (a crash, running out of memory) is replaced when the next question comes,
   * not when it stops: one that cannot start at all then fails questions instead of restarting in a loop.
   */
  private replaceStopped() {
    this.slots.forEach((s, i) => {
      if (s.alive) return
      this.options.log?.('starting a coverage engine worker in place of one that stopped')
      this.slots[i] = this.spawn()
    })
  }

  async close() {
    this.closing = true
    await Promise.all(
      this.slots.map(async (s) => {
        s.worker.postMessage('close')
        const timer = setTimeout(() => void s.worker.terminate(), 5000)
        await s.exited
        clearTimeout(timer)
      }),
    )
  }

  private send(slot: Slot, op: string, args: unknown): Promise<Answer<never>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      if (!slot.alive) return reject(unavailable('the coverage engine stopped; try again'))
      slot.jobs.set(id, { resolve, reject })
      try {
        slot.worker.postMessage({ id, op, args } satisfies EngineRequest)
      } catch (err) {
        slot.jobs.delete(id)
        reject(err as Error)
      }
    })
  }

  private spawn(): Slot {
    const workerData: EngineWorkerData = { url: this.options.url, speedKmh: this.options.speedKmh, poolSize: WORKER_POOL_SIZE }
    const worker = new Worker(BOOT, { workerData, name: 'coverage-engine', resourceLimits: this.options.resourceLimits })
    const slot: Slot = { worker, jobs: new Map(), exited: new Promise((resolve) => worker.once('exit', () => resolve())), alive: true }
    worker.on('message', (m: EngineReply) => {
      const job = slot.jobs.get(m.id)
      if (!job) return
      slot.jobs.delete(m.id)
      if (m.ok) job.resolve({ bytes: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), kind: m.kind })
      else if (m.error.statusCode) job.reject(new HttpError(m.error.statusCode, m.error.code ?? 'ERROR', m.error.message, m.error.details))
      else job.reject(new Error(`coverage engine: ${m.error.message}`))
    })
    worker.on('error', (err) => this.options.log?.('coverage engine worker failed', err))
    worker.once('exit', (code) => {
      slot.alive = false
      for (const job of slot.jobs.values()) job.reject(unavailable(`the coverage engine stopped (exit code ${code}) while answering; try again`))
      slot.jobs.clear()
      if (!this.closing) this.options.log?.(`coverage engine worker exited with code ${code}`)
    })
    return slot
  }
}

const unavailable = (message: string) => new HttpError(503, 'ENGINE_UNAVAILABLE', message)
