/** The parts of an ajv error a message is made of (fastify's FastifySchemaValidationError). */
export interface SchemaError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

/** `/status/1` → `status`: the parameter a query error is about. */
const parameterOf = (instancePath: string) => instancePath.split('/').filter(Boolean)[0] ?? 'query'

/**
 * A 400 message for the first schema error of a query that names the parameter, the value refused and,
 * for a code list, every code it takes, so a wrong filter is fixed from the message alone.
 *
 * @example
 * validationMessage([{ keyword: 'enum', instancePath: '/status/1', params: { allowedValues: ['a', 'b'] } }], { status: ['a', 'c'] })
 * // 'status has an unknown code "c"; known codes: a, b'
 */
export function validationMessage(errors: readonly SchemaError[], query: Record<string, unknown>): string {
  const e = errors[0]
  if (!e) return 'the query is not valid'
  const name = parameterOf(e.instancePath)
  if (e.keyword === 'enum') {
    const value = e.instancePath.split('/').filter(Boolean).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], query)
    const allowed = (e.params.allowedValues as unknown[] | undefined) ?? []
    return `${name} has an unknown code ${JSON.stringify(value)}; known codes: ${allowed.join(', ')}`
  }
  if (e.keyword === 'additionalProperties') return `unknown query parameter ${String(e.params.additionalProperty)}`
  return `${name} ${e.message ?? 'is not valid'}`
}
