/**
 * window.__screen: what an end-to-end test needs to watch the wall display and to cut its socket the
 * way a network failure would. Reads state only; the test still checks what the page shows.
 */
import type { ScreenProbe } from '../views/view-probe.ts'
import { exposeHooks } from './window-hooks.ts'

export function exposeScreenHooks(src: ScreenProbe): () => void {
  const { live, wall } = src
  return exposeHooks('__screen', {
    /** Map drawn, socket caught up, first snapshot in. */
    idle: () => !!src.map()?.loaded() && live.state.value === 'live' && !!wall.snapshot.value && live.lastSyncAt.value !== null,
    state: () => ({
      state: live.state.value,
      lastEventId: live.lastEventId.value,
      counters: live.counters.value,
      tickerIds: live.ticker.value.map((c) => c.id),
      cases: live.cases.value.length,
      today: wall.snapshot.value?.parts.cases.counts.today ?? null,
      statsRequests: wall.requests.value,
      asOf: wall.snapshot.value?.asOf ?? null,
      snapshotEventId: wall.snapshot.value?.eventId ?? null,
      heatMode: src.heatMode.value,
    }),
    /** Close the socket on purpose (no automatic reconnection) and open it again. */
    pause: live.pause,
    resume: live.resume,
    /** Drop the transport; socket.io reconnects by itself. */
    drop: live.drop,
  })
}
