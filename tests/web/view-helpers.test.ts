/**
 * The small composables the views share: useErrorList (one line per failing source, retry only what
 * failed) and useMapHover (one hover event replaces the whole picture). The wall's stage is tested in
 * wall-tour.test.ts.
 */
import type { PickingInfo } from '@deck.gl/core'
import { effectScope, shallowRef } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../web/src/api/request.ts'
import { useErrorList } from '../../web/src/composables/useErrorList.ts'
import { useMapHover } from '../../web/src/composables/useMapHover.ts'

describe('useErrorList', () => {
  it('lists failing sources with their label and retries only those', () => {
    const a = shallowRef<ApiError | null>(null)
    const b = shallowRef<ApiError | null>(new ApiError('http', '服务器错误（500）'))
    const retryA = vi.fn()
    const retryB = vi.fn()
    const list = useErrorList([
      { label: '覆盖统计', error: () => a.value, retry: retryA },
      { label: '等时圈', error: () => b.value, retry: retryB },
      { label: '回放', error: () => b.value },
    ])
    expect(list.messages.value).toEqual(['等时圈：服务器错误（500）', '回放：服务器错误（500）'])
    list.retryFailed()
    expect(retryA).not.toHaveBeenCalled()
    expect(retryB).toHaveBeenCalledTimes(1)
    b.value = null
    expect(list.messages.value).toEqual([])
  })
})

describe('useMapHover', () => {
  const pick = (layer: string | null, object: unknown) => ({ layer: layer ? { id: layer } : null, object, x: 1, y: 2 }) as unknown as PickingInfo

  it('keeps the key of the object under the pointer for its layer only, and clears all', () => {
    const hover = useMapHover(
      {
        area: { layer: 'areas', key: (f: { id: string }) => f.id },
        site: { layer: 'sites', key: (s: { rank: number }) => s.rank },
      },
      (info) => (info.object ? { x: info.x, y: info.y, title: 't', lines: [] } : null),
    )
    hover.onHover(pick('areas', { id: 'G1' }))
    expect([hover.area.value, hover.site.value]).toEqual(['G1', null])
    expect(hover.tooltip.value?.title).toBe('t')
    hover.onHover(pick('sites', { rank: 3 }))
    expect([hover.area.value, hover.site.value]).toEqual([null, 3])
    hover.clear()
    expect([hover.area.value, hover.site.value, hover.tooltip.value]).toEqual([null, null, null])
  })
})
