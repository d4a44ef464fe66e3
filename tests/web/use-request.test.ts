/**
 * The request pattern every composable shares: the latest request wins, aborted ones end silently,
 * failures become ApiErrors, and the scope's end aborts what is in flight.
 */
import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { ApiError } from '../../web/src/api/request.ts'
import { useFetched } from '../../web/src/composables/useFetched.ts'
import { useRequest } from '../../web/src/composables/useRequest.ts'

/** A fetcher whose answers the test releases by hand, in any order. */
function deferredFetcher<T>() {
  const calls: { arg: string; signal: AbortSignal; resolve: (v: T) => void; reject: (e: unknown) => void }[] = []
  const fetch = (arg: string, signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => calls.push({ arg, signal, resolve, reject }))
  return { calls, fetch }
}

describe('useRequest', () => {
  it('keeps only the latest answer and aborts the superseded request', async () => {
    const { calls, fetch } = deferredFetcher<string>()
    const r = useRequest(fetch)
    const first = r.execute('a')
    const second = r.execute('b')
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(r.loading.value).toBe(true)
    calls[1]!.resolve('answer b')
    // The old answer arrives late although its fetcher ignored the signal: it must not win.
    calls[0]!.resolve('answer a')
    expect(await second).toBe('answer b')
    expect(await first).toBeUndefined()
    expect(r.data.value).toBe('answer b')
    expect(r.loading.value).toBe(false)
  })

  it('turns failures into ApiErrors, keeps the last data, and ignores aborts', async () => {
    const { calls, fetch } = deferredFetcher<string>()
    const r = useRequest(fetch)
    const ok = r.execute('a')
    calls[0]!.resolve('first')
    await ok
    const failed = r.execute('b')
    calls[1]!.reject(new TypeError('socket hang up'))
    expect(await failed).toBeUndefined()
    expect(r.error.value).toBeInstanceOf(ApiError)
    expect(r.error.value?.code).toBe('network')
    expect(r.data.value).toBe('first')

    const aborted = r.execute('c')
    expect(r.error.value).toBeNull()
    r.abort()
    calls[2]!.reject(new DOMException('aborted', 'AbortError'))
    await aborted
    expect(r.error.value).toBeNull()
    expect(r.loading.value).toBe(false)
  })

  it('with clearErrorOnStart false shows the failure until a request succeeds', async () => {
    const { calls, fetch } = deferredFetcher<string>()
    const r = useRequest(fetch, { clearErrorOnStart: false })
    const failed = r.execute('a')
    calls[0]!.reject(new ApiError('http', '服务器错误（500）', 500))
    await failed
    const retry = r.execute('a')
    expect(r.error.value?.status).toBe(500)
    calls[1]!.resolve('ok')
    await retry
    expect(r.error.value).toBeNull()
  })

  it('aborts the request in flight when its scope ends', () => {
    const { calls, fetch } = deferredFetcher<string>()
    const scope = effectScope()
    const r = scope.run(() => useRequest(fetch))!
    void r.execute('a')
    scope.stop()
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(r.loading.value).toBe(false)
  })
})

describe('useFetched', () => {
  it('follows its key; a null key keeps the data unless clearOnNull', async () => {
    for (const clearOnNull of [false, true]) {
      const { calls, fetch } = deferredFetcher<string>()
      const key = shallowRef<string | null>('a')
      const scope = effectScope()
      const f = scope.run(() => useFetched(key, fetch, { clearOnNull }))!
      expect(calls.map((c) => c.arg)).toEqual(['a'])
      calls[0]!.resolve('A')
      await nextTick()
      expect(f.data.value).toBe('A')
      key.value = null
      await nextTick()
      expect(f.data.value).toBe(clearOnNull ? null : 'A')
      key.value = 'b'
      await nextTick()
      expect(calls.map((c) => c.arg)).toEqual(['a', 'b'])
      f.retry()
      expect(calls.map((c) => c.arg)).toEqual(['a', 'b', 'b'])
      expect(calls[1]!.signal.aborted).toBe(true)
      scope.stop()
    }
  })
})
