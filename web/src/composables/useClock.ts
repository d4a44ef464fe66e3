/**
 * Clocks for the wall display: a wall clock that ticks once a second (the title bar, "3 分钟前"), a
 * repeating task, and an animation clock that runs only while something is animating so an idle
 * screen draws nothing.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'

export interface UseNowOptions {
  /** @default 1000 */
  intervalMs?: number
  now?: () => number
}

/** The time (epoch ms), updated every `intervalMs`. */
export function useNow(options: UseNowOptions = {}): ShallowRef<number> {
  const now = options.now ?? Date.now
  const t = shallowRef(now())
  const timer = setInterval(() => (t.value = now()), options.intervalMs ?? 1000)
  onScopeDispose(() => clearInterval(timer))
  return t
}

/** Run `task` every `ms` until the scope ends. */
export function useEvery(ms: number, task: () => void): void {
  const timer = setInterval(task, ms)
  onScopeDispose(() => clearInterval(timer))
}

export interface UseFrameClockOptions {
  /** Frames per second at most; software-rendered WebGL on a kiosk cannot do 60. @default 24 */
  fps?: number
  now?: () => number
  raf?: (cb: () => void) => number
  caf?: (id: number) => void
}

/** The time (epoch ms), updated on animation frames while `active` is true, and left alone otherwise. */
export function useFrameClock(active: MaybeRefOrGetter<boolean>, options: UseFrameClockOptions = {}): ShallowRef<number> {
  const now = options.now ?? Date.now
  const raf = options.raf ?? ((cb) => requestAnimationFrame(cb))
  const caf = options.caf ?? ((id) => cancelAnimationFrame(id))
  const minGap = 1000 / (options.fps ?? 24)
  const t = shallowRef(now())
  let frame: number | null = null

  function tick() {
    frame = null
    if (!toValue(active)) return
    const n = now()
    if (n - t.value >= minGap) t.value = n
    frame = raf(tick)
  }

  watch(
    () => toValue(active),
    (on) => {
      if (on && frame === null) {
        t.value = now()
        frame = raf(tick)
      } else if (!on && frame !== null) {
        caf(frame)
        frame = null
      }
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    if (frame !== null) caf(frame)
    frame = null
  })
  return t
}
