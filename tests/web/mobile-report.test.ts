/**
 * The grid worker's report (useMobileReport) against fake routes: each photo uploads as soon as it is
 * chosen and is tracked to done or error; limits are checked before anything is sent; the phone's fix
 * or a point set on the map is sent as WGS-84 with the uploaded photos' ids; open cases nearby are
 * asked about before sending; failures are shown in Chinese and the report can be sent again.
 */
import { effectScope, nextTick, type EffectScope } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { CasePhoto, CaseView, IntakeRequest, NearbyCase } from '../../web/src/api/case-types.ts'
import { ApiError } from '../../web/src/api/request.ts'
import { buildReport, patrolOrder, type Category } from '../../web/src/composables/mobile-report.ts'
import { useMobileReport } from '../../web/src/composables/useMobileReport.ts'
import { fakeRoute, settle } from './fake-api.ts'

const photo = (id: string): CasePhoto => ({ id, url: `/api/photos/${id}`, thumbUrl: `/api/photos/${id}?size=thumb`, width: 1600, height: 1200, size: 200_000 })
const jpeg = (bytes = 1000) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' })

/** A phone's geolocation whose answer the test gives. */
function fakeGeo() {
  const asks: { ok: PositionCallback; fail: PositionErrorCallback | null | undefined }[] = []
  return {
    asks,
    geolocation: { getCurrentPosition: (ok: PositionCallback, fail?: PositionErrorCallback | null) => void asks.push({ ok, fail }) },
    fix: (lng: number, lat: number, accuracy = 12) =>
      asks[asks.length - 1]!.ok({ coords: { longitude: lng, latitude: lat, accuracy } } as GeolocationPosition),
    deny: (code: number) => asks[asks.length - 1]!.fail!({ code, message: '' } as GeolocationPositionError),
  }
}

describe('the report request', () => {
  it('is a patrol report in WGS-84 with the photo ids; a long text is kept whole in the description', () => {
    const long = '东门外垃圾桶满溢，周边散落大量生活垃圾，已持续两天无人清运，居民反映气味很大影响通行'
    const r = buildReport({ category: 'sanitation', text: `  ${long}  `, location: { lng: 120.1, lat: 30.2 }, photoIds: ['a', 'b'] })
    expect(r).toMatchObject({ source: 'patrol', category: 'sanitation', location: { lng: 120.1, lat: 30.2, crs: 'wgs84' }, photos: ['a', 'b'] })
    expect(r.title.length).toBeLessThanOrEqual(40)
    expect(r.title.endsWith('…')).toBe(true)
    expect(r.description).toBe(long)
    const short = buildReport({ category: 'noise', text: '夜间施工噪音', location: { lng: 1, lat: 2 }, photoIds: [] })
    expect(short.title).toBe('夜间施工噪音')
    expect(short.description).toBeNull()
    expect('photos' in short).toBe(false)
  })

  it('puts the patrol categories first and keeps the rest in the taxonomy order', () => {
    const cat = (code: string) => ({ code }) as Category
    const order = patrolOrder([cat('water_supply'), cat('noise'), cat('bike_clutter'), cat('heating'), cat('sanitation')]).map((c) => c.code)
    expect(order).toEqual(['sanitation', 'bike_clutter', 'water_supply', 'noise', 'heating'])
  })
})

