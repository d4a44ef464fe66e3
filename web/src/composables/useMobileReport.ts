/**
 * The grid worker's report on a phone (随手拍): photos uploaded one by one as soon as they are chosen,
 * the phone's location (WGS-84) corrected on the map, a category, a short text, the open cases nearby
 * checked before sending, and the case number once it is saved. Browser APIs (geolocation, object URLs)
 * come in as options so the logic runs in tests without a browser.
 */
import { computed, getCurrentScope, onScopeDispose, shallowRef, watch, type ComputedRef, type ShallowRef } from 'vue'
import type { CasePhoto, CaseView, NearbyCase } from '../api/case-types.ts'
import { casesApi, uploadPhoto, type CasesApi } from '../api/cases.ts'
import { isAbort, toApiError, type ApiError } from '../api/request.ts'
import { buildReport, locationErrorText, MAX_PHOTO_BYTES, MAX_PHOTOS, missing } from './mobile-report.ts'
import { useRequest } from './useRequest.ts'

export interface PhotoSlot {
  key: number
  /** A local preview (object URL) shown until the server's thumbnail is known. */
  preview: string | null
  state: 'uploading' | 'done' | 'error'
  photo: CasePhoto | null
  error: string | null
}

export interface ReportLocation {
  lng: number
  lat: number
  /** gps: as the phone said; map: placed or corrected by hand. */
  source: 'gps' | 'map'
  /** Metres, for a GPS fix. */
  accuracy: number | null
}

export interface UseMobileReportOptions {
  fetcher?: Pick<CasesApi, 'create' | 'nearby'>
  upload?: (file: Blob, signal: AbortSignal) => Promise<CasePhoto>
  geolocation?: Pick<Geolocation, 'getCurrentPosition'> | null
  /** Local previews of chosen files; null where there are none (tests). */
  preview?: { create: (file: Blob) => string; revoke: (url: string) => void } | null
}

export interface UseMobileReportReturn {
  photos: ShallowRef<readonly PhotoSlot[]>
  /** A note about the last choice of photos (too many, too large, not an image). */
  photoNotice: ShallowRef<string | null>
  location: ShallowRef<ReportLocation | null>
  locating: ShallowRef<boolean>
  locationError: ShallowRef<string | null>
  category: ShallowRef<string | null>
  text: ShallowRef<string>
  nearby: ComputedRef<readonly NearbyCase[]>
  nearbyLoading: ShallowRef<boolean>
  nearbyError: ShallowRef<ApiError | null>
  /** What keeps the report from being sent; empty when it can be. */
  blockers: ComputedRef<string[]>
  sending: ShallowRef<boolean>
  sendError: ShallowRef<ApiError | null>
  /** The saved case, once sent. */
  sent: ShallowRef<CaseView | null>
  addPhotos: (files: readonly Blob[]) => void
  removePhoto: (key: number) => void
  retryPhoto: (key: number) => void
  locate: () => void
  /** The worker placed or dragged the point on the map. */
  placeAt: (lng: number, lat: number) => void
  send: () => Promise<CaseView | undefined>
  /** Start a new report (after one was sent). */
  reset: () => void
}

