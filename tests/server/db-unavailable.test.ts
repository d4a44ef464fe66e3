/**
 * Which errors mean "the database cannot be reached" (503, keep serving) and which are bugs (500, and
 * at the last resort: log fatal and exit). The error shapes are the ones `pg` 8 and `pg-pool` 3 really
 * produce (captured from a terminated backend, a refused connection and a pool timeout).
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { checkDatabase, isDatabaseUnavailable, unavailableReason } from '../../server/db/unavailable.ts'
import { installLastResort, lastResortAction, type LastResortLog } from '../../server/lib/last-resort.ts'

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' })
const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED', address: '10.1.2.3', port: 5432 })

const UNAVAILABLE: [string, unknown][] = [
  ['connection refused', refused],
  ['refused on every address of a host name', new AggregateError([refused, { ...refused }], '')],
  ['pg_terminate_backend / pg_ctl stop -m fast', pgError('57P01', 'terminating connection due to administrator command')],
  ['server starting up', pgError('57P03', 'the database system is starting up')],
  ['connection exception class 08', pgError('08006', 'connection failure')],
  ['too many connections', pgError('53300', 'sorry, too many clients already')],
  ['a connection that died', new Error('Connection terminated unexpectedly')],
  ['a client used after its connection died', new Error('Client has encountered a connection error and is not queryable')],
  ['no pool connection in time', new Error('timeout exceeded when trying to connect')],
  ['wrapped with a cause', new Error('loading the walk network', { cause: refused })],
]

const NOT_UNAVAILABLE: [string, unknown][] = [
  ['a syntax error', pgError('42601', 'syntax error at or near "SELEC"')],
  ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
  ['a serialization failure (retry is the caller’s business)', pgError('40001', 'could not serialize access')],
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['a string thrown', 'Connection terminated'],
  ['nothing', undefined],
]

describe('isDatabaseUnavailable', () => {
  it.each(UNAVAILABLE)('is true for %s', (_, err) => expect(isDatabaseUnavailable(err)).toBe(true))
  it.each(NOT_UNAVAILABLE)('is false for %s', (_, err) => expect(isDatabaseUnavailable(err)).toBe(false))
})

describe('unavailableReason', () => {
  it('names the code and PostgreSQL’s sentence but never the host or port', () => {
    expect(unavailableReason(refused)).toBe('the database cannot be reached (ECONNREFUSED)')
    expect(unavailableReason(new AggregateError([refused], ''))).toBe('the database cannot be reached (ECONNREFUSED)')
    expect(unavailableReason(pgError('57P03', 'the database system is starting up'))).toBe(
      'the database cannot be used (57P03: the database system is starting up)',
    )
    expect(unavailableReason(new Error('Connection terminated unexpectedly'))).toMatch(/Connection terminated unexpectedly/)
    for (const [, err] of UNAVAILABLE) expect(unavailableReason(err)).not.toMatch(/10\.1\.2\.3|5432/)
  })
})

describe('checkDatabase', () => {
  it('is ok when the query answers, degraded with the reason when it fails or does not answer in time', async () => {
    expect(await checkDatabase({ query: async () => ({}) }, 100)).toEqual({ ok: true })
    expect(await checkDatabase({ query: async () => Promise.reject(refused) }, 100)).toEqual({
      ok: false,
      reason: 'the database cannot be reached (ECONNREFUSED)',
    })
    let settle!: (v: unknown) => void
    const hanging = new Promise((_, reject) => (settle = reject))
    expect(await checkDatabase({ query: () => hanging }, 30)).toEqual({ ok: false, reason: 'the database did not answer within 30 ms' })
    settle(refused) // late failure of the abandoned query: handled, not an unhandled rejection
  })

  it('without a time limit (the embedded database, busy but never away) waits for the answer', async () => {
    const slow = () => new Promise((r) => setTimeout(r, 60))
    expect(await checkDatabase({ query: slow }, null)).toEqual({ ok: true })
    expect(await checkDatabase({ query: slow }, 20)).toEqual({ ok: false, reason: 'the database did not answer within 20 ms' })
  })
})

describe('the last-resort handler', () => {
  function harness() {
    const proc = Object.assign(new EventEmitter(), { exits: [] as number[], exit(code: number) { this.exits.push(code) } })
    const lines: { level: string; msg: string; err: unknown }[] = []
    const log: LastResortLog = {
      error: (obj, msg) => lines.push({ level: 'error', msg, err: (obj as { err: unknown }).err }),
      fatal: (obj, msg) => lines.push({ level: 'fatal', msg, err: (obj as { err: unknown }).err }),
    }
    installLastResort(() => log, proc as never)
    return { proc, lines }
  }

  it('logs a lost database connection and keeps serving', () => {
    const { proc, lines } = harness()
    const dead = new Error('Connection terminated unexpectedly')
    proc.emit('uncaughtException', dead)
    proc.emit('unhandledRejection', pgError('57P01', 'terminating connection due to administrator command'))
    expect(proc.exits).toEqual([])
    expect(lines.map((l) => l.level)).toEqual(['error', 'error'])
    expect(lines[0].err).toBe(dead)
  })

  it('logs anything else at fatal with the error (and so its stack) and exits with 1', () => {
    const { proc, lines } = harness()
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')")
    proc.emit('uncaughtException', bug)
    proc.emit('unhandledRejection', pgError('42601', 'syntax error'))
    expect(proc.exits).toEqual([1, 1])
    expect(lines.map((l) => l.level)).toEqual(['fatal', 'fatal'])
    expect((lines[0].err as Error).stack).toContain('TypeError')
    expect(lastResortAction(bug)).toBe('exit')
  })
})
