/** The queue's and department page's short stamps are China time (UTC+8), whatever the browser's zone. */
import { describe, expect, it } from 'vitest'
import { formatStamp } from '../../web/src/composables/cst-time.ts'

describe('formatStamp', () => {
  it('writes month-day hour:minute in China time, across the date line', () => {
    expect(formatStamp(Date.UTC(2024, 6, 1, 6, 5))).toBe('07-01 14:05')
    expect(formatStamp(Date.UTC(2024, 11, 31, 16, 30))).toBe('01-01 00:30')
  })
})
