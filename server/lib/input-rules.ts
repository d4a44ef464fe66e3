/**
 * Rules every value a client sends must keep, whatever its route says, applied by ajv to every
 * request schema (server/plugins/infra/input.ts adds them to each route's schema when it is declared):
 *
 * - Text holds no NUL (U+0000) and no unpaired UTF-16 surrogate. PostgreSQL can store neither (text
 *   refuses NUL, jsonb both), so such a value could only fail later, inside a write shared with others.
 * - Numbers are finite and normal. Ajv coerces the query string "Infinity" to a number and then skips
 *   minimum/maximum for it (with strictNumbers they only apply to finite numbers) and never checks the
 *   coerced value again; subnormal numbers (|x| < 2.2e-308, e.g. 5e-324) underflow to 0 in the first
 *   float multiplication PostgreSQL does with them, which it reports as an error.
 * - Integers are safe JavaScript integers (|n| ≤ 2^53 − 1): beyond that they are no longer exact, and
 *   1e20 as an id overflows PostgreSQL's bigint.
 *
 * Dates have their own range (server/lib/instant.ts); coordinates keep their schema ranges.
 */

/** Why a string cannot be taken, or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)'
  if (!isWellFormed(s)) return 'must not contain an unpaired UTF-16 surrogate (invalid Unicode)'
  return null
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function isWellFormed(s: string): boolean {
  // Every character below U+D800 is fine; most text never reaches the regular expression.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return !LONE_SURROGATE.test(s)
  return true
}

/** Smallest positive normal double (DBL_MIN); below it, except 0, a number is subnormal. */
export const MIN_NORMAL = 2.2250738585072014e-308

/** Why a number cannot be taken, or null when it can. */
export function numberProblem(n: number, integer: boolean): string | null {
  if (!Number.isFinite(n)) return 'must be a finite number'
  if (n !== 0 && Math.abs(n) < MIN_NORMAL) return 'must be 0 or at least 2.2e-308 in size (subnormal numbers are refused)'
  if (integer && !Number.isSafeInteger(n)) return `must be an integer of at most ${Number.MAX_SAFE_INTEGER} in size`
  return null
}

interface KeywordError {
  keyword: string
  message: string
  params: Record<string, unknown>
}
type KeywordValidate = ((schema: unknown, data: unknown) => boolean) & { errors?: KeywordError[] }
/** The part of Ajv's API the keywords need (Ajv itself is Fastify's; it is not imported here). */
interface AjvLike {
  addKeyword(definition: { keyword: string; type?: 'string'; schemaType: 'boolean' | 'string'; errors: boolean; validate: KeywordValidate }): unknown
}

const TEXT = 'wellFormedText'
const NUMBER = 'saneNumber'

/** The ajv plugin that defines the two keywords (Fastify's `ajv.plugins`). */
export function inputKeywords<A extends AjvLike>(ajv: A): A {
  const text: KeywordValidate = (_schema, data) => {
    const why = typeof data === 'string' ? textProblem(data) : null
    text.errors = why ? [{ keyword: TEXT, message: why, params: {} }] : undefined
    return why === null
  }
  // No `type`: a typed keyword runs only for finite numbers (strictNumbers), which is the very hole.
  const number: KeywordValidate = (schema, data) => {
    const why = typeof data === 'number' ? numberProblem(data, schema === 'integer') : null
    number.errors = why ? [{ keyword: NUMBER, message: why, params: {} }] : undefined
    return why === null
  }
  ajv.addKeyword({ keyword: TEXT, type: 'string', schemaType: 'boolean', errors: true, validate: text })
  ajv.addKeyword({ keyword: NUMBER, schemaType: 'string', errors: true, validate: number })
  return ajv
}

/**
 * Fastify's ajv settings. Query strings like ?minutes=5,15 stay strings; schemas coerce scalars.
 * `discriminator` lets a body that is one of several shapes (a case transition) be checked against the
 * shape its tag names. The plugin adds the keywords above.
 */
export const AJV_CONFIG = {
  customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true, allErrors: false, discriminator: true },
  plugins: [inputKeywords],
}

type Schema = Record<string, unknown>
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

// Keywords whose value is a schema, a list of schemas, or a map of name → schema.
const ONE = ['items', 'additionalItems', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties']
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems']
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']

/**
 * A copy of a request schema with the rules on every string, number and integer in it. The original is
 * left alone: TypeBox schemas are shared between routes and with the response schemas.
 */
export function withInputRules<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => withInputRules(s)) as T
  if (!isSchema(schema)) return schema
  const out: Schema = { ...schema }
  for (const k of ONE) if (isSchema(out[k]) || Array.isArray(out[k])) out[k] = withInputRules(out[k])
  for (const k of LIST) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map((s) => withInputRules(s))
  for (const k of MAP) {
    if (isSchema(out[k])) out[k] = Object.fromEntries(Object.entries(out[k] as Schema).map(([name, s]) => [name, withInputRules(s)]))
  }
  const types = Array.isArray(out.type) ? (out.type as string[]) : typeof out.type === 'string' ? [out.type] : []
  if (types.includes('string')) out[TEXT] = true
  if (types.includes('integer') && !types.includes('number')) out[NUMBER] = 'integer'
  else if (types.includes('number')) out[NUMBER] = 'number'
  return out as T
}
