/**
 * Live events over socket.io (namespace /live). The case engineer fills this in; until then it is the
 * agreed place for socket event names so that nothing else in the app ever hard-codes them.
 */
export const LIVE_NAMESPACE = '/live'

export interface LiveConnection {
  close(): void
}

/** Placeholder: no live feed yet. Returns a connection that does nothing. */
export function connectLive(): LiveConnection {
  return { close() {} }
}
