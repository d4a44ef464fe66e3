/**
 * Every figure of the wall from one server aggregate (GET /api/wall/snapshot), so no two panels can
 * disagree: one answer, one as-of time. Kept current like useCaseStats (refetch-schedule.ts), except that
 * only a live event not yet counted (its id above the snapshot's event cursor) asks for a refresh.
 * The last good answer stays on screen through errors, with its own as-of time.
 */
import { onScopeDispose, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { ApiError } from '../api/request.ts'
import { wallApi, type WallApi, type WallSnapshot } from '../api/wall.ts'
import { refetchSchedule } from './refetch-schedule.ts'
import { useRequest } from './useRequest.ts'

export interface UseWallSnapshotOptions {
  /** Nothing loads while false. @default true */
  enabled?: MaybeRefOrGetter<boolean>
  fetcher?: Pick<WallApi, 'snapshot'>
  now?: () => number
  /** Quiet time after the last new event before refreshing. @default 2000 */
  debounceMs?: number
  /** Longest wait after the first new event of a burst. @default 10000 */
  maxWaitMs?: number
  /** Refresh this often regardless. @default 60000 */
  refreshMs?: number
  /** After a failure, or an answer still missing a part, try again this soon. @default 15000 */
  retryMs?: number
  /** An answer that lacks a part the server could not compute yet (e.g. the walking model still building). */
  incomplete?: (s: WallSnapshot) => boolean
}

export interface UseWallSnapshotReturn {
  snapshot: ShallowRef<WallSnapshot | null>
  error: ShallowRef<ApiError | null>
  loading: ShallowRef<boolean>
  /** When the last good answer arrived here (epoch ms). */
  fetchedAt: ShallowRef<number | null>
  /** Live events were applied: refresh soon if any is newer than the snapshot (debounced). */
  noteEvents: (ids: readonly number[]) => void
  /** Something changed that events do not show: refresh soon (debounced). */
  invalidate: () => void
  /** Refresh now. */
  refresh: () => Promise<void>
  /** Requests made so far (for tests and diagnostics). */
  requests: ShallowRef<number>
}

export function useWallSnapshot(options: UseWallSnapshotOptions = {}): UseWallSnapshotReturn {
  const fetcher = options.fetcher ?? wallApi

  const { data: snapshot, error, loading, execute, abort } = useRequest((_: null, signal) => fetcher.snapshot({}, signal), {
    clearErrorOnStart: false,
  })
  const schedule = refetchSchedule({
    load: async () => (await execute(null)) ?? null,
    incomplete: options.incomplete,
    now: options.now,
    debounceMs: options.debounceMs,
    maxWaitMs: options.maxWaitMs,
    refreshMs: options.refreshMs ?? 60_000,
    retryMs: options.retryMs,
    onStop: abort,
  })

  // Events at or below the cursor are in the snapshot already: counting them again would be double.
  function noteEvents(ids: readonly number[]) {
    const cursor = snapshot.value?.eventId ?? -1
    if (ids.some((id) => id > cursor)) schedule.invalidate()
  }

  watch(
    () => toValue(options.enabled ?? true),
    (on) => (on ? schedule.start() : schedule.stop()),
    { immediate: true },
  )
  onScopeDispose(schedule.stop)

  const { fetchedAt, invalidate, refresh, requests } = schedule
  return { snapshot, error, loading, fetchedAt, noteEvents, invalidate, refresh, requests }
}
