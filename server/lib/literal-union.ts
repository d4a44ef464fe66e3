import { Type, type SchemaOptions, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox'

/** `readonly ['a', 'b']` → `[TLiteral<'a'>, TLiteral<'b'>]`: TypeBox's static types walk unions as tuples. */
export type LiteralTuple<T extends readonly string[]> = Extract<{ -readonly [K in keyof T]: TLiteral<T[K]> }, TSchema[]>

/**
 * A string from a code list (an `as const` tuple of server/domain/vocabulary), for every schema that
 * carries a code. Its Static type is the tuple's union, so handlers get `'current' | 'renovated' | …`
 * rather than the `string` that `Type.Union(list.map(Type.Literal))` gives. The JSON schema is a plain
 * `enum` so that ajv answers "must be equal to one of the allowed values" once instead of one line per
 * literal, and OpenAPI lists the values.
 *
 * @example
 * const Scenario = literalUnion(SCENARIOS, { default: 'current' })
 */
export function literalUnion<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnion<LiteralTuple<T>> {
  if (values.length === 0) throw new TypeError('literalUnion needs at least one value')
  // The cast only renames the schema's type: a string enum validates exactly the union of the literals.
  return Type.String({ ...options, enum: [...values] }) as unknown as TUnion<LiteralTuple<T>>
}
