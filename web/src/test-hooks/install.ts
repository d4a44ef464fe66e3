/**
 * Installs the window hooks the end-to-end tests read: from then on each view that publishes its probe
 * (views/view-probe.ts) gets its window.__explore / __planner / __screen while it is mounted.
 */
import { consumeViewProbe } from '../views/view-probe.ts'
import { exposeExploreHooks } from './explore.ts'
import { exposePlannerHooks } from './planner.ts'
import { exposeScreenHooks } from './screen.ts'

export function installTestHooks(): void {
  consumeViewProbe('explore', exposeExploreHooks)
  consumeViewProbe('planner', exposePlannerHooks)
  consumeViewProbe('screen', exposeScreenHooks)
}
