/**
 * The manual intake form as plain data: what an operator has typed, whether it can be saved, the
 * request it becomes, and the category picker's groups. Pure, so the rules are tested without a page.
 * The limits mirror the server's IntakeBody (server/plugins/cases/schemas.ts); the server stays the guard.
 */
import type { CaseTaxonomy, Class721, IntakeRequest } from '../api/case-types.ts'
import type { Priority, Source } from '../../../server/domain/vocabulary/index.ts'

export interface IntakeLocation {
  lng: number
  lat: number
  /** What the operator chose (a building, a compound…) or null for a point clicked on the map. */
  label: string | null
}

export interface IntakeForm {
  category: string
  title: string
  description: string
  reporterName: string
  reporterPhone: string
  priority: Priority
  source: Source
  location: IntakeLocation | null
  /** The address as it will be stored (prefilled from the place chosen, editable). */
  address: string
}

export function emptyIntakeForm(source: Source = 'hotline_12345'): IntakeForm {
  return { category: '', title: '', description: '', reporterName: '', reporterPhone: '', priority: 'normal', source, location: null, address: '' }
}

export const LIMITS = { title: 200, description: 4000, address: 500, reporterName: 64 } as const
/** The server's phone pattern. */
const PHONE = /^\+?[0-9 ()-]{3,32}$/

export type IntakeErrors = Partial<Record<'category' | 'title' | 'description' | 'reporterName' | 'reporterPhone' | 'location' | 'address', string>>

/** The title used when the operator leaves it blank: the category, and where. */
export function defaultTitle(form: IntakeForm, categoryName: string | null): string {
  if (!categoryName) return ''
  const where = form.address.trim() || form.location?.label || ''
  return (where ? `${categoryName}：${where}` : categoryName).slice(0, LIMITS.title)
}

/** What stops the form from being saved, field by field (empty when it can be). */
export function validateIntake(form: IntakeForm, categoryName: string | null): IntakeErrors {
  const e: IntakeErrors = {}
  if (!form.category || !categoryName) e.category = '请选择诉求类别'
  const title = form.title.trim() || defaultTitle(form, categoryName)
  if (!title) e.title = '请填写标题'
  else if (title.length > LIMITS.title) e.title = `标题不超过 ${LIMITS.title} 字`
  if (form.description.length > LIMITS.description) e.description = `描述不超过 ${LIMITS.description} 字`
  if (form.reporterName.trim().length > LIMITS.reporterName) e.reporterName = `姓名不超过 ${LIMITS.reporterName} 字`
  const phone = form.reporterPhone.trim()
  if (phone && !PHONE.test(phone)) e.reporterPhone = '电话号码格式不对（数字，可含 + - 空格 括号）'
  if (!form.location) e.location = '请搜索地址或在地图上点选位置'
  if (form.address.trim().length > LIMITS.address) e.address = `地址不超过 ${LIMITS.address} 字`
  return e
}

const orNull = (s: string) => (s.trim() ? s.trim() : null)

/** The POST /api/cases body; call only when validateIntake found nothing. */
export function buildIntakeRequest(form: IntakeForm, categoryName: string | null): IntakeRequest {
  if (!form.location) throw new Error('no location')
  const name = orNull(form.reporterName)
  const phone = orNull(form.reporterPhone)
  return {
    source: form.source,
    category: form.category,
    title: form.title.trim() || defaultTitle(form, categoryName),
    description: orNull(form.description),
    location: { lng: form.location.lng, lat: form.location.lat },
    address: orNull(form.address) ?? form.location.label,
    reporter: name || phone ? { name, phone } : null,
    priority: form.priority,
  }
}

export interface CategoryGroup {
  class721: Class721
  name: string
  items: CaseTaxonomy['categories']
}

/**
 * The categories grouped by 721 class, narrowed by what the operator typed (name, code or gloss;
 * several words must all match). Groups left empty are dropped.
 */
export function groupCategories(taxonomy: CaseTaxonomy | null, query: string): CategoryGroup[] {
  if (!taxonomy) return []
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const hit = (c: CaseTaxonomy['categories'][number]) => {
    const text = `${c.name} ${c.code} ${c.gloss}`.toLowerCase()
    return words.every((w) => text.includes(w))
  }
  return taxonomy.classes721
    .map((k) => ({ class721: k.code, name: k.name, items: taxonomy.categories.filter((c) => c.class721 === k.code && hit(c)) }))
    .filter((g) => g.items.length > 0)
}

/** The categories in the order the picker shows them, for moving through them with the keyboard. */
export function flatCategories(groups: readonly CategoryGroup[]): string[] {
  return groups.flatMap((g) => g.items.map((c) => c.code))
}

/** Moving through a list of results with ↑/↓ (wrapping), as the place search and category picker do. */
export function moveIndex(current: number | null, delta: 1 | -1, length: number): number | null {
  if (!length) return null
  if (current === null) return delta > 0 ? 0 : length - 1
  return (current + delta + length) % length
}
