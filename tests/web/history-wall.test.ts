/** The wall's use of the demo history: the replay's days (only those with cases) and the KPI trends. */
import { effectScope, nextTick, shallowRef } from 'vue'
import { describe, expect, it } from 'vitest'
import type { CaseDays } from '../../web/src/api/case-types.ts'
import { fmtTrend } from '../../web/src/components/screen/format.ts'
import { labelReplayDays, useReplayDays } from '../../web/src/composables/useReplayDays.ts'
import { until } from '../helpers/until.ts'

const NOW = Date.parse('2025-11-28T10:00:00+08:00')
const day = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString()

describe('labelReplayDays', () => {
  it('names today and yesterday, and other days by month and day, keeping the server order and counts', () => {
    const got = labelReplayDays([{ start: day('2025-11-28'), count: 3 }, { start: day('2025-11-27'), count: 40 }, { start: day('2025-11-20'), count: 7 }], NOW)
    expect(got).toEqual([
      { start: Date.parse(day('2025-11-28')), label: '今天', count: 3 },
      { start: Date.parse(day('2025-11-27')), label: '昨天', count: 40 },
      { start: Date.parse(day('2025-11-20')), label: '11月20日', count: 7 },
    ])
  })
})

describe('useReplayDays', () => {
  it('asks for the area once enabled, and again on refresh', async () => {
    const asked: unknown[] = []
    let answer: CaseDays = { asOf: '', from: '', days: [{ start: day('2025-11-27'), count: 5 }] }
    const enabled = shallowRef(false)
    const scope = effectScope()
    const r = scope.run(() => useReplayDays({ areaId: 'D1', enabled, now: () => NOW, fetcher: { days: async (q) => (asked.push(q), answer) } }))!
    await nextTick()
    expect(asked).toEqual([])
    enabled.value = true
    await until(() => r.days.value.length === 1, 'the days to load')
    expect(asked).toEqual([{ area: 'D1', days: 31 }])
    expect(r.days.value[0]).toMatchObject({ label: '昨天', count: 5 })
    answer = { asOf: '', from: '', days: [{ start: day('2025-11-28'), count: 1 }, ...answer.days] }
    await r.refresh()
    expect(r.days.value.map((d) => d.label)).toEqual(['今天', '昨天'])
    scope.stop()
  })
})

describe('fmtTrend', () => {
  it('says how today compares with the same weekday last week, in Chinese, rounded to whole percent', () => {
    expect(fmtTrend({ now: 112, before: 100, change: 0.12 }, '周同比')).toEqual({ text: '周同比 ↑12%', tone: 'up' })
    expect(fmtTrend({ now: 95, before: 100, change: -0.05 }, '周环比')).toEqual({ text: '周环比 ↓5%', tone: 'down' })
    expect(fmtTrend({ now: 100, before: 100, change: 0 }, '周同比')).toEqual({ text: '周同比 持平', tone: 'flat' })
    expect(fmtTrend({ now: 4, before: 0, change: null }, '周同比')).toEqual({ text: '上周同期无诉求', tone: 'up' })
    expect(fmtTrend(undefined, '周同比')).toBeUndefined()
  })
})
