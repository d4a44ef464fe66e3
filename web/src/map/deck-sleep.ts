/**
 * deck.gl's render loop asks for an animation frame 60 times a second for as long as the page lives,
 * even when nothing changes (measured on the idle wall: ~3,500 frames a minute, each running deck's
 * per-frame checks and canvas resize probe). This puts the loop to sleep once deck has had nothing to
 * draw or update for `idleMs`, and wakes it when something may need a frame: new layers, the map
 * moving or resizing, the pointer over the map, or a draw itself. maplibre already draws on demand.
 */
export interface SleepyDeck {
  readonly isInitialized: boolean
  needsRedraw(opts?: { clearRedrawFlags: boolean }): false | string
  readonly layerManager: { needsUpdate(): false | string } | null
  readonly animationLoop: { start(): unknown; stop(): unknown } | null
}

export interface DeckSleepOptions {
  /** @default 1000 */
  idleMs?: number
  setTimeout?: (f: () => void, ms: number) => unknown
  clearTimeout?: (id: unknown) => void
}

export interface DeckSleep {
  /** Something may need frames: run the loop (again) for at least `idleMs`. */
  wake(): void
  readonly sleeping: boolean
  dispose(): void
}

export function deckSleep(getDeck: () => SleepyDeck | null | undefined, options: DeckSleepOptions = {}): DeckSleep {
  const idleMs = options.idleMs ?? 1000
  const set = options.setTimeout ?? ((f, ms) => setTimeout(f, ms))
  const clear = options.clearTimeout ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>))
  let timer: unknown = null
  let sleeping = false
  let disposed = false

  const check = () => {
    timer = null
    const deck = getDeck()
    if (disposed || !deck?.animationLoop) return
    // Stopping the loop before deck has its device would skip its initialisation: wait for it.
    const busy = !deck.isInitialized || deck.needsRedraw({ clearRedrawFlags: false }) || deck.layerManager?.needsUpdate()
    if (busy) {
      timer = set(check, idleMs)
      return
    }
    deck.animationLoop.stop()
    sleeping = true
  }

  return {
    wake() {
      if (disposed) return
      const deck = getDeck()
      if (sleeping && deck?.animationLoop) {
        sleeping = false
        void deck.animationLoop.start()
      }
      if (timer !== null) clear(timer)
      timer = set(check, idleMs)
    },
    get sleeping() {
      return sleeping
    },
    dispose() {
      disposed = true
      if (timer !== null) clear(timer)
      timer = null
    },
  }
}
