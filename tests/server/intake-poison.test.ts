import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { intakeBody, uniqueId } from '../fixtures/cases/api.ts'
import { intakeCase, type IntakeResult } from '../../server/plugins/cases/intake.ts'
import type { Intake } from '../../server/domain/cases/create-case.ts'
import { HttpError } from '../../server/lib/errors.ts'
import { encodeQuery } from '../helpers/fuzz/requests.ts'

const GOOD = 200
/** Request headers, in one place. */
/** Request headers in one place (app.inject signs in as the test administrator). */
const HEADERS: Record<string, string> = {}

/**
 * A bad report among many concurrent good ones must fail alone: the input rules refuse it by name before
 * it reaches the intake batcher, and a batch that fails in the database anyway is written again one
 * report at a time, so only the report that cannot be stored fails.
 */
describe.each(testDatabases())('bad reports among concurrent intakes on the $name database', (target) => {
  let t: TestApp
  let places: Place[]
  beforeAll(async () => {
    t = await openTestApp(target)
    places = await buildingPlaces(t.db.pool, 10, 100)
  })
  afterAll(async () => {
    await t?.close()
  })
  const at = (i: number) => ({ lng: places[i % places.length].lng, lat: places[i % places.length].lat })
  const count = async (sql: string, values: unknown[]) => (await t.db.pool.query<{ n: number }>(sql, values)).rows[0].n
  const json = (url: string, body: unknown) => ({ url, headers: { ...HEADERS, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  const form = (fields: Record<string, unknown>) => ({
    url: '/open311/v2/requests.json',
    headers: { ...HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
    payload: encodeQuery(fields),
  })

  it('answers every good one of 200 concurrent intakes, and each bad one with a 400 naming its field', async () => {
    const run = uniqueId('poison')
    const marker = `${run}-bad`
    const good = Array.from({ length: GOOD }, (_, i) => intakeBody(at(i), { externalId: `${run}-good-${i}` }))
    const bad: { field: string; request: ReturnType<typeof json> }[] = [
      { field: 'body/title', request: json('/api/cases', intakeBody(at(1), { title: '漏水\u0000', address: marker })) },
      { field: 'body/title', request: json('/api/cases', intakeBody(at(2), { title: '\ud800漏水', address: marker })) },
      { field: 'body/description', request: json('/api/cases', intakeBody(at(3), { description: 'a\udfffb', address: marker })) },
      { field: 'body/externalId', request: json('/api/cases', intakeBody(at(4), { externalId: `${run}\u0000`, address: marker })) },
      { field: 'body/reporter/name', request: json('/api/cases', intakeBody(at(5), { reporter: { name: '李\ud83d', phone: null }, address: marker })) },
      { field: 'body/address', request: json('/api/cases', intakeBody(at(6), { address: `${marker}\u0000` })) },
      // Open311 clients post form-encoded bodies: a %00 arrives the same way.
      { field: 'body/first_name', request: form({ service_code: 'water_supply', lat: at(7).lat, long: at(7).lng, first_name: '小\u0000明', address_string: marker }) },
      // (A lone surrogate cannot be percent-encoded: its bytes decode to U+FFFD, which is fine text.)
      { field: 'body/last_name', request: json('/open311/v2/requests.json', { service_code: 'water_supply', lat: at(8).lat, long: at(8).lng, last_name: '\udc00', address_string: marker }) },
      { field: 'body/description', request: json('/open311/v2/requests.json', { service_code: 'water_supply', lat: at(9).lat, long: at(9).lng, description: 'x\u0000', address_string: marker }) },
    ]
    // Bad ones spread among the good ones, all sent in the same turn of the event loop.
    type Job = { kind: 'good' | 'bad'; i: number; request: ReturnType<typeof json> }
    const jobs: Job[] = good.map((b, i) => ({ kind: 'good', i, request: json('/api/cases', b) }))
    bad.forEach((b, i) => jobs.splice(10 + i * 21, 0, { kind: 'bad', i, request: b.request }))
    const answers = await Promise.all(jobs.map((j) => t.app.inject({ method: 'POST', ...j.request })))

    jobs.forEach((j, k) => {
      const res = answers[k]
      if (j.kind === 'good') {
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json().externalId).toBe(`${run}-good-${j.i}`)
      } else {
        expect(res.statusCode, res.body).toBe(400)
        const message = j.request.url.startsWith('/open311') ? res.json()[0].description : res.json().message
        expect(message).toContain(bad[j.i].field)
      }
    })
    // Each good report stored once, no bad one at all.
    expect(await count('SELECT count(DISTINCT external_id)::int AS n FROM cases WHERE external_id LIKE $1', [`${run}-good-%`])).toBe(GOOD)
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE external_id LIKE $1', [`${run}-good-%`])).toBe(GOOD)
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE address LIKE $1', [`${marker}%`])).toBe(0)
  })

  it('writes a batch the database refused again one report at a time: only the report it cannot store fails, the rest exactly once', async () => {
    const run = uniqueId('poison-db')
    // Straight to the batcher, past the input rules: what the database itself refuses (jsonb takes no
    // NUL, and no unpaired surrogate) fails the statement the batch shares.
    const intakes = Array.from({ length: GOOD }, (_, i) => intakeBody(at(i), { externalId: `${run}-${i}` }) as Intake)
    const poisoned = new Map<number, Intake>([
      [13, { ...intakes[13], title: '漏水\u0000' }],
      [77, { ...intakes[77], description: 'x\ud800y' }],
      [150, { ...intakes[150], reporter: { name: '\udfff', phone: null } }],
    ])
    for (const [i, intake] of poisoned) intakes[i] = intake
    // One report sent twice among them: still one case.
    intakes.push({ ...intakes[20] })

    const results = await Promise.allSettled(intakes.map((intake) => intakeCase(t.app, intake, 'poison-test')))
    results.forEach((r, i) => {
      if (poisoned.has(i)) {
        expect(r.status).toBe('rejected')
        const err = (r as PromiseRejectedResult).reason
        expect(err).toBeInstanceOf(HttpError)
        expect(err).toMatchObject({ statusCode: 400, code: 'UNSTORABLE' })
      } else {
        expect(r.status, String((r as PromiseRejectedResult).reason)).toBe('fulfilled')
      }
    })
    const ok = results.map((r) => (r.status === 'fulfilled' ? (r.value as IntakeResult) : null))
    expect(ok[GOOD]!.state.id).toBe(ok[20]!.state.id)
    expect([ok[20]!.created, ok[GOOD]!.created].sort()).toEqual([false, true])
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE external_id LIKE $1', [`${run}-%`])).toBe(GOOD - poisoned.size)
    for (const i of poisoned.keys()) {
      expect(await count('SELECT count(*)::int AS n FROM cases WHERE external_id = $1', [`${run}-${i}`])).toBe(0)
    }
  })
})
