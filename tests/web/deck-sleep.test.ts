/** deck.gl's frame loop sleeps once nothing needs drawing, and wakes when something may (fake timers, fake deck). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deckSleep, type SleepyDeck } from '../../web/src/map/deck-sleep.ts'

function fakeDeck() {
  const state = { running: true, initialized: false, redraw: false as false | string, update: false as false | string, starts: 0, stops: 0 }
  const deck: SleepyDeck = {
    get isInitialized() {
      return state.initialized
    },
    needsRedraw: () => state.redraw,
    layerManager: { needsUpdate: () => state.update },
    animationLoop: {
      start: () => {
        state.starts++
        state.running = true
      },
      stop: () => {
        state.stops++
        state.running = false
      },
    },
  }
  return { deck, state }
}

describe('deckSleep', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('waits for deck to initialise and for pending draws and updates, then stops the loop', () => {
    const { deck, state } = fakeDeck()
    const sleep = deckSleep(() => deck, { idleMs: 1000 })
    sleep.wake()
    vi.advanceTimersByTime(3000)
    expect(state.running).toBe(true) // not initialised yet
    state.initialized = true
    state.redraw = 'layers changed'
    vi.advanceTimersByTime(1000)
    expect(state.running).toBe(true)
    state.redraw = false
    state.update = 'data'
    vi.advanceTimersByTime(1000)
    expect(state.running).toBe(true)
    state.update = false
    vi.advanceTimersByTime(1000)
    expect(state.running).toBe(false)
    expect(sleep.sleeping).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    sleep.dispose()
  })

  it('wakes the loop on demand, and each wake postpones sleep by idleMs', () => {
    const { deck, state } = fakeDeck()
    state.initialized = true
    const sleep = deckSleep(() => deck, { idleMs: 1000 })
    sleep.wake()
    vi.advanceTimersByTime(1000)
    expect(state.running).toBe(false)
    sleep.wake()
    expect(state.running).toBe(true)
    expect(state.starts).toBe(1)
    vi.advanceTimersByTime(900)
    sleep.wake() // e.g. a draw or the map moving
    expect(state.starts).toBe(1) // already running: not started twice
    vi.advanceTimersByTime(900)
    expect(state.running).toBe(true)
    vi.advanceTimersByTime(100)
    expect(state.running).toBe(false)
    sleep.dispose()
    sleep.wake()
    expect(state.running).toBe(false)
  })
})
