/**
 * How the case view words a case in Chinese: levels, actions, the timeline's sentences and the time
 * left before a deadline. Pure (no Vue, no fetch) so the wording is tested as it is and reused by
 * every screen that names a case's steps.
 */
import {
  DEPARTMENT_NAMES,
  DISPATCH_LEVEL_NAMES,
  RESOLVED_LEVEL_NAMES,
  type CaseAction,
  type ResolvedLevel,
  type WhistleLevel,
} from '../../../../server/domain/vocabulary/index.ts'
import type { CaseDetail, CaseEventEntry } from '../../api/case-types.ts'
import { CST_TIME_ZONE } from '../../composables/cst-time.ts'

export { DEPARTMENT_NAMES, DISPATCH_LEVEL_NAMES, RESOLVED_LEVEL_NAMES }

export const WHISTLE_LEVEL_NAMES: Record<WhistleLevel, string> = { community: '社区', street: '街道' }

/** The button for each loop action. */
export const ACTION_NAMES: Record<CaseAction, string> = {
  dispatch: '派单',
  start: '开始处置',
  resolve: '办结',
  escalate: '吹哨',
  report: '报到',
  evaluate: '评价',
  close: '结案',
  reopen: '重新办理',
}

const EVENT_VERBS: Record<CaseEventEntry['type'], string> = {
  created: '受理',
  imported: '导入',
  dispatched: '派单',
  started: '开始处置',
  resolved: '办结',
  evaluated: '评价',
  closed: '结案',
  reopened: '重新办理',
  escalated: '吹哨',
  reported: '报到',
}

const lookup = <T extends string>(names: Record<T, string>, code: unknown): string =>
  typeof code === 'string' ? ((names as Record<string, string>)[code] ?? code) : ''

export const departmentName = (code: unknown) => lookup(DEPARTMENT_NAMES, code)
export const resolvedLevelName = (code: unknown) => lookup(RESOLVED_LEVEL_NAMES, code)
export const dispatchLevelName = (code: unknown) => lookup(DISPATCH_LEVEL_NAMES, code)

/** Names of the areas a case's events may point at, by id: its own grid, community and street, and its holder. */
export function placeNames(c: Pick<CaseDetail, 'gridId' | 'communityId' | 'streetId' | 'place' | 'holder'>): Map<string, string> {
  const m = new Map<string, string>()
  if (c.gridId && c.place.gridName) m.set(c.gridId, c.place.gridName)
  if (c.communityId && c.place.communityName) m.set(c.communityId, c.place.communityName)
  if (c.streetId && c.place.streetName) m.set(c.streetId, c.place.streetName)
  if (c.holder && c.holder.level !== 'department') m.set(c.holder.id, c.holder.name)
  return m
}

/** Who did it, for people: the account's name, an external system's key name, or 系统. */
export function actorLabel(e: Pick<CaseEventEntry, 'actor' | 'actorName'>): string {
  if (e.actorName) return e.actorName
  if (e.actor === 'system') return '系统'
  if (e.actor.startsWith('key:')) return `外部系统 ${e.actor.slice(4)}`
  return e.actor
}

/** Date and time in China, 2024-07-01 14:05. */
const CST_FORMAT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CST_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export function formatCstDateTime(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso)
  if (!Number.isFinite(ms)) return '—'
  const parts = Object.fromEntries(CST_FORMAT.formatToParts(ms).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

export interface EventWording {
  /** What happened, one line: "派单至网格：第3网格". */
  what: string
  /** Further lines: note, reason, comment, report-by. */
  details: { label: string; text: string }[]
  /** 1..5 when the event is an evaluation. */
  satisfaction: number | null
  photos: string[]
}

/** One timeline entry in Chinese. `names` turns area ids into names (placeNames()). */
export function describeEvent(e: CaseEventEntry, names: ReadonlyMap<string, string> = new Map()): EventWording {
  const p = e.payload ?? {}
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
  let what = EVENT_VERBS[e.type] ?? e.type
  const details: EventWording['details'] = []
  switch (e.type) {
    case 'dispatched': {
      const to = str(p.to)
      if (p.level && to) {
        const target = p.level === 'department' ? departmentName(to) : (names.get(to) ?? to)
        what = `派单至${dispatchLevelName(p.level)}：${target}`
      }
      break
    }
    case 'resolved':
      if (p.level) what = `办结（${resolvedLevelName(p.level)}层面解决）`
      break
    case 'escalated': {
      const dept = str(p.department)
      const from = typeof p.fromLevel === 'string' ? lookup(WHISTLE_LEVEL_NAMES, p.fromLevel) : ''
      what = `${from ? `${from}` : ''}吹哨${dept ? `：${departmentName(dept)}` : ''}`
      const by = str(p.reportBy)
      if (by) details.push({ label: '报到时限', text: formatCstDateTime(by) })
      break
    }
    case 'reported': {
      const dept = str(p.department)
      if (dept) what = `${departmentName(dept)}报到`
      break
    }
    case 'evaluated':
      what = typeof p.satisfaction === 'number' ? `评价：满意度 ${p.satisfaction} 星` : '评价'
      break
  }
  const reason = str(p.reason)
  if (reason) details.push({ label: '原因', text: reason })
  const note = str(p.note)
  if (note) details.push({ label: '说明', text: note })
  const comment = str(p.comment)
  if (comment) details.push({ label: '评价意见', text: comment })
  const satisfaction = e.type === 'evaluated' && typeof p.satisfaction === 'number' ? p.satisfaction : null
  const photos = Array.isArray(p.photos) ? p.photos.filter((x): x is string => typeof x === 'string') : []
  return { what, details, satisfaction, photos }
}

/** The resolved level a holder most likely settled the case at (the resolve form's first choice). */
export function defaultResolvedLevel(holder: CaseDetail['holder']): ResolvedLevel {
  switch (holder?.level) {
    case 'community':
      return 'community'
    case 'street':
      return 'street'
    case 'department':
      return 'department'
    default:
      return 'compound'
  }
}
