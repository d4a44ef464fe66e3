import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { ensureAccount } from '../helpers/auth.ts'
import { requestsFor, type FuzzRequest, type RouteSpec, type RouteTuning } from '../helpers/fuzz/requests.ts'
import type { Hints } from '../helpers/fuzz/schema-arbitrary.ts'
import { CATEGORY_CODES } from '../../server/domain/cases/taxonomy.ts'
import { DEPARTMENT_CODES } from '../../server/domain/vocabulary/index.ts'
import { intakeBody, uniqueId } from '../fixtures/cases/api.ts'

/**
 * Every route of the app (taken from app.routeTable, so a new route is fuzzed without being listed),
 * with params, query and bodies made from its schema and spoiled with hostile values: no request may
 * get a 5xx, every 4xx says what was wrong, and a refused request stores nothing.
 *
 * Replay a failure with FUZZ_SEED=<the seed printed>; FUZZ_REQUESTS changes the total, FUZZ_CONCURRENCY
 * the requests in flight, FUZZ_DUMP=<path> writes every request and answer to <path>.<database>.jsonl.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20250409)
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000)
/**
 * The share of TOTAL each database gets when both run (CI): the embedded one answers a query at a time,
 * about three times slower. A run with one database gives it that database's share only.
 */
const SHARE = { embedded: 0.4, external: 0.6 }
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8)
// Who the fuzzer's writes are recorded as: an administrator account of its own, signed in, whose
// username tells its rows apart from other test files'.
const ACTOR = `fuzz-${SEED}-${process.pid}`.slice(0, 32)
/** Request headers, in one place: the fuzzer's session cookie is added once it has signed in. */
const HEADERS: Record<string, string> = {}
/**
 * Sign-in and administration are fuzzed without a session: as the administrator, random requests
 * could sign the fuzzer out, revoke the demo's kiosk key or disable the accounts other test files use.
 * Anonymous, they meet the guard (401) or the sign-in routes' own validation; tests/server/access.test.ts
 * covers what they do for a signed-in user.
 */
const ANONYMOUS = /^[A-Z]+ \/api\/(auth|admin)\//

/**
 * Costly routes get small inputs only: their cost limits are tested where they are set. Weights
 * share out the requests (HEAD routes run their GET's handler and validation, so they get fewer).
 */
