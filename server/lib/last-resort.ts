import { isDatabaseUnavailable } from '../db/unavailable.ts'

export interface LastResortLog {
  error(obj: object, msg: string): void
  fatal(obj: object, msg: string): void
}

/** The part of `process` the handler uses (a fake in tests). */
export interface ProcessLike {
  on(event: 'uncaughtException', listener: (err: Error) => void): unknown
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown
  exit(code: number): never | void
}

/**
 * What happens to an error nothing else caught. A lost database connection is an outage, not a bug:
 * the process logs it and keeps serving (requests answer 503 and everything recovers when the
 * database returns). Anything else is a bug whose damage cannot be known — a half-run handler, state
 * left inconsistent — so it is logged at fatal with its stack and the process exits with 1 for its
 * supervisor to start a clean one, as Node itself would.
 */
export function lastResortAction(err: unknown): 'keep-serving' | 'exit' {
  return isDatabaseUnavailable(err) ? 'keep-serving' : 'exit'
}

/** Install the handlers; `log` is asked at each error, so the app's logger can replace a console one. */
export function installLastResort(log: () => LastResortLog, proc: ProcessLike = process): void {
  const handle = (kind: string) => (err: unknown) => {
    if (lastResortAction(err) === 'keep-serving') {
      log().error({ err }, `${kind}: the database connection failed; serving on`)
      return
    }
    log().fatal({ err }, `${kind}: exiting`)
    proc.exit(1)
  }
  proc.on('uncaughtException', handle('uncaught exception'))
  proc.on('unhandledRejection', handle('unhandled rejection'))
}

/** A console logger for before the app's own exists; prints the stack of an Error. */
export const consoleLastResortLog: LastResortLog = {
  error: (obj, msg) => console.error(`[红色领航] ${msg}:`, (obj as { err?: unknown }).err),
  fatal: (obj, msg) => console.error(`[红色领航] FATAL ${msg}:`, (obj as { err?: unknown }).err),
}
