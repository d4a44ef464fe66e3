/**
 * Telling "the database cannot be reached right now" apart from every other failure. Those errors are
 * operational: the request may be retried once the database is back, and the process must keep
 * serving. Anything else (a bad query, a constraint, a bug) is not one of them.
 */

/** Socket-level failures of the connection to the database (Node's error codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * SQLSTATEs meaning the server is going, gone or not accepting sessions: class 08 (connection
 * exception), 57P01 admin_shutdown (pg_terminate_backend, `pg_ctl stop -m fast`), 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up, shutting down, in recovery), 53300 too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

/** What `pg` and `pg-pool` say when a connection dies or cannot be had in time; they set no code. */
const MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/,
  /is not queryable$/, // "Client has encountered a connection error and is not queryable"
  /^Client was closed/,
]

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const { code, message, errors, cause } = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown }
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true
  }
  if (typeof message === 'string' && MESSAGES.some((re) => re.test(message))) return true
  // Node reports a refused connection to every address of a host name as one AggregateError.
  if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable)) return true
  return cause !== undefined && cause !== err && isDatabaseUnavailable(cause)
}

/**
 * A short reason fit for anyone to read (health is public): the code and PostgreSQL's own sentence,
 * never the host, port or user a network error names.
 */
export function unavailableReason(err: unknown): string {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return `the database cannot be reached (${code})`
  if (typeof code === 'string' && /^(08|57|53)/.test(code) && typeof message === 'string') return `the database cannot be used (${code}: ${message})`
  if (typeof message === 'string' && MESSAGES.some((re) => re.test(message))) return `the database connection failed (${message})`
  if (err instanceof AggregateError && err.errors.length) return unavailableReason(err.errors[0])
  return `the database check failed${typeof code === 'string' ? ` (${code})` : ''}`
}

/** Whether the database answers a trivial query (within `timeoutMs` unless null), and if not, why (see unavailableReason). */
export async function checkDatabase(pool: { query(sql: string): Promise<unknown> }, timeoutMs: number | null): Promise<{ ok: true } | { ok: false; reason: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    if (timeoutMs !== null) timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  // A query left behind by the timeout settles later on its own; its failure must not go unhandled.
  const query = pool.query('SELECT 1').then(() => 'ok' as const)
  query.catch(() => {})
  try {
    const r = await Promise.race([query, timeout])
    return r === 'ok' ? { ok: true } : { ok: false, reason: `the database did not answer within ${timeoutMs} ms` }
  } catch (err) {
    return { ok: false, reason: unavailableReason(err) }
  } finally {
    clearTimeout(timer)
  }
}
