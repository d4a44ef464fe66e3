/**
 * window.__screen: what an end-to-end test needs to watch the wall display and to cut its socket the
 * way a network failure would. Reads state only; the test still checks what the page shows.
 */
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Ref } from 'vue'
import type { HeatMode } from '../model/case-heat.ts'
import { exposeHooks } from './test-hooks.ts'
import type { UseCaseStatsReturn } from '../composables/useCaseStats.ts'
import type { UseLiveCasesReturn } from '../composables/useLiveCases.ts'

export interface ScreenHookSources {
  map: () => MaplibreMap | null
  live: UseLiveCasesReturn
  stats: UseCaseStatsReturn
  heatMode: Ref<HeatMode>
}

export function exposeScreenHooks(src: ScreenHookSources): () => void {
  const { live, stats } = src
  return exposeHooks('__screen', {
    /** Map drawn, socket caught up, first stats in. */
    idle: () => !!src.map()?.loaded() && live.state.value === 'live' && !!stats.stats.value && live.lastSyncAt.value !== null,
    state: () => ({
      state: live.state.value,
      lastEventId: live.lastEventId.value,
      counters: live.counters.value,
      tickerIds: live.ticker.value.map((c) => c.id),
      cases: live.cases.value.length,
      today: stats.stats.value?.counts.today ?? null,
      statsRequests: stats.requests.value,
      heatMode: src.heatMode.value,
    }),
    /** Close the socket on purpose (no automatic reconnection) and open it again. */
    pause: live.pause,
    resume: live.resume,
    /** Drop the transport; socket.io reconnects by itself. */
    drop: live.drop,
  })
}
