import { resolveWindow, WindowError } from '../../domain/cases/time-window.ts'
import type { WindowName } from '../../domain/vocabulary/index.ts'
import { badRequest } from '../../lib/errors.ts'

type WindowQuery = { window?: WindowName; from?: string; to?: string }

export const hasWindow = (q: WindowQuery) => q.window !== undefined || q.from !== undefined || q.to !== undefined

/** A request's window/from/to as a time range (null: none asked), or a 400 saying what is wrong with it. */
export function windowOf(q: WindowQuery, now: Date) {
  try {
    return resolveWindow(q, now)
  } catch (err) {
    if (err instanceof WindowError) throw badRequest(err.message, err.code)
    throw err
  }
}
