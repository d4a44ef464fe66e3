import fc from 'fast-check'

export type Schema = Record<string, unknown>

/**
 * Values for fields by name, whatever the route: ids that exist, places inside the district, dates in
 * range. They take a request past validation to the code and SQL behind it, which values made from
 * the schema alone rarely reach (a random area id matches no area).
 */
export type Hints = Record<string, { text?: fc.Arbitrary<string>; number?: fc.Arbitrary<number> }>

/** Caps that keep generated requests cheap (lengths of strings and arrays; coverage inputs are small). */
export interface Caps {
  maxString: number
  maxArray: number
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * An arbitrary of values that mostly satisfy `schema` (JSON Schema as TypeBox writes it): enums,
 * patterns, ranges, required keys, unions. `name` is the field's name, for hints.
 */
export function arbitraryFor(schema: unknown, name: string, hints: Hints, caps: Caps): fc.Arbitrary<unknown> {
  if (!isSchema(schema)) return fc.string({ maxLength: caps.maxString })
  const fromSchema = bySchema(schema, name, hints, caps)
  // A hint stands in for the schema's own values only where the schema leaves the value open.
  const open = schema.enum === undefined && schema.const === undefined
  const hint = !open ? undefined : schema.type === 'string' ? hints[name]?.text : schema.type === 'integer' || schema.type === 'number' ? hints[name]?.number : undefined
  if (hint) return fc.oneof({ arbitrary: hint as fc.Arbitrary<unknown>, weight: 3 }, { arbitrary: fromSchema, weight: 1 })
  return fromSchema
}

function bySchema(s: Schema, name: string, hints: Hints, caps: Caps): fc.Arbitrary<unknown> {
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  if ('const' in s) return fc.constant(s.const)
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined
  if (Array.isArray(union)) return fc.oneof(...union.map((b) => arbitraryFor(b, name, hints, caps)))
  switch (s.type) {
    case 'string':
      return stringFor(s, caps)
    case 'integer':
      return integerFor(s)
    case 'number':
      return numberFor(s)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const minLength = Number(s.minItems ?? 0)
      const maxLength = Math.max(minLength, Math.min(Number(s.maxItems ?? caps.maxArray), caps.maxArray))
      if (Array.isArray(s.items)) return fc.tuple(...s.items.map((i) => arbitraryFor(i, name, hints, caps)))
      return fc.array(arbitraryFor(s.items, name, hints, caps), { minLength, maxLength })
    }
    case 'object':
      return objectFor(s, hints, caps)
    default:
      return fc.oneof(fc.string({ maxLength: caps.maxString }), fc.integer(), fc.boolean(), fc.constant(null))
  }
}

export function objectFor(s: Schema, hints: Hints, caps: Caps): fc.Arbitrary<Record<string, unknown>> {
  const properties = (isSchema(s.properties) ? s.properties : {}) as Record<string, unknown>
  const required = new Set((s.required as string[] | undefined) ?? [])
  // An optional field is left out two times in three: several at once often contradict each other
  // (window=24h with from=…), and the request would never get past its first check.
  const model = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => {
      const value = arbitraryFor(v, k, hints, caps)
      return [k, required.has(k) ? value : fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: value, weight: 1 })]
    }),
  )
  return fc.record(model).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)))
}

function stringFor(s: Schema, caps: Caps): fc.Arbitrary<string> {
  const maxLength = Math.min(Number(s.maxLength ?? caps.maxString), caps.maxString)
  const minLength = Math.min(Number(s.minLength ?? 0), maxLength)
  if (typeof s.pattern === 'string') {
    const matching = fc.stringMatching(new RegExp(s.pattern, 'u'))
    return fc.oneof({ arbitrary: matching, weight: 4 }, { arbitrary: fc.string({ minLength, maxLength }), weight: 1 })
  }
  // Mostly text a person would write (Chinese included), sometimes any UTF-16 at all.
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }), weight: 4 },
    { arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }), weight: 1 },
  )
}

const SMALL = 1_000_000

function integerFor(s: Schema): fc.Arbitrary<number> {
  const min = Math.max(Number(s.minimum ?? -SMALL), Number.isFinite(Number(s.exclusiveMinimum)) ? Number(s.exclusiveMinimum) + 1 : -Infinity, -Number.MAX_SAFE_INTEGER)
  const max = Math.min(Number(s.maximum ?? SMALL), Number.isFinite(Number(s.exclusiveMaximum)) ? Number(s.exclusiveMaximum) - 1 : Infinity, Number.MAX_SAFE_INTEGER)
  // Ends of the range as often as the inside: off-by-ones live there.
  return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, Math.min(max, Math.max(min, 0))))
}

function numberFor(s: Schema): fc.Arbitrary<number> {
  const min = Number(s.minimum ?? s.exclusiveMinimum ?? -SMALL)
  const max = Number(s.maximum ?? s.exclusiveMaximum ?? SMALL)
  return fc.double({
    min, max, minExcluded: s.exclusiveMinimum !== undefined, maxExcluded: s.exclusiveMaximum !== undefined, noNaN: true, noDefaultInfinity: true,
  })
}
