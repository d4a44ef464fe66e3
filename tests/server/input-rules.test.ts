import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AJV_CONFIG, numberProblem, textProblem, withInputRules } from '../../server/lib/input-rules.ts'
import inputPlugin from '../../server/plugins/infra/input.ts'

const Body = Type.Object({
  title: Type.String({ maxLength: 50 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  tags: Type.Optional(Type.Array(Type.String())),
  reporter: Type.Optional(Type.Union([Type.Object({ name: Type.Union([Type.String(), Type.Null()]) }), Type.Null()])),
})
const Query = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10, default: 5 }), q: Type.Optional(Type.String()) })
const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** A bare app with the server's ajv settings and input plugin: the rules without a database. */
async function tinyApp() {
  const app = Fastify({ ajv: AJV_CONFIG }).withTypeProvider<TypeBoxTypeProvider>()
  await app.register(inputPlugin)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  app.get('/things/:id', { schema: { params: Params, querystring: Query } }, async (r) => ({ id: r.params.id, limit: r.query.limit }))
  app.post('/things', { schema: { body: Body, response: { 200: Body } } }, async (r) => r.body)
  app.get('/plain', async () => 'no schema')
  await app.ready()
  return app
}

describe('input rules on every route', () => {
  let app: Awaited<ReturnType<typeof tinyApp>>
  beforeAll(async () => {
    app = await tinyApp()
  })
  afterAll(() => app.close())

  const get = (url: string) => app.inject(url)
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/things', payload: payload as object })

  it.each([
    ['limit=-Infinity', /querystring\/limit must be a finite number/],
    ['limit=Infinity', /querystring\/limit must be a finite number/],
    ['limit=%2BInfinity', /querystring\/limit must be a finite number/],
    ['limit=NaN', /querystring\/limit must be integer/],
    ['limit=11', /querystring\/limit must be <= 10/],
    ['q=a%00b', /querystring\/q must not contain a NUL/],
    ['q=%ED%A0%80', null], // UTF-8 for a surrogate decodes to U+FFFD, which is fine text
  ])('query %s', async (query, message) => {
    const res = await get(`/things/1?${query}`)
    if (message === null) return expect(res.statusCode).toBe(200)
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(message)
  })

  it.each([
    ['1e20', /params\/id must be an integer of at most 9007199254740991/],
    ['99999999999999999999', /params\/id must be an integer of at most/],
    ['Infinity', /params\/id must be a finite number/],
  ])('params id=%s', async (id, message) => {
    const res = await get(`/things/${id}`)
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(message)
  })

  it.each([
    [{ title: 'a\u0000b', lat: 1 }, 'body/title must not contain a NUL character'],
    [{ title: 'a\ud800b', lat: 1 }, 'body/title must not contain an unpaired UTF-16 surrogate'],
    [{ title: '\udc00', lat: 1 }, 'body/title must not contain an unpaired UTF-16 surrogate'],
    [{ title: 'ok', lat: 1, tags: ['x', 'y\u0000'] }, 'body/tags/1 must not contain a NUL character'],
    [{ title: 'ok', lat: 1, reporter: { name: '\ud83d' } }, 'body/reporter/name must not contain an unpaired'],
    [{ title: 'ok', lat: 5e-324 }, 'body/lat must be 0 or at least 2.2e-308 in size'],
    [{ title: 'ok', lat: -4e-320 }, 'body/lat must be 0 or at least 2.2e-308 in size'],
  ])('body %j', async (body, message) => {
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain(message)
  })

  it('takes well-formed text, surrogate pairs and plain numbers', async () => {
    const body = { title: '路灯不亮 🚨 \n tab\t', lat: 0, tags: ['😀'], reporter: { name: '欧阳𠀀' } }
    const res = await post(body)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(body)
    expect((await post({ title: 'x', lat: 2.3e-308 })).statusCode).toBe(200)
  })

  it('applies to form-encoded bodies too', async () => {
    const res = await app.inject({
      method: 'POST', url: '/things', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=a%00&lat=1',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('body/title must not contain a NUL character')
  })

  it('lists every route as declared, schema untouched', () => {
    const routes = app.routeTable.map((r) => `${r.method} ${r.url}`)
    expect(routes).toEqual(expect.arrayContaining(['GET /things/:id', 'HEAD /things/:id', 'POST /things', 'GET /plain']))
    const post = app.routeTable.find((r) => r.method === 'POST')!
    expect(post.schema?.body).toBe(Body)
    expect(JSON.stringify(Body)).not.toContain('wellFormedText')
  })
})

describe('the rules themselves', () => {
  it('withInputRules reaches strings and numbers inside unions, arrays and nested objects, copying', () => {
    const hardened = withInputRules(Body) as unknown as { properties: Record<string, Record<string, unknown>> }
    expect(hardened.properties.title.wellFormedText).toBe(true)
    expect(hardened.properties.lat.saneNumber).toBe('number')
    expect((hardened.properties.tags.items as Record<string, unknown>).wellFormedText).toBe(true)
    const name = ((hardened.properties.reporter.anyOf as { properties?: Record<string, { anyOf: object[] }> }[])[0].properties!.name.anyOf[0])
    expect(name).toMatchObject({ type: 'string', wellFormedText: true })
    expect((withInputRules(Params) as unknown as { properties: { id: object } }).properties.id).toMatchObject({ saneNumber: 'integer' })
    expect('wellFormedText' in Body.properties.title).toBe(false)
  })

  it('textProblem and numberProblem', () => {
    expect(textProblem('fine 😀')).toBeNull()
    expect(textProblem('\u0000')).toMatch(/NUL/)
    expect(textProblem('a\udbff')).toMatch(/surrogate/)
    expect(numberProblem(0, true)).toBeNull()
    expect(numberProblem(-0, false)).toBeNull()
    expect(numberProblem(Number.MAX_SAFE_INTEGER, true)).toBeNull()
    expect(numberProblem(Number.MAX_SAFE_INTEGER + 1, true)).toMatch(/at most/)
    expect(numberProblem(1e20, false)).toBeNull()
    expect(numberProblem(Number.NaN, false)).toMatch(/finite/)
    expect(numberProblem(Number.MIN_VALUE, false)).toMatch(/subnormal/)
  })
})
