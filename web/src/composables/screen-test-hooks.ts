/**
 * window.__screen: what an end-to-end test needs to watch the wall display and to cut its socket the
 * way a network failure would. Reads state only; the test still checks what the page shows.
 */
import { config } from '../config.ts'

export interface ScreenHookSources {
  /** Map drawn, socket caught up, first stats in. */
  idle: () => boolean
  state: () => Record<string, unknown>
  /** Close the socket on purpose (no automatic reconnection) and open it again. */
  pause: () => void
  resume: () => void
  /** Drop the transport; socket.io reconnects by itself. */
  drop: () => void
}

export function exposeScreenHooks(src: ScreenHookSources): () => void {
  if (!config.testHooks) return () => {}
  Object.assign(window, { __screen: src })
  return () => Object.assign(window, { __screen: undefined })
}
