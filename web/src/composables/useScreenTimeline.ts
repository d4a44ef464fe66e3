/**
 * What the wall display shows as "now": the live picture, or a replayed day (回放) at its moving
 * cursor. The map, the hours, the categories and the ticker read from here; the KPI tiles stay live.
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import type { CaseView } from '../api/case-types.ts'
import { startOfDayCst } from './cst-time.ts'
import type { CaseLite } from './recent-cases.ts'
import type { UseCaseReplayReturn } from './useCaseReplay.ts'
import type { ReplayDay } from './useReplayDays.ts'
import { useFrameClock } from './useClock.ts'
import type { Pulse, UseLiveCasesReturn } from './useLiveCases.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

export interface UseScreenTimelineOptions {
  live: UseLiveCasesReturn
  replay: UseCaseReplayReturn
  /** The wall clock (useNow). */
  now: Ref<number>
  /** How long a live arrival pulses on the map (real time). */
  livePulseMs: number
  /** How long a replayed arrival pulses (replayed time); must match the replay's own pulseMs. */
  replayPulseMs: number
  /** Days offered for replay: those with cases (useReplayDays), newest first. */
  replayDays: Ref<readonly ReplayDay[]>
}

export interface UseScreenTimelineReturn {
  replaying: ComputedRef<boolean>
  /** Midnight (China time) of today. */
  today: ComputedRef<number>
  cases: ComputedRef<readonly CaseLite[]>
  ticker: ComputedRef<readonly CaseView[]>
  pulses: ComputedRef<readonly Pulse[]>
  /** The moment shown: the replay cursor, or now (to the minute, so memoised aggregates hold for a minute). */
  at: ComputedRef<number>
  /** Midnight of the day shown. */
  day: ComputedRef<number>
  /** The clock the pulses are drawn at: animation frames while live pulses run, else the replay cursor. */
  pulseNow: ComputedRef<number>
  pulseMs: ComputedRef<number>
  days: ComputedRef<readonly ReplayDay[]>
  /** Where the replay slider ends: the end of the day, or now for today. */
  replayEnd: ComputedRef<number>
  /** Load a day and start playing it. */
  openReplay: (day: number) => Promise<void>
}

export function useScreenTimeline(options: UseScreenTimelineOptions): UseScreenTimelineReturn {
  const { live, replay, now } = options
  const replaying = computed(() => replay.day.value !== null)
  const minute = computed(() => Math.floor(now.value / 60_000) * 60_000)
  const today = computed(() => startOfDayCst(minute.value))
  const pulsing = computed(() => !replaying.value && live.pulses.value.some((p) => now.value - p.at < options.livePulseMs + 1000))
  const frame = useFrameClock(pulsing)

  return {
    replaying,
    today,
    cases: computed(() => (replaying.value ? (replay.frame.value?.cases ?? []) : live.cases.value)),
    ticker: computed(() => (replaying.value ? (replay.frame.value?.ticker ?? []) : live.ticker.value)),
    pulses: computed(() => (replaying.value ? (replay.frame.value?.pulses ?? []) : live.pulses.value)),
    at: computed(() => (replaying.value ? replay.cursor.value : minute.value)),
    day: computed(() => replay.day.value ?? today.value),
    pulseNow: computed(() => (replaying.value ? replay.cursor.value : frame.value)),
    pulseMs: computed(() => (replaying.value ? options.replayPulseMs : options.livePulseMs)),
    days: computed(() => options.replayDays.value),
    replayEnd: computed(() => Math.min((replay.day.value ?? 0) + DAY_MS - 60_000, now.value)),
    async openReplay(day) {
      await replay.open(day)
      if (replay.day.value === day && !replay.error.value) replay.play()
    },
  }
}
