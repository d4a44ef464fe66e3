/**
 * The wall's unattended tour (?tour=N) and night theme (?night= or 19:00–07:00 China time), and its
 * stage (fill at 1920×1080 and above, letterbox below). Pure rules and the tour composable on fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { isNight, MIN_TOUR_SECONDS, nextStop, parseTourSeconds } from '../../web/src/composables/wall-tour.ts'
import { useWallTour, type TourStreet } from '../../web/src/composables/useWallTour.ts'
import { stageStyle, useWallStage, wallStage } from '../../web/src/composables/useWallFontScale.ts'

const street = (i: number): TourStreet => ({ id: `s${i}`, name: `第${i}街道`, bbox: [120 + i, 30, 120.1 + i, 30.1] })

describe('parseTourSeconds', () => {
  it('reads seconds per stop, with a floor, and null for no tour', () => {
    expect(parseTourSeconds(undefined)).toBeNull()
    expect(parseTourSeconds('60')).toBe(60)
    expect(parseTourSeconds('')).toBe(60)
    expect(parseTourSeconds(null)).toBe(60)
    expect(parseTourSeconds(['45', '90'])).toBe(45)
    expect(parseTourSeconds('2')).toBe(MIN_TOUR_SECONDS)
    expect(parseTourSeconds('abc')).toBeNull()
    expect(parseTourSeconds('-5')).toBeNull()
    expect(parseTourSeconds('0')).toBeNull()
  })
})

describe('nextStop', () => {
  it('goes through every street, then the district, then round again', () => {
    const seen: number[] = []
    let stop = 3
    for (let i = 0; i < 8; i++) seen.push((stop = nextStop(stop, 3)))
    expect(seen).toEqual([0, 1, 2, 3, 0, 1, 2, 3])
    expect(nextStop(0, 0)).toBe(0)
  })
})

describe('isNight', () => {
  // 2026-03-02 in China: hh:mm China time is (hh - 8) UTC.
  const cst = (h: number, m = 0) => Date.UTC(2026, 2, 2, h - 8, m)

  it('is night from 19:00 to 07:00 China time, whatever the machine’s time zone', () => {
    expect(isNight(cst(18, 59), undefined)).toBe(false)
    expect(isNight(cst(19, 0), undefined)).toBe(true)
    expect(isNight(cst(23, 30), undefined)).toBe(true)
    expect(isNight(cst(3), undefined)).toBe(true)
    expect(isNight(cst(6, 59), undefined)).toBe(true)
    expect(isNight(cst(7, 0), undefined)).toBe(false)
    expect(isNight(cst(12), undefined)).toBe(false)
  })

  it('?night=1 and ?night=0 override the clock', () => {
    expect(isNight(cst(12), '1')).toBe(true)
    expect(isNight(cst(22), '0')).toBe(false)
    expect(isNight(cst(22), 'anything')).toBe(true)
    expect(isNight(cst(12), ['1'])).toBe(true)
  })
})

describe('useWallTour', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('starts on the district and moves to the next street every N seconds, back to the district after the last', () => {
    const streets = shallowRef<TourStreet[]>([street(1), street(2)])
    const scope = effectScope()
    const tour = scope.run(() => useWallTour({ seconds: 60, streets }))!
    const shown = () => tour.street.value?.id ?? 'district'
    expect(shown()).toBe('district')
    vi.advanceTimersByTime(59_999)
    expect(shown()).toBe('district')
    vi.advanceTimersByTime(1)
    expect(shown()).toBe('s1')
    vi.advanceTimersByTime(60_000)
    expect(shown()).toBe('s2')
    vi.advanceTimersByTime(60_000)
    expect(shown()).toBe('district')
    vi.advanceTimersByTime(60_000)
    expect(shown()).toBe('s1')
    scope.stop()
    vi.advanceTimersByTime(600_000)
    expect(shown()).toBe('s1')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('starts over at the district when the streets change', async () => {
    const streets = shallowRef<TourStreet[]>([])
    const scope = effectScope()
    const tour = scope.run(() => useWallTour({ seconds: 30, streets }))!
    vi.advanceTimersByTime(90_000)
    expect(tour.street.value).toBeNull()
    streets.value = [street(1), street(2), street(3)]
    await Promise.resolve()
    expect(tour.street.value).toBeNull()
    vi.advanceTimersByTime(30_000)
    expect(tour.street.value?.id).toBe('s1')
    scope.stop()
  })

  it('without ?tour it never moves and sets no timer', () => {
    const streets = shallowRef<TourStreet[]>([street(1)])
    const scope = effectScope()
    const tour = scope.run(() => useWallTour({ seconds: null, streets }))!
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(600_000)
    expect(tour.street.value).toBeNull()
    scope.stop()
  })
})

describe('wallStage', () => {
  it('fills the viewport at 1920×1080 and above, the root font growing with it', () => {
    expect(wallStage(1920, 1080)).toMatchObject({ rem: 16, scale: 1, letterboxed: false, width: 1920, height: 1080 })
    expect(wallStage(3840, 2160)).toMatchObject({ rem: 32, scale: 1, letterboxed: false })
    expect(stageStyle(wallStage(3840, 2160))).toEqual({ inset: '0' })
  })

  it('letterboxes below: a 1920×1080 stage at 16 px scaled down uniformly and centred', () => {
    const s = wallStage(1366, 768)
    expect(s.letterboxed).toBe(true)
    expect(s.rem).toBe(16)
    expect([s.width, s.height]).toEqual([1920, 1080])
    expect(s.scale).toBeCloseTo(Math.min(1366 / 1920, 768 / 1080), 9)
    // Bars on both sides or above and below, the same width each.
    expect(s.left * 2 + 1920 * s.scale).toBeCloseTo(1366, 6)
    expect(s.top * 2 + 1080 * s.scale).toBeCloseTo(768, 6)
    // A wide but short window: bars left and right.
    const wide = wallStage(1920, 900)
    expect(wide.top).toBeCloseTo(0, 9)
    expect(wide.left).toBeGreaterThan(0)
    expect(stageStyle(s).transform).toBe(`translate(${s.left}px, ${s.top}px) scale(${s.scale})`)
  })

  it('useWallStage sets the root font size while the scope lives, follows resizes and restores it after', () => {
    const style = { fontSize: '18px' }
    const listeners = new Map<string, () => void>()
    const win = {
      innerWidth: 3840,
      innerHeight: 2160,
      document: { documentElement: { style } } as unknown as Document,
      addEventListener: (t: string, f: () => void) => void listeners.set(t, f),
      removeEventListener: (t: string) => void listeners.delete(t),
    }
    const scope = effectScope()
    const stage = scope.run(() => useWallStage({ window: win as never }))!
    expect(style.fontSize).toBe('32px')
    expect(stage.value.rem).toBe(32)
    win.innerWidth = 1366
    win.innerHeight = 768
    listeners.get('resize')!()
    expect(style.fontSize).toBe('16px')
    expect(stage.value.letterboxed).toBe(true)
    scope.stop()
    expect(style.fontSize).toBe('18px')
    expect(listeners.has('resize')).toBe(false)
  })
})