describe('useMobileReport', () => {
  let scope: EffectScope | null = null
  afterEach(() => scope?.stop())

  function start() {
    const uploads = fakeRoute<Blob, CasePhoto>()
    const create = fakeRoute<IntakeRequest, CaseView>()
    const nearby = fakeRoute<{ lng: number; lat: number; crs?: string; category?: string }, { items: NearbyCase[] }>()
    const geo = fakeGeo()
    const revoked: string[] = []
    let n = 0
    scope = effectScope()
    const r = scope.run(() =>
      useMobileReport({
        fetcher: { create: create.fn, nearby: nearby.fn },
        upload: uploads.fn,
        geolocation: geo.geolocation,
        preview: { create: () => `blob:${++n}`, revoke: (u) => void revoked.push(u) },
      }),
    )!
    return { r, uploads, create, nearby, geo, revoked }
  }

  it('uploads each photo as soon as it is chosen and tracks it to done or error; a failed one can be retried', async () => {
    const { r, uploads } = start()
    r.addPhotos([jpeg(), jpeg()])
    expect(uploads.calls).toHaveLength(2)
    expect(r.photos.value.map((p) => p.state)).toEqual(['uploading', 'uploading'])
    expect(r.blockers.value).toContain('照片正在上传')

    uploads.calls[0]!.resolve(photo('p1'))
    uploads.calls[1]!.reject(new ApiError('http', '照片格式不支持', 415))
    await settle()
    expect(r.photos.value.map((p) => [p.state, p.photo?.id ?? p.error])).toEqual([['done', 'p1'], ['error', '照片格式不支持']])
    expect(r.blockers.value).toContain('有照片上传失败，请重试或移除')

    r.retryPhoto(r.photos.value[1]!.key)
    expect(uploads.calls).toHaveLength(3)
    expect(r.photos.value[1]!.state).toBe('uploading')
    uploads.calls[2]!.resolve(photo('p2'))
    await settle()
    expect(r.photos.value.map((p) => p.photo?.id)).toEqual(['p1', 'p2'])
    expect(r.blockers.value).not.toContain('照片正在上传')
  })

  it('refuses a seventh photo, a file that is no image and one over 10 MB before uploading; removing aborts the upload', async () => {
    const { r, uploads, revoked } = start()
    r.addPhotos([jpeg(), new Blob(['x'], { type: 'application/pdf' }), jpeg(11 * 1024 * 1024)])
    expect(uploads.calls).toHaveLength(1)
    expect(r.photoNotice.value).toContain('只能上传照片')
    expect(r.photoNotice.value).toContain('10 MB')
    r.addPhotos([jpeg(), jpeg(), jpeg(), jpeg(), jpeg(), jpeg()])
    expect(r.photos.value).toHaveLength(6)
    expect(r.photoNotice.value).toContain('多选的 1 张未加入')

    const first = r.photos.value[0]!
    r.removePhoto(first.key)
    expect(uploads.calls[0]!.signal.aborted).toBe(true)
    expect(revoked).toEqual([first.preview])
    uploads.calls[0]!.resolve(photo('late'))
    await settle()
    expect(r.photos.value.some((p) => p.photo?.id === 'late')).toBe(false)
  })

  it('takes the phone\'s fix, lets the map correct it, and asks about open cases nearby in WGS-84', async () => {
    const { r, geo, nearby } = start()
    r.locate()
    expect(r.locating.value).toBe(true)
    geo.fix(120.15, 30.25, 9)
    await nextTick()
    expect(r.location.value).toEqual({ lng: 120.15, lat: 30.25, source: 'gps', accuracy: 9 })
    expect(nearby.last().arg).toEqual({ lng: 120.15, lat: 30.25, crs: 'wgs84' })

    r.category.value = 'sanitation'
    await nextTick()
    expect(nearby.last().arg).toEqual({ lng: 120.15, lat: 30.25, crs: 'wgs84', category: 'sanitation' })
    const near = { id: 41, distanceM: 18, likelyDuplicate: true } as NearbyCase
    nearby.last().resolve({ items: [near] })
    await settle()
    expect(r.nearby.value.map((c) => [c.id, c.likelyDuplicate])).toEqual([[41, true]])

    r.locate()
    r.placeAt(120.151, 30.251)
    geo.fix(1, 1) // the late fix must not move the point the worker placed
    await nextTick()
    expect(r.location.value).toMatchObject({ lng: 120.151, lat: 30.251, source: 'map' })
    expect(nearby.last().arg).toMatchObject({ lng: 120.151, lat: 30.251 })
  })

  it('says in Chinese why there is no fix', () => {
    const { r, geo } = start()
    r.locate()
    geo.deny(1)
    expect(r.locating.value).toBe(false)
    expect(r.locationError.value).toContain('未获准使用定位')
    r.locate()
    geo.deny(3)
    expect(r.locationError.value).toContain('定位超时')
  })

  it('sends a patrol report with crs wgs84 and the uploaded photo ids, and shows the case number', async () => {
    const { r, uploads, create, geo } = start()
    expect(r.blockers.value).toEqual(['请确定位置', '请选择问题类别', '请填写简要说明'])
    r.addPhotos([jpeg(), jpeg()])
    uploads.calls[0]!.resolve(photo('aa'))
    uploads.calls[1]!.resolve(photo('bb'))
    r.locate()
    geo.fix(120.2, 30.3)
    r.category.value = 'fire_access'
    r.text.value = '3号楼消防通道被电动车堵塞'
    await settle()
    expect(r.blockers.value).toEqual([])

    const sending = r.send()
    expect(r.sending.value).toBe(true)
    expect(create.calls).toHaveLength(1)
    expect(create.last().arg).toEqual({
      source: 'patrol',
      category: 'fire_access',
      title: '3号楼消防通道被电动车堵塞',
      description: null,
      location: { lng: 120.2, lat: 30.3, crs: 'wgs84' },
      photos: ['aa', 'bb'],
    })
    create.last().resolve({ id: 1234, status: 'received' } as CaseView)
    expect((await sending)?.id).toBe(1234)
    expect(r.sent.value?.id).toBe(1234)

    r.reset()
    expect([r.photos.value.length, r.category.value, r.text.value, r.sent.value]).toEqual([0, null, '', null])
    expect(r.location.value).not.toBeNull()
  })

  it('does not send while something is missing, and shows a refused report\'s error so it can be sent again', async () => {
    const { r, create } = start()
    expect(await r.send()).toBeUndefined()
    expect(create.calls).toHaveLength(0)

    r.placeAt(120, 30)
    r.category.value = 'noise'
    r.text.value = '广场舞噪音'
    const first = r.send()
    create.last().reject(new ApiError('http', '照片不存在或已失效', 400))
    expect(await first).toBeUndefined()
    expect(r.sendError.value?.message).toBe('照片不存在或已失效')
    expect(r.sent.value).toBeNull()

    const second = r.send()
    expect(r.sendError.value).toBeNull()
    create.last().resolve({ id: 7 } as CaseView)
    expect((await second)?.id).toBe(7)
  })
})
