import { INPUT_CRS, type InputCrs } from '../../../server/domain/cases/crs.ts'
import {
  DISPATCH_LEVELS, findCategory, PRIORITIES, RESOLVED_LEVELS, SOURCES, type DispatchLevel, type Priority, type ResolvedLevel, type Source,
} from '../../../server/domain/cases/taxonomy.ts'
import { STATUSES, type Status } from '../../../server/domain/cases/types.ts'
import type { CaseHistory, Intake } from '../../../server/domain/cases/create-case.ts'

/** The columns a historical case CSV must have; the others are optional. */
export const REQUIRED_COLUMNS = ['source', 'external_id', 'category', 'title', 'lng', 'lat', 'created_at'] as const
export const OPTIONAL_COLUMNS = [
  'crs', 'description', 'address', 'reporter_name', 'reporter_phone', 'priority', 'status', 'deadline_at',
  'dispatched_level', 'dispatched_to', 'dispatched_at', 'started_at', 'resolved_at', 'resolved_level', 'resolution',
  'satisfaction', 'evaluated_at', 'closed_at',
] as const

export type ParsedRow = { ok: true; intake: Intake; history: CaseHistory } | { ok: false; reasons: string[] }

const PHONE = /^\+?[0-9 ()-]{3,32}$/
const RANK: Record<Status, number> = { received: 0, dispatched: 1, handling: 2, resolved: 3, evaluated: 4, closed: 5 }

/** Check one CSV record (header → text) and turn it into an intake plus its history, or say every reason it cannot be. */
export function parseCaseRow(rec: Record<string, string | undefined>, now: Date): ParsedRow {
  const reasons: string[] = []
  const text = (k: string) => {
    const v = rec[k]?.trim()
    return v ? v : null
  }
  const oneOf = <T extends string>(k: string, values: readonly T[], fallback: T | null): T | null => {
    const v = text(k)
    if (v === null) return fallback
    if (!(values as readonly string[]).includes(v)) reasons.push(`${k} '${v}' is not one of ${values.join(', ')}`)
    return v as T
  }
  const time = (k: string, future = false): string | null => {
    const v = text(k)
    if (v === null) return null
    const t = Date.parse(v)
    if (Number.isNaN(t)) reasons.push(`${k} '${v}' is not an ISO 8601 time`)
    else if (!future && t > now.getTime()) reasons.push(`${k} ${v} is in the future`)
    return Number.isNaN(t) ? null : new Date(t).toISOString()
  }
  const number = (k: string, min: number, max: number): number | null => {
    const v = text(k)
    if (v === null) return null
    const n = Number(v)
    if (!Number.isFinite(n) || n < min || n > max) reasons.push(`${k} '${v}' must be a number from ${min} to ${max}`)
    return n
  }

  for (const k of REQUIRED_COLUMNS) if (text(k) === null) reasons.push(`${k} is missing`)
  const source = oneOf<Source>('source', SOURCES, null)
  const category = text('category')
  if (category !== null && !findCategory(category)) reasons.push(`category '${category}' is unknown`)
  const title = text('title')
  if (title !== null && title.length > 200) reasons.push('title is longer than 200 characters')
  const lng = number('lng', -180, 180)
  const lat = number('lat', -90, 90)
  const crs = oneOf<InputCrs>('crs', INPUT_CRS, 'wgs84')
  const priority = oneOf<Priority>('priority', PRIORITIES, 'normal')
  const phone = text('reporter_phone')
  if (phone !== null && !PHONE.test(phone)) reasons.push(`reporter_phone '${phone}' is not a phone number`)

  const createdAt = time('created_at')
  const h = {
    dispatchedAt: time('dispatched_at'),
    startedAt: time('started_at'),
    resolvedAt: time('resolved_at'),
    evaluatedAt: time('evaluated_at'),
    closedAt: time('closed_at'),
  }
  // A deadline may still lie ahead.
  const deadlineAt = time('deadline_at', true)
  const satisfaction = number('satisfaction', 1, 5)
  if (satisfaction !== null && !Number.isInteger(satisfaction)) reasons.push('satisfaction must be an integer from 1 to 5')
  const resolvedLevel = oneOf<ResolvedLevel>('resolved_level', RESOLVED_LEVELS, null)
  const dispatchedLevel = oneOf<DispatchLevel>('dispatched_level', DISPATCH_LEVELS, null)
  const dispatchedTo = text('dispatched_to')
  if ((dispatchedLevel === null) !== (dispatchedTo === null)) reasons.push('dispatched_level and dispatched_to go together')

  const implied: Status = h.closedAt ? 'closed' : satisfaction !== null ? 'evaluated' : h.resolvedAt ? 'resolved' : h.startedAt ? 'handling' : h.dispatchedAt ? 'dispatched' : 'received'
  const status = oneOf<Status>('status', STATUSES, implied) ?? implied
  const rank = RANK[status] ?? 0
  if (rank >= RANK.resolved && !h.resolvedAt) reasons.push(`a ${status} case needs resolved_at`)
  if (rank >= RANK.resolved && !resolvedLevel) reasons.push(`a ${status} case needs resolved_level`)
  if (rank < RANK.resolved && (h.resolvedAt || resolvedLevel)) reasons.push(`a ${status} case cannot have a resolution`)
  if (status === 'evaluated' && satisfaction === null) reasons.push('an evaluated case needs satisfaction')
  if (rank < RANK.resolved && satisfaction !== null) reasons.push(`a ${status} case cannot have a satisfaction rating`)
  if (status === 'closed' && !h.closedAt) reasons.push('a closed case needs closed_at')
  if (status !== 'closed' && h.closedAt) reasons.push(`a ${status} case cannot have closed_at`)
  const order: [string, string | null][] = [
    ['created_at', createdAt], ['dispatched_at', h.dispatchedAt], ['started_at', h.startedAt],
    ['resolved_at', h.resolvedAt], ['evaluated_at', h.evaluatedAt], ['closed_at', h.closedAt],
  ]
  const present = order.filter(([, v]) => v !== null) as [string, string][]
  for (let i = 1; i < present.length; i++) {
    if (present[i][1] < present[i - 1][1]) reasons.push(`${present[i][0]} is before ${present[i - 1][0]}`)
  }

  if (reasons.length > 0) return { ok: false, reasons }
  const name = text('reporter_name')
  return {
    ok: true,
    intake: {
      source: source!,
      externalId: text('external_id')!,
      category: category!,
      title: title!,
      description: text('description'),
      location: { lng: lng!, lat: lat!, crs: crs! },
      address: text('address'),
      reporter: name || phone ? { name, phone } : null,
      priority: priority!,
    },
    history: {
      createdAt: createdAt!,
      status,
      deadlineAt,
      dispatchedTo: dispatchedLevel ? { level: dispatchedLevel, id: dispatchedTo! } : null,
      ...h,
      resolvedLevel,
      resolution: text('resolution'),
      satisfaction,
    },
  }
}
