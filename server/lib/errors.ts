import { isDatabaseUnavailable } from '../db/unavailable.ts'

/** An error whose message is safe to show the client; code is stable and can be branched on. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Sent as Retry-After (seconds) when the failure is temporary. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new HttpError(400, code, message)
export const notFound = (message: string, code = 'NOT_FOUND') => new HttpError(404, code, message)
export const conflict = (message: string, code = 'CONFLICT', details?: Record<string, unknown>) =>
  new HttpError(409, code, message, details)

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
export const DB_RETRY_AFTER_S = 5

/** The answer to any request that failed because the database cannot be reached (see db/unavailable.ts). */
export const databaseUnavailable = () =>
  new HttpError(503, 'DB_UNAVAILABLE', 'the database cannot be reached at the moment; try again shortly', undefined, DB_RETRY_AFTER_S)

/**
 * For an error handler: a lost database becomes the 503 to answer, logged as operational (no stack);
 * any other error is returned unchanged.
 */
export function unavailableAs503<E>(err: E, log: { warn(obj: object, msg: string): void }): E | HttpError {
  if (!isDatabaseUnavailable(err)) return err
  log.warn({ code: (err as { code?: string }).code, message: (err as { message?: string }).message }, 'database unavailable')
  return databaseUnavailable()
}
