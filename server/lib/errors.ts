/** An error whose message is safe to show the client; code is stable and can be branched on. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new HttpError(400, code, message)
export const notFound = (message: string, code = 'NOT_FOUND') => new HttpError(404, code, message)
export const conflict = (message: string, code = 'CONFLICT', details?: Record<string, unknown>) =>
  new HttpError(409, code, message, details)
