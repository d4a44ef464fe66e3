/**
 * Pure parts of the grid worker's report (随手拍): which categories come first on patrol, the request a
 * report becomes, what still keeps it from being sent, and the Chinese words for a failed location fix.
 */
import type { CaseTaxonomy, IntakeRequest } from '../api/case-types.ts'

/** At most this many photos per report (the server takes ≤ 6 ids). */
export const MAX_PHOTOS = 6
/** The server refuses larger uploads (413); checked here first so a phone does not send them. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
/** The intake title's limit; a longer text goes whole into the description. */
export const TITLE_MAX = 40

/** What grid workers meet on patrol most, first on the picker; the rest follow in the taxonomy's order. */
export const PATROL_FIRST = [
  'sanitation', 'bike_clutter', 'street_vending', 'fire_access', 'road_damage', 'street_lighting',
  'public_facility', 'greenery', 'parking', 'drainage', 'illegal_construction', 'animals',
] as const

export type Category = CaseTaxonomy['categories'][number]

export function patrolOrder(categories: readonly Category[]): Category[] {
  const rank = (code: string) => {
    const i = (PATROL_FIRST as readonly string[]).indexOf(code)
    return i === -1 ? PATROL_FIRST.length : i
  }
  return categories.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c.code) - rank(b.c.code) || a.i - b.i).map((x) => x.c)
}

export interface ReportDraft {
  category: string | null
  text: string
  /** WGS-84, as the phone and the map give it. */
  location: { lng: number; lat: number } | null
  photoIds: readonly string[]
}

/**
 * The intake request: source patrol, WGS-84 said out loud (the server converts whatever it is told), the
 * text's first line as the title and the whole text as the description when it is longer.
 */
export function buildReport(d: ReportDraft): IntakeRequest {
  if (!d.category || !d.location) throw new Error('a report needs a category and a location')
  const text = d.text.trim()
  const firstLine = text.split('\n')[0]!.trim()
  const title = firstLine.length > TITLE_MAX ? `${firstLine.slice(0, TITLE_MAX - 1)}…` : firstLine
  return {
    source: 'patrol',
    category: d.category,
    title,
    description: text !== title ? text : null,
    location: { lng: d.location.lng, lat: d.location.lat, crs: 'wgs84' },
    ...(d.photoIds.length ? { photos: [...d.photoIds] } : {}),
  }
}

/** Why the report cannot be sent yet, in the order the form asks; empty when it can. */
export function missing(d: Omit<ReportDraft, 'photoIds'> & { uploading: number; failed: number }): string[] {
  const out: string[] = []
  if (!d.location) out.push('请确定位置')
  if (!d.category) out.push('请选择问题类别')
  if (!d.text.trim()) out.push('请填写简要说明')
  if (d.uploading) out.push('照片正在上传')
  if (d.failed) out.push('有照片上传失败，请重试或移除')
  return out
}

/** GeolocationPositionError codes → what the worker can do about it. */
export function locationErrorText(code: number): string {
  if (code === 1) return '未获准使用定位：请在浏览器中允许定位，或直接在地图上点选位置'
  if (code === 3) return '定位超时：请到开阔处重试，或在地图上点选位置'
  return '无法获取位置：请重试，或在地图上点选位置'
}