const SMALL_COVERAGE: RouteTuning = {
  hints: {
    minutes: { text: fc.constantFrom('5', '15', '5,15'), number: fc.constantFrom(5, 15) },
    k: { number: fc.integer({ min: 1, max: 3 }) },
    limit: { number: fc.integer({ min: 1, max: 50 }) },
  },
  caps: { maxArray: 2 },
}
const TUNING: { match: RegExp; tuning?: RouteTuning; weight: number }[] = [
  { match: / \/api\/coverage\/(what-if|suggest)$/, tuning: SMALL_COVERAGE, weight: 0.15 },
  { match: / \/api\/(coverage|isochrones|stations\/:id\/isochrone)/, tuning: SMALL_COVERAGE, weight: 0.3 },
  { match: / \/ogc\/collections\/:collectionId\/export/, weight: 0.3 },
  // Whole-district aggregates (every wall figure in one transaction, the org tree, cases near 中心户): the
  // four slowest routes of a full run (75 requests each took 35–56 s summed on PostgreSQL), and the
  // embedded database answers one query at a time. Fewer of them, like the other heavy reads.
  { match: / \/api\/(wall\/snapshot|party\/(orgs|households|cases-near))$/, weight: 0.3 },
  { match: /^POST \/open311\//, tuning: { formShare: 0.7 }, weight: 1 },
  { match: /^POST \/api\/cases$/, weight: 2 },
  { match: /^POST \/api\/cases\/:id\/transitions/, weight: 2 },
]
/** HEAD routes run their GET's validation and handler, and only drop the body: fewer of them. */
const HEAD_WEIGHT = 0.2
function tuningOf(key: string): { tuning?: RouteTuning; weight: number } {
  const found = TUNING.find((t) => t.match.test(key)) ?? { weight: 1 }
  return key.startsWith('HEAD ') ? { ...found, weight: found.weight * HEAD_WEIGHT } : found
}

interface Outcome {
  req: FuzzRequest
  route: string
  status: number
  body: string
  ms: number
}

describe.each(testDatabases())('fuzzing every route on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
    await ensureAccount(t.db.pool, { username: ACTOR, role: 'admin', areaId: null, password: 'fuzz-password' })
    HEADERS.cookie = await t.signIn(ACTOR, 'fuzz-password')
  })
  afterAll(async () => {
    await t?.close()
  })

  const perDatabase = Math.round(TOTAL * SHARE[target.name])
  it(`answers ${perDatabase} fuzzed requests without a 5xx, and stores only what a 2xx created (seed ${SEED})`, async () => {
    const seed = SEED + testDatabases().indexOf(target)
    const started = Date.now()

    // Cases of our own to act on and read, recorded as the fuzzer's like everything it writes.
    const place = await t.db.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(footprint) AS p FROM buildings ORDER BY id LIMIT 20) b`,
    )
    const created = new Set<number>()
    for (const p of place.rows) {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: HEADERS, payload: intakeBody(p, { externalId: uniqueId('fuzz-seed') }) })
      expect(res.statusCode, res.body).toBe(201)
      created.add(res.json().id)
    }
    const hints = await gatherHints(t, [...created])

    const routes: RouteSpec[] = t.app.routeTable.map((r) => ({ method: r.method, url: r.url, schema: r.schema as RouteSpec['schema'] }))
    const keys = routes.map((r) => `${r.method} ${r.url}`)
    const weights = keys.map((k) => tuningOf(k).weight)
    const sum = weights.reduce((a, b) => a + b, 0)
    const plan: { route: string; req: FuzzRequest }[] = []
    routes.forEach((r, i) => {
      const n = Math.max(10, Math.round((perDatabase * weights[i]) / sum))
      const arb = requestsFor(r, hints, tuningOf(keys[i]).tuning)
      const own = ANONYMOUS.test(keys[i]) ? { cookie: '' } : HEADERS
      for (const req of fc.sample(arb, { seed: seed + i, numRuns: n })) plan.push({ route: keys[i], req: { ...req, headers: { ...req.headers, ...own } } })
    })
    // Interleaved, so concurrent intakes share batches and reads run beside writes.
    const order = fc.sample(fc.shuffledSubarray(plan, { minLength: plan.length, maxLength: plan.length }), { seed, numRuns: 1 })[0]
    const generated = Date.now()
    const outcomes = await runAll(t, order, CONCURRENCY)
    if (process.env.FUZZ_DUMP) {
      const lines = outcomes.map((o) => JSON.stringify({ route: o.route, status: o.status, ms: Math.round(o.ms), url: o.req.url, payload: o.req.payload?.slice(0, 400), body: o.body.slice(0, 300) }))
      writeFileSync(`${process.env.FUZZ_DUMP}.${target.name}.jsonl`, lines.join('\n'))
    }
    const elapsed = Date.now() - started
    const setupMs = generated - started

    const problems: string[] = []
    let transitions = 0
    for (const o of outcomes) {
      const why = checkOutcome(o)
      if (why) problems.push(`${why}: ${describeRequest(o)}`)
      if (o.status === 201 && o.route === 'POST /api/cases') created.add(JSON.parse(o.body).id)
      if (o.status === 200 && o.route === 'POST /open311/v2/requests.json') created.add(Number(JSON.parse(o.body)[0].service_request_id))
      if (o.status === 200 && o.route === 'POST /api/cases/:id/transitions') transitions++
    }

    console.log(`[fuzz] ${target.name}: ${outcomes.length} requests in ${(elapsed / 1000).toFixed(1)} s (${(setupMs / 1000).toFixed(1)} s to set up and generate), seed ${seed}; ${summary(outcomes)}`)
    expect(problems.slice(0, 20), `seed ${seed} (FUZZ_SEED=${SEED} replays it): ${problems.length} problems`).toEqual([])
    expect(outcomes.length).toBeGreaterThanOrEqual(perDatabase)

    // Every route reached its handler at least once (a fuzzer whose requests all fail validation proves
    // little). HEAD answers have no body to tell; they run their GET's handler.
    const reached = new Set(outcomes.filter(reachedHandler).map((o) => o.route))
    expect(keys.filter((k) => !k.startsWith('HEAD ') && !ANONYMOUS.test(k) && !reached.has(k)), 'routes no request got past validation on').toEqual([])

    // Nothing stored by a refused request: the fuzzer's cases are exactly those 2xx answers created,
    // and its events exactly those creations and the transitions answered 200.
    const { rows: stored } = await t.db.pool.query<{ id: string }>(
      `SELECT c.id FROM cases c JOIN case_events e ON e.case_id = c.id AND e.type = 'created' WHERE e.actor = $1 ORDER BY c.id`,
      [ACTOR],
    )
    expect(stored.map((r) => Number(r.id))).toEqual([...created].sort((a, b) => a - b))
    const { rows: events } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events WHERE actor = $1', [ACTOR])
    expect(events[0].n).toBe(created.size + transitions)
  }, 300_000)
})

/** Why an answer is wrong, or null. */
function checkOutcome(o: Outcome): string | null {
  if (o.status >= 500) return `${o.status} ${o.body.slice(0, 200)}`
  if (o.status < 400 || o.req.method === 'HEAD') return null
  let body: unknown
  try {
    body = JSON.parse(o.body)
  } catch {
    return `${o.status} without a JSON body: ${o.body.slice(0, 100)}`
  }
  // {error, message, code}, or GeoReport's own [{code, description}] from the Open311 routes (a path
  // that matches none of them gets the app's 404).
  const georeport = Array.isArray(body) && typeof body[0]?.description === 'string' && body[0].code === o.status
  const ok = (georeport && o.route.includes(' /open311/')) ||
    (typeof (body as { message?: unknown }).message === 'string' && typeof (body as { error?: unknown }).error === 'string')
  if (!ok) return `${o.status} with an error body that says nothing: ${o.body.slice(0, 100)}`
  // The intake's last line of defence (a report that passed validation but could not be stored) is
  // for bugs: every bad value should be refused by the input rules, naming its field.
  if (o.body.includes('UNSTORABLE')) return `refused only when stored: ${o.body.slice(0, 200)}`
  return null
}

/** Whether the request got past routing and validation: a 2xx, or a 4xx of the handler's own. */
function reachedHandler(o: Outcome): boolean {
  if (o.status < 400) return true
  try {
    const body = JSON.parse(o.body)
    if (Array.isArray(body)) return o.status === 404 && /^no service/.test(body[0]?.description)
    return typeof body.code === 'string' ? body.code !== 'VALIDATION' && !body.code.startsWith('FST_') : o.status === 404 && !/^no route/.test(body.message)
  } catch {
    return false
  }
}

async function runAll(t: TestApp, plan: { route: string; req: FuzzRequest }[], concurrency: number): Promise<Outcome[]> {
  const out: Outcome[] = []
  let next = 0
  const worker = async () => {
    while (next < plan.length) {
      const { route, req } = plan[next++]
      const started = performance.now()
      const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload })
      out.push({ req, route, status: res.statusCode, body: res.body, ms: performance.now() - started })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return out
}

function describeRequest(o: Outcome): string {
  const body = o.req.payload === undefined ? '' : ` ${o.req.headers['content-type']} ${JSON.stringify(o.req.payload.slice(0, 300))}`
  return `${o.req.method} ${o.req.url.slice(0, 300)}${body}`
}

/** Status counts, and the routes that took the most time. */
function summary(outcomes: Outcome[]): string {
  const byStatus = new Map<number, number>()
  const byRoute = new Map<string, { n: number; ms: number }>()
  for (const o of outcomes) {
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1)
    const r = byRoute.get(o.route) ?? { n: 0, ms: 0 }
    byRoute.set(o.route, { n: r.n + 1, ms: r.ms + o.ms })
  }
  const statuses = [...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')
  const slowest = [...byRoute].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.FUZZ_SLOWEST ?? 6))
    .map(([r, { n, ms }]) => `${r} ${n}× ${(ms / 1000).toFixed(1)} s`).join('; ')
  return `${statuses}; most time (summed over concurrent requests): ${slowest}`
}

/** Values that exist in this database and district, for fields of these names in any route. */
async function gatherHints(t: TestApp, caseIds: number[]): Promise<Hints> {
  const q = async (sql: string) => (await t.db.pool.query<{ id: string }>(sql)).rows.map((r) => r.id)
  const areas = await q('SELECT id FROM areas ORDER BY id')
  const buildings = await q('SELECT id FROM buildings WHERE id LIKE \'%B001\' ORDER BY id LIMIT 40')
  const stations = await q('SELECT id FROM stations ORDER BY id')
  const collections = ((await t.app.inject({ url: '/ogc/collections', headers: HEADERS })).json().collections as { id: string }[]).map((c) => c.id)
  const tileSets = ((await t.app.inject({ url: '/tiles', headers: HEADERS })).json().tilesets as { id: string }[]).map((s) => s.id)
  const { district } = (await t.app.inject({ url: '/api/config', headers: HEADERS })).json() as { district: { bbox: [number, number, number, number] } }
  const [w, s, e, n] = district.bbox
  const lng = fc.double({ min: w, max: e, noNaN: true })
  const lat = fc.double({ min: s, max: n, noNaN: true })
  const recent = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.now() }).map((ms) => new Date(ms).toISOString())
  // RFC 3339 in its other forms: offsets up to ±23:59, more digits, lower case, the edges of the range.
  const anyForm = fc
    .tuple(
      fc.integer({ min: Date.UTC(1999, 11, 31), max: Date.UTC(2101, 0, 2) }),
      fc.constantFrom('Z', 'z', '+08:00', '-05:30', '+14:00', '-14:01', '+15:59', '+16:00', '+23:59', '-23:59', '+00:00'),
      fc.constantFrom('', '.5', '.123456789', '.1234567890123456789'),
    )
    .map(([ms, offset, fraction]) => new Date(ms).toISOString().slice(0, 19).replace('T', ms % 2 ? 'T' : 't') + fraction + offset)
  const time = fc.oneof(recent, anyForm)
  // Tiles over the district at zoom 12–16, so most tile requests name a real tile.
  const tile = (z: number) => {
    const x = (lngDeg: number) => Math.floor(((lngDeg + 180) / 360) * 2 ** z)
    const y = (latDeg: number) => Math.floor(((1 - Math.asinh(Math.tan((latDeg * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z)
    return { x: fc.integer({ min: x(w), max: x(e) }), y: fc.integer({ min: y(n), max: y(s) }) }
  }
  const text = (a: fc.Arbitrary<string>) => ({ text: a })
  const number = (a: fc.Arbitrary<number>) => ({ number: a })
  return {
    id: { text: fc.constantFrom(...areas.slice(0, 20), ...buildings, ...stations.slice(0, 10), ...caseIds.map(String)), number: fc.constantFrom(...caseIds) },
    featureId: text(fc.constantFrom(...areas.slice(0, 20), ...buildings, ...stations.slice(0, 10), ...caseIds.map(String))),
    area: text(fc.constantFrom(...areas)),
    parent: text(fc.constantFrom(...areas)),
    to: text(fc.oneof(fc.constantFrom(...areas), fc.constantFrom(...DEPARTMENT_CODES), time)),
    collectionId: text(fc.constantFrom(...collections)),
    set: text(fc.constantFrom(...tileSets)),
    code: text(fc.constantFrom(...CATEGORY_CODES)),
    z: number(fc.constant(14)),
    x: number(tile(14).x),
    y: number(tile(14).y),
    lng: number(lng),
    long: number(lng),
    lat: number(lat),
    from: text(time),
    start_date: text(time),
    end_date: text(time),
    datetime: text(fc.oneof(time, fc.tuple(time, time).map(([a, b]) => (a < b ? `${a}/${b}` : `${b}/..`)))),
    bbox: text(fc.tuple(lng, lat, fc.double({ min: 0.0001, max: 0.02, noNaN: true })).map(([x, y, d]) => `${x},${y},${x + d},${y + d}`)),
    // What-if moves and removes stations that exist.
    remove: text(fc.constantFrom(...stations)),
    service_request_id: text(fc.array(fc.constantFrom(...caseIds), { minLength: 1, maxLength: 3 }).map((a) => a.join(','))),
    limit: number(fc.integer({ min: 1, max: 200 })),
  }
}