export function useMobileReport(options: UseMobileReportOptions = {}): UseMobileReportReturn {
  const fetcher = options.fetcher ?? casesApi
  const upload = options.upload ?? uploadPhoto
  const geo = options.geolocation === undefined ? (typeof navigator !== 'undefined' ? (navigator.geolocation ?? null) : null) : options.geolocation
  const preview =
    options.preview === undefined
      ? typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' && typeof window !== 'undefined'
        ? { create: (f: Blob) => URL.createObjectURL(f), revoke: (u: string) => URL.revokeObjectURL(u) }
        : null
      : options.preview

  const photos = shallowRef<readonly PhotoSlot[]>([])
  const photoNotice = shallowRef<string | null>(null)
  const files = new Map<number, Blob>()
  const uploads = new Map<number, AbortController>()
  let nextKey = 1

  function patch(key: number, change: Partial<PhotoSlot>) {
    photos.value = photos.value.map((p) => (p.key === key ? { ...p, ...change } : p))
  }

  async function startUpload(key: number) {
    const file = files.get(key)
    if (!file) return
    uploads.get(key)?.abort()
    const ctl = new AbortController()
    uploads.set(key, ctl)
    patch(key, { state: 'uploading', error: null })
    try {
      const photo = await upload(file, ctl.signal)
      if (uploads.get(key) !== ctl) return
      patch(key, { state: 'done', photo })
    } catch (err) {
      if (uploads.get(key) !== ctl || isAbort(err)) return
      patch(key, { state: 'error', error: toApiError(err).message })
    } finally {
      if (uploads.get(key) === ctl) uploads.delete(key)
    }
  }

  function addPhotos(chosen: readonly Blob[]) {
    const notes: string[] = []
    const room = MAX_PHOTOS - photos.value.length
    if (chosen.length > room) notes.push(`每件最多 ${MAX_PHOTOS} 张照片，多选的 ${chosen.length - Math.max(room, 0)} 张未加入`)
    const added: PhotoSlot[] = []
    for (const file of chosen.slice(0, Math.max(room, 0))) {
      if (file.type && !file.type.startsWith('image/')) {
        notes.push('只能上传照片（JPEG、PNG、WebP）')
        continue
      }
      if (file.size > MAX_PHOTO_BYTES) {
        notes.push(`照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`)
        continue
      }
      const key = nextKey++
      files.set(key, file)
      added.push({ key, preview: preview ? preview.create(file) : null, state: 'uploading', photo: null, error: null })
    }
    photoNotice.value = notes.length ? [...new Set(notes)].join('；') : null
    photos.value = [...photos.value, ...added]
    for (const p of added) void startUpload(p.key)
  }

  function removePhoto(key: number) {
    uploads.get(key)?.abort()
    uploads.delete(key)
    files.delete(key)
    const slot = photos.value.find((p) => p.key === key)
    if (slot?.preview && preview) preview.revoke(slot.preview)
    photos.value = photos.value.filter((p) => p.key !== key)
  }

  /* ---- location ---- */
  const location = shallowRef<ReportLocation | null>(null)
  const locating = shallowRef(false)
  const locationError = shallowRef<string | null>(null)
  let fix = 0

  function locate() {
    if (!geo) {
      locationError.value = '此设备不支持定位，请在地图上点选位置'
      return
    }
    const mine = ++fix
    locating.value = true
    locationError.value = null
    geo.getCurrentPosition(
      (pos) => {
        if (mine !== fix) return
        locating.value = false
        location.value = { lng: pos.coords.longitude, lat: pos.coords.latitude, source: 'gps', accuracy: Math.round(pos.coords.accuracy) }
      },
      (err) => {
        if (mine !== fix) return
        locating.value = false
        locationError.value = locationErrorText(err.code)
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    )
  }

  function placeAt(lng: number, lat: number) {
    fix++ // a fix still on its way must not move the point the worker just placed
    locating.value = false
    locationError.value = null
    location.value = { lng, lat, source: 'map', accuracy: null }
  }

  /* ---- category, text, nearby ---- */
  const category = shallowRef<string | null>(null)
  const text = shallowRef('')

  const nearbyReq = useRequest((q: { lng: number; lat: number; category?: string }, signal) =>
    fetcher.nearby({ ...q, crs: 'wgs84' }, signal),
  )
  watch([location, category], ([loc, cat]) => {
    if (!loc) return nearbyReq.reset()
    void nearbyReq.execute({ lng: loc.lng, lat: loc.lat, ...(cat ? { category: cat } : {}) })
  })

  /* ---- send ---- */
  const sending = shallowRef(false)
  const sendError = shallowRef<ApiError | null>(null)
  const sent = shallowRef<CaseView | null>(null)

  const blockers = computed(() =>
    missing({
      location: location.value,
      category: category.value,
      text: text.value,
      uploading: photos.value.filter((p) => p.state === 'uploading').length,
      failed: photos.value.filter((p) => p.state === 'error').length,
    }),
  )

  let sendCtl: AbortController | null = null
  async function send(): Promise<CaseView | undefined> {
    if (sending.value || blockers.value.length) return undefined
    const body = buildReport({
      category: category.value,
      text: text.value,
      location: location.value,
      photoIds: photos.value.flatMap((p) => (p.photo ? [p.photo.id] : [])),
    })
    sending.value = true
    sendError.value = null
    sendCtl = new AbortController()
    try {
      const saved = await fetcher.create(body, sendCtl.signal)
      sent.value = saved
      return saved
    } catch (err) {
      if (!isAbort(err)) sendError.value = toApiError(err)
      return undefined
    } finally {
      sending.value = false
      sendCtl = null
    }
  }

  function reset() {
    for (const p of photos.value) removePhoto(p.key)
    photoNotice.value = null
    category.value = null
    text.value = ''
    sent.value = null
    sendError.value = null
    // The worker is still where they were: keep the location for the next report.
  }

  if (getCurrentScope()) onScopeDispose(() => {
    for (const ctl of uploads.values()) ctl.abort()
    sendCtl?.abort()
    fix++
    if (preview) for (const p of photos.value) if (p.preview) preview.revoke(p.preview)
  })

  return {
    photos, photoNotice, location, locating, locationError, category, text,
    nearby: computed(() => nearbyReq.data.value?.items ?? []),
    nearbyLoading: nearbyReq.loading,
    nearbyError: nearbyReq.error,
    blockers, sending, sendError, sent,
    addPhotos, removePhoto, retryPhoto: (key) => void startUpload(key), locate, placeAt, send, reset,
  }
}
