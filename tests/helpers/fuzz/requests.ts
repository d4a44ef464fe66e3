import fc from 'fast-check'
import { HOSTILE_BODIES, HOSTILE_JSON, HOSTILE_TEXT } from './hostile.ts'
import { arbitraryFor, objectFor, type Caps, type Hints, type Schema } from './schema-arbitrary.ts'

export interface RouteSpec {
  method: string
  url: string
  schema?: { body?: unknown; querystring?: unknown; params?: unknown } | undefined
}

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

/** How one route is fuzzed: extra hints and tighter caps for the costly ones. */
export interface RouteTuning {
  hints?: Hints
  caps?: Partial<Caps>
  /** Send the body form-encoded this often (0..1), as GeoReport clients do. */
  formShare?: number
}

const DEFAULT_CAPS: Caps = { maxString: 40, maxArray: 4 }

// A path parameter: `:name`, optionally with a regular expression `(...)`, up to the next `/`, `.` or `:`.
const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)(\((?:[^()\\]|\\.)*\))?/g

/** The names and patterns of a route's path parameters, in order. */
export function pathParams(url: string): { name: string; pattern?: string }[] {
  return [...url.matchAll(PARAM)].map((m) => ({ name: m[1], pattern: m[2]?.slice(1, -1) }))
}

/**
 * Requests for one route: its params, query and body built from its schema (plus hints), then about
 * half of them spoiled with hostile values in one to three places, unknown fields, missing ones, or a
 * body that is not an object at all.
 */
export function requestsFor(route: RouteSpec, hints: Hints, tuning: RouteTuning = {}): fc.Arbitrary<FuzzRequest> {
  const caps = { ...DEFAULT_CAPS, ...tuning.caps }
  const allHints = { ...hints, ...tuning.hints }
  const schema = route.schema ?? {}

  const paramSchemas = (isSchema(schema.params) && isSchema(schema.params.properties) ? schema.params.properties : {}) as Record<string, unknown>
  const params = pathParams(route.url)
  const paramArbs = params.map(({ name, pattern }) => {
    // A parameter without a schema is text, and its own pattern when the route has one.
    const s = paramSchemas[name] ?? { type: 'string', ...(pattern ? { pattern } : {}) }
    return spoilable(arbitraryFor(s, name, allHints, caps).map(String), fc.constantFrom(...HOSTILE_TEXT))
  })
  const wildcard = route.url.endsWith('*')
    ? spoilable(fc.array(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), { minLength: 1, maxLength: 3 }).map((p) => p.join('/')), fc.constantFrom(...HOSTILE_TEXT))
    : fc.constant('')

  const query = isSchema(schema.querystring) ? spoilObject(objectFor(schema.querystring, allHints, caps), fc.constantFrom(...HOSTILE_TEXT)) : fc.option(spoilObject(fc.constant({}), fc.constantFrom(...HOSTILE_TEXT)), { freq: 3 })
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method)
  const body = hasBody && isSchema(schema.body) ? bodyFor(schema.body, allHints, caps, tuning.formShare ?? 0.1) : fc.constant(undefined)

  return fc.record({ params: fc.tuple(...paramArbs), wildcard, query, body }).map(({ params: values, wildcard: rest, query: q, body: b }): FuzzRequest => {
    let i = 0
    let path = route.url.replace(PARAM, () => encodePart(values[i++]))
    if (path.endsWith('*')) path = path.slice(0, -1) + rest.split('/').map(encodePart).join('/')
    const qs = q ? encodeQuery(q) : ''
    return {
      method: route.method,
      url: qs ? `${path}?${qs}` : path,
      headers: b ? { 'content-type': b.type } : ({} as Record<string, string>),
      payload: b?.payload,
    }
  })
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Mostly the value, sometimes a hostile one. */
function spoilable<T>(value: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: hostile, weight: 1 })
}

/** Path through nested objects and arrays to one value. */
type Path = (string | number)[]

