import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import { badRequest, HttpError } from '../../lib/errors.ts'
import type { Action } from '../../domain/cases/types.ts'
import { CASE_ACTIONS, type CaseAction } from '../../domain/vocabulary/index.ts'
import { TRANSITION_SCHEMAS, type TransitionBodyT } from './schemas.ts'

/** Turn a transition body, which the schema has checked against its action's shape, into the domain's action. */
export function toAction(b: TransitionBodyT): Action {
  switch (b.action) {
    case 'reopen':
      // The API has always taken the reason as `note` too.
      return { action: 'reopen', reason: b.reason ?? b.note }
    case 'escalate':
      return { action: 'escalate', department: b.department, fromLevel: b.fromLevel, reportWithinHours: b.reportWithinHours, note: b.note }
    default:
      return b
  }
}

/**
 * A 400 for a transition body the schema refused, saying what the action needs: "resolve needs body/level
 * (…)" or "resolve level must be one of … (got grid)". Other errors keep ajv's wording.
 */
export function transitionBodyError(errors: readonly FastifySchemaValidationError[], body: unknown): HttpError {
  const e = errors[0]
  const data = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const action = CASE_ACTIONS.includes(data.action as CaseAction) ? (data.action as CaseAction) : null
  if (!e) return badRequest('body is not a valid transition', 'VALIDATION')
  if (e.keyword === 'discriminator' || !action) {
    return badRequest(`body/action must be one of ${CASE_ACTIONS.join(', ')}`, 'VALIDATION')
  }
  const field = e.instancePath.slice(1)
  if (e.keyword === 'required') {
    const missing = String(e.params.missingProperty)
    const what = (TRANSITION_SCHEMAS[action].properties as Record<string, { description?: string }>)[missing]?.description
    return badRequest(`${action} needs body/${missing}${what ? ` (${what})` : ''}`, 'VALIDATION')
  }
  if (e.keyword === 'enum' && field) {
    const allowed = (e.params.allowedValues as unknown[]).join(', ')
    return badRequest(`${action} ${field} must be one of ${allowed} (got ${String(data[field])})`, 'VALIDATION')
  }
  return badRequest(`body${e.instancePath} ${e.message ?? 'is not valid'}`, 'VALIDATION')
}
