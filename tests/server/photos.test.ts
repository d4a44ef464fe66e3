import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import type { LightMyRequestResponse } from 'fastify'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { DEMO_PASSWORD, ensureAccount } from '../helpers/auth.ts'
import { placesInTwoStreets, type Place } from '../fixtures/cases/places.ts'
import { intakeBody } from '../fixtures/cases/api.ts'
import { hasGpsIfd, uniqueJpeg } from '../fixtures/photos/images.ts'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'

/**
 * Case photos (随手拍): uploaded raw, stored resized as JPEG without EXIF (GPS included), refused with a
 * clear 4xx and nothing stored when too big, of the wrong type or unreadable, and shown only to their
 * uploader and to whoever may see a case citing them.
 */
describe.each(testDatabases())('case photos on the $name database', (target) => {
  let t: TestApp
  let own: Place
  let other: Place
  const cookies: Record<string, string> = {}
  type Send = (opts: Record<string, unknown>) => Promise<LightMyRequestResponse>
  const as = (who: string): Send => (opts) => t.raw({ ...opts, headers: { ...((opts.headers as object) ?? {}), cookie: cookies[who] } } as never)
  const kiosk: Send = (opts) => t.raw({ ...opts, headers: { authorization: `Bearer ${DEMO_KIOSK_KEY}` } } as never)

  beforeAll(async () => {
    t = await openTestApp(target)
    ;({ own, other } = await placesInTwoStreets(t.db.pool))
    for (const u of ['street', 'commander', 'planner', 'housing']) cookies[u] = await t.signIn(u, DEMO_PASSWORD)
    const street2 = await ensureAccount(t.db.pool, { username: `photo-street2-${target.name}`, role: 'street_operator', areaId: other.streetId })
    cookies.street2 = await t.signIn(street2.username, street2.password)
  })
  afterAll(async () => {
    await t?.close()
  })

  const upload = (body: Buffer, type: string, inject: Send = (o) => t.app.inject(o as never)) =>
    inject({ method: 'POST', url: '/api/photos', payload: body, headers: { 'content-type': type } })
  const photoCount = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM photos')).rows[0].n as number

  it('stores an upright, resized JPEG without EXIF: the GPS position the phone wrote is gone', async () => {
    const input = await uniqueJpeg(2400, 1800, { gps: true })
    // The input really carries a GPS position (read by hand, not by the library that strips it).
    expect(hasGpsIfd((await sharp(input).metadata()).exif)).toBe(true)
    const res = await upload(input, 'image/jpeg')
    expect(res.statusCode, res.body).toBe(201)
    const photo = res.json()
    expect(photo).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{64}$/), width: 1600, height: 1200, url: `/api/photos/${photo.id}`, thumbUrl: `/api/photos/${photo.id}?size=thumb` })

    const full = await t.app.inject(`/api/photos/${photo.id}`)
    expect(full.statusCode).toBe(200)
    expect(full.headers['content-type']).toBe('image/jpeg')
    expect(full.headers['cache-control']).toMatch(/private/)
    expect(full.rawPayload.length).toBe(photo.size)
    const meta = await sharp(full.rawPayload).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 })
    expect(meta.exif).toBeUndefined()
    expect(full.rawPayload.includes(Buffer.from('Exif\0\0'))).toBe(false)
    expect(full.rawPayload.includes(Buffer.from('TestPhone'))).toBe(false)

    const thumb = await t.app.inject(`/api/photos/${photo.id}?size=thumb`)
    const tm = await sharp(thumb.rawPayload).metadata()
    expect([tm.width, tm.height, tm.exif]).toEqual([320, 240, undefined])
  })

  it('applies the EXIF orientation and never enlarges a small photo', async () => {
    const sideways = await sharp(await uniqueJpeg(300, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer()
    expect((await sharp(sideways).metadata()).orientation).toBe(6)
    const photo = (await upload(sideways, 'image/jpeg')).json()
    expect([photo.width, photo.height]).toEqual([200, 300])
    const png = (await upload(await uniqueJpeg(640, 480, { format: 'png' }), 'image/png')).json()
    expect([png.width, png.height]).toEqual([640, 480])
    const webp = await upload(await uniqueJpeg(100, 80, { format: 'webp' }), 'image/webp')
    expect(webp.statusCode).toBe(201)
  })

  it('gives the same photo the same id: 201 the first time, 200 after, one row', async () => {
    const input = await uniqueJpeg(800, 600)
    const first = await upload(input, 'image/jpeg')
    const before = await photoCount()
    const again = await upload(input, 'image/jpeg')
    expect([first.statusCode, again.statusCode]).toEqual([201, 200])
    expect(again.json().id).toBe(first.json().id)
    expect(await photoCount()).toBe(before)
  })

  it('refuses other types with 415 PHOTO_TYPE, also when the bytes are not what the type says, storing nothing', async () => {
    const before = await photoCount()
    const gif = await uniqueJpeg(40, 40, { format: 'gif' })
    const png = await uniqueJpeg(40, 40, { format: 'png' })
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    for (const [body, type] of [[gif, 'image/gif'], [svg, 'image/svg+xml'], [Buffer.from('hello'), 'text/plain'], [gif, 'image/jpeg'], [svg, 'image/png'], [png, 'image/jpeg']] as const) {
      const res = await upload(body, type)
      expect(res.statusCode, `${type}: ${res.body}`).toBe(415)
      expect(res.json()).toMatchObject({ error: 'Unsupported Media Type', code: 'PHOTO_TYPE', message: expect.any(String) })
    }
    expect(await photoCount()).toBe(before)
  })

  it('refuses more than 10 MB with 413 PHOTO_TOO_LARGE and unreadable bytes with 400 PHOTO_UNREADABLE, storing nothing', async () => {
    const before = await photoCount()
    const big = Buffer.concat([await uniqueJpeg(64, 64), Buffer.alloc(10 * 1024 * 1024)])
    const tooBig = await upload(big, 'image/jpeg')
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json()).toMatchObject({ code: 'PHOTO_TOO_LARGE', message: expect.stringContaining('10 MB') })
    for (const body of [Buffer.from('this is not a photo at all'), (await uniqueJpeg(400, 300)).subarray(0, 600)]) {
      const res = await upload(body, 'image/jpeg')
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toMatchObject({ code: 'PHOTO_UNREADABLE', message: expect.any(String) })
    }
    expect(await photoCount()).toBe(before)
  })

  it('lets only those who report or act upload: anonymous 401, a planner or a kiosk key 403, a department yes', async () => {
    const body = await uniqueJpeg(64, 64)
    expect((await upload(body, 'image/jpeg', t.raw as never)).statusCode).toBe(401)
    expect((await upload(body, 'image/jpeg', as('planner'))).statusCode).toBe(403)
    expect((await upload(body, 'image/jpeg', kiosk)).statusCode).toBe(403)
    expect((await upload(body, 'image/jpeg', as('housing'))).statusCode).toBe(201)
  })

  it('shows a photo to its uploader and to whoever may see a case citing it; 404 to everyone else and to keys', async () => {
    const photo = (await upload(await uniqueJpeg(500, 400), 'image/jpeg', as('street'))).json()
    const get = (who: Send, size = '') => who({ method: 'GET', url: `/api/photos/${photo.id}${size}` })
    // Not on a case yet: only the uploader sees it.
    expect((await get(as('street'))).statusCode).toBe(200)
    expect((await get(as('commander'))).statusCode).toBe(404)

    const created = await as('street')({ method: 'POST', url: '/api/cases', payload: intakeBody({ lng: own.lng, lat: own.lat }, { category: 'noise', photos: [photo.id] }) })
    expect(created.statusCode, created.body).toBe(201)
    const detail = (await as('street')({ method: 'GET', url: `/api/cases/${created.json().id}` })).json()
    expect(detail.events[0]).toMatchObject({ type: 'created', actor: 'street', payload: { photos: [photo.id] } })

    expect((await get(as('commander'))).statusCode).toBe(200)
    expect((await get(as('commander'), '?size=thumb')).statusCode).toBe(200)
    const outside = await get(as('street2'))
    expect(outside.statusCode).toBe(404)
    expect(outside.json()).toMatchObject({ code: 'NO_PHOTO' })
    expect((await get(kiosk)).statusCode).toBe(404)
    expect((await get(t.raw as never)).statusCode).toBe(401)
    // A photo never uploaded answers the same as one outside the scope.
    const absent = await as('street2')({ method: 'GET', url: `/api/photos/${'0'.repeat(64)}` })
    expect([absent.statusCode, absent.json().code]).toEqual([outside.statusCode, outside.json().code])
  })

  it('records photos on a transition; refuses ids not uploaded, or not visible to the actor, with 400 UNKNOWN_PHOTO and no event', async () => {
    const id = (await t.app.inject({ method: 'POST', url: '/api/cases', payload: intakeBody({ lng: own.lng, lat: own.lat }, { category: 'noise' }) })).json().id
    const events = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [id])).rows[0].n
    const before = await events()
    const never = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'community', to: own.communityId, photos: ['a'.repeat(64)] } })
    expect(never.statusCode).toBe(400)
    expect(never.json()).toMatchObject({ code: 'UNKNOWN_PHOTO' })
    // Uploaded by someone else and on no case: not the admin's to cite.
    const othersPhoto = (await upload(await uniqueJpeg(64, 48), 'image/jpeg', as('street2'))).json()
    const notMine = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'community', to: own.communityId, photos: [othersPhoto.id] } })
    expect(notMine.json()).toMatchObject({ code: 'UNKNOWN_PHOTO' })
    const badId = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'community', to: own.communityId, photos: ['../etc/passwd'] } })
    expect(badId.statusCode).toBe(400)
    const tooMany = await t.app.inject({ method: 'POST', url: '/api/cases', payload: intakeBody({ lng: own.lng, lat: own.lat }, { photos: Array.from({ length: 7 }, (_, i) => String(i).repeat(64)) }) })
    expect(tooMany.statusCode).toBe(400)
    expect(await events()).toBe(before)

    const mine = (await upload(await uniqueJpeg(64, 48), 'image/jpeg')).json()
    const started = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, payload: { action: 'dispatch', level: 'community', to: own.communityId, note: '请社区核实', photos: [mine.id] } })
    expect(started.statusCode, started.body).toBe(200)
    expect(started.json().events.at(-1)).toMatchObject({ type: 'dispatched', payload: { note: '请社区核实', photos: [mine.id] } })
    // Keys without personal data see the history without payloads (notes and photos included).
    const seenByKiosk = (await kiosk({ method: 'GET', url: `/api/cases/${id}` })).json()
    expect(seenByKiosk.events.at(-1).payload).toEqual({})
  })
})