function leafPaths(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at]
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(...leafPaths(v[i], [...at, i]))
  else if (isSchema(v)) for (const k of Object.keys(v)) out.push(...leafPaths(v[k], [...at, k]))
  return out
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  // A new key in an array: append instead (a named property on an array is lost in JSON anyway).
  if (Array.isArray(root) && typeof head === 'string') return [...root, value]
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>
  copy[head] = setAt(copy[head], rest, value)
  return copy
}

function removeAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return root
  if (path.length === 1) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== path[0])
    const { [path[0]]: _drop, ...rest } = root as Record<string | number, unknown>
    return rest
  }
  const [head, ...rest] = path
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>
  copy[head] = removeAt(copy[head], rest)
  return copy
}

type Spoil = { kind: 'set' | 'add' | 'drop'; at: number; key: string; value: unknown }

/** About half the time, one to three spoils: a hostile value put somewhere, an unknown key, a key dropped. */
function spoilObject(value: fc.Arbitrary<unknown>, hostile: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const spoil: fc.Arbitrary<Spoil> = fc.record({
    kind: fc.constantFrom('set', 'set', 'set', 'add', 'drop'),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('unknown', '__proto__', 'constructor', '\u0000', '\ud800', 'x'.repeat(300)), fc.string({ maxLength: 8 })),
    value: hostile,
  })
  const spoils = fc.oneof({ arbitrary: fc.constant([] as Spoil[]), weight: 1 }, { arbitrary: fc.array(spoil, { minLength: 1, maxLength: 3 }), weight: 1 })
  return fc.tuple(value, spoils).map(([v, list]) => {
    let out: unknown = v
    for (const s of list) {
      const paths = leafPaths(out)
      const path = paths[s.at % paths.length]
      if (s.kind === 'drop') out = removeAt(out, path)
      else if (s.kind === 'add') out = setAt(out, [...path.slice(0, -1), s.key], s.value)
      else out = setAt(out, path, s.value)
      if (!isSchema(out)) return { value: out }
    }
    return out as Record<string, unknown>
  })
}

function bodyFor(schema: Schema, hints: Hints, caps: Caps, formShare: number): fc.Arbitrary<{ type: string; payload: string }> {
  const hostile = fc.oneof(fc.constantFrom(...HOSTILE_JSON), fc.constantFrom(...HOSTILE_TEXT))
  // Through arbitraryFor, not objectFor: a body may be one of several shapes (a case transition).
  const value = spoilObject(arbitraryFor(schema, 'body', hints, caps), hostile)
  const asJson = value.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) }))
  const asForm = spoilObject(arbitraryFor(schema, 'body', hints, caps), fc.constantFrom(...HOSTILE_TEXT)).map((v) => ({
    type: 'application/x-www-form-urlencoded',
    payload: encodeQuery(v),
  }))
  const arbs = [
    { arbitrary: asJson, weight: Math.round(90 * (1 - formShare)) },
    { arbitrary: asForm, weight: Math.round(90 * formShare) },
    { arbitrary: fc.constantFrom(...HOSTILE_BODIES), weight: 10 },
  ].filter((a) => a.weight > 0)
  return fc.oneof(...arbs)
}

/**
 * Percent-encode as a client would, except that an unpaired surrogate (which encodeURIComponent
 * refuses) is sent as the three bytes a careless UTF-8 encoder writes for it.
 */
export function encodePart(s: string): string {
  let out = ''
  for (const part of s.split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)) {
    if (part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff) {
      const c = part.charCodeAt(0)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(part)
  }
  return out
}

/** A query string (or form body): arrays repeat the key, objects go as JSON, everything else as text. */
export function encodeQuery(q: Record<string, unknown>): string {
  const pairs: string[] = []
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue
    for (const item of Array.isArray(v) ? v : [v]) {
      pairs.push(`${encodePart(k)}=${encodePart(typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))}`)
    }
  }
  return pairs.join('&')
}
