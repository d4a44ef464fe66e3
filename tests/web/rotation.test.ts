/** useRotation: the wall's shared slot shows each panel in turn, by time only. */
import { effectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useRotation } from '../../web/src/composables/useRotation.ts'

describe('useRotation', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('moves to the next item every period and wraps round, and stops with its scope', () => {
    const scope = effectScope()
    const current = scope.run(() => useRotation(['circles', 'property', 'third'], 1000))!
    const seen = [current.value]
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(1000)
      seen.push(current.value)
    }
    expect(seen).toEqual(['circles', 'property', 'third', 'circles', 'property'])
    scope.stop()
    vi.advanceTimersByTime(5000)
    expect(current.value).toBe('property')
  })

  it('keeps a single item and refuses an empty list or a period that is not positive', () => {
    const scope = effectScope()
    const one = scope.run(() => useRotation(['circles'], 1000))!
    vi.advanceTimersByTime(3000)
    expect(one.value).toBe('circles')
    expect(() => scope.run(() => useRotation([], 1000))).toThrow(/at least one/)
    expect(() => scope.run(() => useRotation(['a'], 0))).toThrow(/positive/)
    scope.stop()
  })
})
