import { badRequest } from '../../lib/errors.ts'
import { DISPATCH_LEVELS, RESOLVED_LEVELS, type DispatchLevel, type ResolvedLevel } from '../../domain/cases/taxonomy.ts'
import type { Action } from '../../domain/cases/types.ts'
import type { TransitionBodyT } from './schemas.ts'

/**
 * Turn the flat transition body into a typed action, refusing with a 400 that names what is missing.
 * The schema has already checked every field's type and range.
 */
export function toAction(b: TransitionBodyT): Action {
  const need = (field: keyof TransitionBodyT, what: string) => {
    if (b[field] === undefined) throw badRequest(`${b.action} needs body/${field} (${what})`, 'VALIDATION')
  }
  switch (b.action) {
    case 'dispatch':
      need('level', DISPATCH_LEVELS.join(', '))
      need('to', 'an area id, or a department code when level is department')
      if (!(DISPATCH_LEVELS as readonly string[]).includes(b.level!)) {
        throw badRequest(`dispatch level must be one of ${DISPATCH_LEVELS.join(', ')} (got ${b.level})`, 'VALIDATION')
      }
      return { action: 'dispatch', level: b.level as DispatchLevel, to: b.to!, note: b.note }
    case 'resolve':
      need('level', `the level it was resolved at: ${RESOLVED_LEVELS.join(', ')}`)
      if (!(RESOLVED_LEVELS as readonly string[]).includes(b.level!)) {
        throw badRequest(`resolve level must be one of ${RESOLVED_LEVELS.join(', ')} (got ${b.level})`, 'VALIDATION')
      }
      return { action: 'resolve', level: b.level as ResolvedLevel, note: b.note }
    case 'evaluate':
      need('satisfaction', 'an integer from 1 to 5')
      return { action: 'evaluate', satisfaction: b.satisfaction!, comment: b.comment }
    case 'escalate':
      need('department', 'the district department whistled for')
      return { action: 'escalate', department: b.department!, fromLevel: b.fromLevel, reportWithinHours: b.reportWithinHours, note: b.note }
    case 'reopen':
      return { action: 'reopen', reason: b.reason ?? b.note }
    case 'start':
    case 'close':
    case 'report':
      return { action: b.action, note: b.note }
  }
}
