export interface SchedulerOptions {
  /** A run waits this long after the first new case, to take in the rest of a burst. @default 3000 */
  debounceMs?: number
  /** Runs start at least this far apart. @default 5000 */
  minGapMs?: number
  /** And at least this often, new cases or not (alerts fade without any). @default 60000 */
  everyMs?: number
}

/**
 * When the detector runs: soon after new cases (poke), at most every minGapMs, and every everyMs
 * regardless; one run at a time in this process. Pokes during a pending wait do not postpone it, so a
 * steady stream of cases still gets a run every few seconds. `run` must not throw (it is caught and
 * dropped here all the same, so a timer never carries an unhandled rejection). A run that resolves to
 * false did not happen (another instance held the detector's lock): it is tried again after minGapMs,
 * so this instance's clients hear of the alerts that other run opened (its pushes may not reach them)
 * within seconds rather than at the next minute.
 */
export class HotspotScheduler {
  private readonly debounceMs: number
  private readonly minGapMs: number
  private readonly everyMs: number
  private timer: ReturnType<typeof setTimeout> | null = null
  private interval: ReturnType<typeof setInterval> | null = null
  private running: Promise<void> | null = null
  private again = false
  private lastStart = -Infinity
  private stopped = false

  constructor(private readonly run: () => Promise<void | boolean>, opts: SchedulerOptions = {}) {
    this.debounceMs = opts.debounceMs ?? 3000
    this.minGapMs = opts.minGapMs ?? 5000
    this.everyMs = opts.everyMs ?? 60_000
  }

  start(): void {
    if (this.interval || this.stopped) return
    this.interval = setInterval(() => this.due(0), this.everyMs)
    this.interval.unref?.()
  }

  /** New cases arrived. */
  poke(): void {
    this.due(this.debounceMs)
  }

  /** Stop the timers and wait for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.interval) clearInterval(this.interval)
    this.timer = null
    this.interval = null
    await this.running
  }

  private due(delayMs: number): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    if (this.timer) return
    const wait = Math.max(delayMs, this.lastStart + this.minGapMs - Date.now(), 0)
    this.timer = setTimeout(() => {
      this.timer = null
      this.fire()
    }, wait)
    this.timer.unref?.()
  }

  private fire(): void {
    if (this.stopped) return
    this.lastStart = Date.now()
    this.again = false
    this.running = this.run()
      .then((ran) => {
        if (ran === false) this.again = true
      })
      .catch(() => {})
      .finally(() => {
        this.running = null
        if (this.again) this.due(0)
      })
  }
}
