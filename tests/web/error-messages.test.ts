/**
 * The web keeps the server's stable error code and HTTP status, and shows one Chinese line per code,
 * falling back to the status for codes it does not know.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ERROR_MESSAGES, errorMessage } from '../../web/src/api/error-messages.ts'
import { ApiError, getJson, httpError, toApiError } from '../../web/src/api/request.ts'

describe('errorMessage', () => {
  it('uses the line of a known code and appends the status', () => {
    expect(errorMessage('BBOX_TOO_LARGE', 400)).toBe('地图范围过大，请放大后再查看建筑（400）')
    expect(errorMessage('network')).toBe('无法连接服务器，请检查网络')
  })

  it('falls back by status for unknown codes, then by class of status', () => {
    expect(errorMessage('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).toBe('提交的数据格式不受支持（415）')
    expect(errorMessage('http', 500)).toBe('服务器出错，请稍后再试（500）')
    expect(errorMessage('http', 503)).toBe('服务器暂时不可用，请稍后再试（503）')
    expect(errorMessage('SOMETHING_NEW', 418)).toBe('请求未能完成（418）')
  })
})

describe('httpError', () => {
  it('keeps code, status and the server message as detail', () => {
    const e = httpError(400, { error: 'Bad Request', message: 'bbox is too large: at most 0.25° a side', code: 'BBOX_TOO_LARGE' }, '/api/buildings')
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('BBOX_TOO_LARGE')
    expect(e.status).toBe(400)
    expect(e.detail).toBe('bbox is too large: at most 0.25° a side')
    expect(e.message).toBe('地图范围过大，请放大后再查看建筑（400）')
  })

  it('without a code in the body (a 500, or not JSON) is an http error read by status', () => {
    const e = httpError(500, { error: 'Internal Server Error', message: 'the server failed to handle this request' })
    expect([e.code, e.status, e.message]).toEqual(['http', 500, '服务器出错，请稍后再试（500）'])
    expect(httpError(404, null).message).toBe('请求的数据不存在（404）')
  })

  it('gives anything else thrown the network line and keeps its text as detail', () => {
    const e = toApiError(new TypeError('Failed to fetch'))
    expect([e.code, e.message, e.detail]).toEqual(['network', '无法连接服务器，请检查网络', 'TypeError: Failed to fetch'])
  })
})

describe('getJson', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('throws the server code and status of a failed answer', async () => {
    vi.stubGlobal('window', { location: { origin: 'http://web.test' } })
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ error: 'Not Found', message: 'no area with id x', code: 'NOT_FOUND' }), { status: 404 }),
    )
    const err = await getJson('/api/areas/x').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'NOT_FOUND', status: 404, url: 'http://web.test/api/areas/x', detail: 'no area with id x' })
    expect((err as ApiError).message).toBe('请求的数据不存在或已被删除（404）')
  })
})

/** Every code the server throws today, read from its source: each needs its own line. */
function serverCodes(): Set<string> {
  const root = join(import.meta.dirname, '../../server')
  const files: string[] = []
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f)
      if (statSync(p).isDirectory()) walk(p)
      else if (p.endsWith('.ts')) files.push(p)
    }
  }
  walk(root)
  const codes = new Set<string>()
  const patterns = [
    // The message may be a template literal holding ';' or ',': skip whole string literals.
    /(?:badRequest|notFound|conflict)\((?:`[^`]*`|'[^']*'|[^'`)])*,\s*'([A-Z_]+)'\s*[,)]/g,
    /new HttpError\(\s*\d+,\s*'([A-Z_]+)'/g,
    /code = '([A-Z_]+)'/g,
    /code: '([A-Z_]+)'/g,
    /readonly code: ((?:'[A-Z_]+'\s*\|?\s*)+)/g,
    /=\s*'([A-Z_]+)'\)\s*=>\s*new HttpError/g,
  ]
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    for (const re of patterns) for (const m of text.matchAll(re)) for (const c of m[1]!.matchAll(/[A-Z][A-Z_]+/g)) codes.add(c[0])
  }
  return codes
}

describe('ERROR_MESSAGES', () => {
  it('has a line for every code the server throws', () => {
    const codes = serverCodes()
    expect(codes.size).toBeGreaterThan(10)
    expect([...codes].filter((c) => !(c in ERROR_MESSAGES))).toEqual([])
  })
})
