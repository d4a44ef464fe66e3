import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { importCasesCsv } from '../../geodata/import/cases-csv/import-cases.ts'

const run = promisify(execFile)
// Asynchronous on purpose: the server under test answers GDAL from this same process.
const ogrinfoMissing = await run('ogrinfo', ['--version']).then(() => false, () => true)
const NO_GDAL = 'needs ogrinfo and ogr2ogr (Debian gdal-bin); skipped where they are missing'
if (ogrinfoMissing) console.warn(`OGC API GDAL tests skipped: ogrinfo not found on PATH (install gdal-bin)`)

// Cases of June 2019, a month no other test writes to, with personal data that must never be published.
const REPORTER = { name: '欧阳晓测', phone: '13712345678' }
const SECRET_TEXT = '私密描述不应出现'
const HEADER = 'source,external_id,category,title,description,lng,lat,crs,address,reporter_name,reporter_phone,priority,status,created_at'
const JUNE = [
  ['hotline_12345', 'OGC2019-1', 'water_supply', '楼道水管漏水', SECRET_TEXT, '117.0746075', '30.5094925', 'wgs84', '澜溪区测试地址', REPORTER.name, REPORTER.phone, 'normal', 'received', '2019-06-01T08:00:00+08:00'],
  ['app', 'OGC2019-2', 'sanitation', '垃圾未清运', '', '117.0630596', '30.5187736', 'wgs84', '', REPORTER.name, REPORTER.phone, 'high', 'received', '2019-06-10T12:30:00+08:00'],
  ['wechat', 'OGC2019-3', 'parking', '小区门口乱停车', '', '117.0372431', '30.5180787', 'wgs84', '', '', '', 'normal', 'received', '2019-06-20T09:00:00+08:00'],
]
const JUNE_CSV = [HEADER, ...JUNE.map((r) => r.join(','))].join('\n') + '\n'

const COLLECTION_IDS = ['districts', 'streets', 'communities', 'grids', 'buildings', 'compounds', 'stations', 'walk-edges', 'cases']

describe.each(testDatabases())('OGC API – Features on the $name database', (target) => {
  let t: TestApp
  let origin: string
  beforeAll(async () => {
    t = await openTestApp(target)
    const report = await importCasesCsv(t.db.pool, Readable.from([JUNE_CSV]))
    expect(report.loaded).toBe(JUNE.length)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await t?.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })
  /** Follow a link the API gave: same server, whatever host it was addressed by. */
  const follow = (href: string) => get(new URL(href).pathname + new URL(href).search)
  const sqlCount = async (sql: string, values: unknown[] = []) =>
    (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, values)).rows[0].n
  const rel = (links: { rel: string; href: string; type?: string }[], name: string) => links.find((l) => l.rel === name)

  it('serves a landing page linking the API description, conformance and collections', async () => {
    for (const url of ['/ogc', '/ogc?f=json']) {
      const res = await get(url)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      const { links } = res.json()
      expect(rel(links, 'self')?.href).toMatch(/\/ogc$/)
      expect(rel(links, 'service-desc')).toMatchObject({ type: 'application/vnd.oai.openapi+json;version=3.0' })
      expect(rel(links, 'service-desc')?.href).toMatch(/\/ogc\/api$/)
      expect(rel(links, 'conformance')?.href).toMatch(/\/ogc\/conformance$/)
      expect(rel(links, 'data')?.href).toMatch(/\/ogc\/collections$/)
    }
    const api = await follow(rel((await get('/ogc')).json().links, 'service-desc')!.href)
    expect(api.statusCode).toBe(200)
    expect(api.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0')
    const doc = api.json()
    expect(doc.openapi).toMatch(/^3\.0\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/', '/conformance', '/collections', '/collections/{collectionId}', '/collections/{collectionId}/items', '/collections/{collectionId}/items/{featureId}']),
    )
    const limit = doc.paths['/collections/{collectionId}/items'].get.parameters.find((p: { name: string }) => p.name === 'limit')
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000, default: 100 })
  })

  it('declares the Core, GeoJSON and OpenAPI 3.0 conformance classes', async () => {
    const res = await get('/ogc/conformance')
    expect(res.statusCode).toBe(200)
    expect(res.json().conformsTo).toEqual(
      expect.arrayContaining(['core', 'geojson', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`)),
    )
  })

  it('describes every layer with its extent from PostGIS, CRS84 and links to its items', async () => {
    const spanBefore = (await t.db.pool.query('SELECT min(created_at) AS a, max(created_at) AS b FROM cases')).rows[0]
    const res = await get('/ogc/collections')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(rel(body.links, 'self')?.href).toMatch(/\/ogc\/collections$/)
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(COLLECTION_IDS)
    for (const c of body.collections) {
      expect(c.title).toBeTruthy()
      expect(c.itemType).toBe('feature')
      expect(c.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84'])
      expect(rel(c.links, 'self')?.href).toMatch(new RegExp(`/ogc/collections/${c.id}$`))
      expect(rel(c.links, 'items')).toMatchObject({ type: 'application/geo+json' })
      expect(rel(c.links, 'items')?.href).toMatch(new RegExp(`/ogc/collections/${c.id}/items$`))
      expect(c.extent.spatial.bbox[0]).toHaveLength(4)
    }
    const streets = (await get('/ogc/collections/streets')).json()
    const { rows } = await t.db.pool.query(
      `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
       FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE level = 'street') x`,
    )
    const [w, s, e, n] = streets.extent.spatial.bbox[0]
    expect([w, s, e, n]).toEqual([rows[0].w, rows[0].s, rows[0].e, rows[0].n])
    const cases = body.collections.find((c: { id: string }) => c.id === 'cases')
    // Other test files add cases meanwhile: the interval lies between the span read before and after.
    const span = (await t.db.pool.query('SELECT min(created_at) AS a, max(created_at) AS b FROM cases')).rows[0]
    const [from, to] = cases.extent.temporal.interval[0].map((d: string) => Date.parse(d))
    expect(from).toBeGreaterThanOrEqual(span.a.getTime())
    expect(from).toBeLessThanOrEqual(spanBefore.a.getTime())
    expect(to).toBeGreaterThanOrEqual(spanBefore.b.getTime())
    expect(to).toBeLessThanOrEqual(span.b.getTime())
    expect(Date.parse(cases.extent.temporal.interval[0][0])).toBeLessThanOrEqual(Date.parse('2019-06-01T00:00:00Z'))
  })

  it.each([
    ['streets', "areas WHERE level = 'street'", 2],
    ['stations', 'stations', 17],
    ['grids', "areas WHERE level = 'grid'", 50],
    ['walk-edges', 'walk_edges', 10_000],
  ])('pages through %s by next links: every feature once, as many as SELECT count(*)', async (id, from, limit) => {
    const expected = await sqlCount(from)
    expect(expected).toBeGreaterThan(limit)
    const seen = new Set<string | number>()
    let pages = 0
    let href: string | undefined = `${origin}/ogc/collections/${id}/items?limit=${limit}`
    while (href) {
      const res = await follow(href)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
      const page = res.json()
      expect(page).toMatchObject({ type: 'FeatureCollection', numberMatched: expected, numberReturned: page.features.length })
      expect(Date.parse(page.timeStamp)).not.toBeNaN()
      const self = new URL(rel(page.links, 'self')!.href).searchParams
      expect([Number(self.get('limit')), Number(self.get('offset'))]).toEqual([limit, seen.size])
      for (const f of page.features) {
        expect(seen.has(f.id)).toBe(false)
        expect(f.properties.id).toBe(f.id)
        seen.add(f.id)
      }
      pages++
      href = rel(page.links, 'next')?.href
      // Only the last page goes without a next link, and it is never empty unless the collection is.
      if (!href) expect(page.features.length).toBeGreaterThan(0)
      else expect(page.features).toHaveLength(limit)
    }
    expect(seen.size).toBe(expected)
    expect(pages).toBe(Math.ceil(expected / limit))
  })

  it('filters by bbox exactly as ST_Intersects does, using the envelope', async () => {
    const district = (await get('/ogc/collections/districts')).json().extent.spatial.bbox[0]
    const [w, s, e, n] = district
    // The south-west quarter of the district: cuts through grids and buildings.
    const box = [w, s, (w + e) / 2, (s + n) / 2]
    const layers = [['buildings', 'buildings', 'true', 'footprint'], ['grids', 'areas', "level = 'grid'", 'geom'], ['walk-edges', 'walk_edges', 'true', 'geom']]
    for (const [id, table, where, geom] of layers) {
      const expected = await sqlCount(`${table} WHERE ${where} AND ST_Intersects(${geom}, ST_MakeEnvelope($1, $2, $3, $4, 4326))`, box)
      expect(expected).toBeGreaterThan(0)
      expect(expected).toBeLessThan(await sqlCount(`${table} WHERE ${where}`))
      const page = (await get(`/ogc/collections/${id}/items?bbox=${box.join(',')}&limit=10000`)).json()
      expect(page.numberMatched).toBe(expected)
      expect(page.numberReturned).toBe(expected)
      expect(rel(page.links, 'next')).toBeUndefined()
    }
    const next = (await get(`/ogc/collections/buildings/items?bbox=${box.join(',')}&limit=5`)).json()
    expect(new URL(rel(next.links, 'next')!.href).searchParams.get('bbox')).toBe(box.join(','))
  })

  it('filters cases by created time: instants, closed and open intervals', async () => {
    const q = async (query: string) => (await get(`/ogc/collections/cases/items?datetime=${query}`)).json()
    const exact = await q('2019-06-01T00:00:00Z')
    expect(exact.features.map((f: any) => f.properties.title)).toEqual(['楼道水管漏水'])
    expect(exact.features[0].properties.createdAt).toBe('2019-06-01T00:00:00.000Z')
    const june = await q(encodeURIComponent('2019-06-01T00:00:00+08:00/2019-07-01T00:00:00+08:00'))
    expect(june.numberMatched).toBe(3)
    const early = await q('../2019-06-10T04:30:00Z')
    expect(early.numberMatched).toBe(await sqlCount("cases WHERE created_at <= '2019-06-10T04:30:00Z'"))
    expect(early.features.map((f: any) => f.properties.title)).toEqual(expect.arrayContaining(['楼道水管漏水', '垃圾未清运']))
    // Open-ended: other test files may be adding today's cases meanwhile, so look at June 2019's only.
    for (const open of ['2019-06-15T00:00:00Z/..', '2019-06-15T00:00:00Z/']) {
      const late = await q(`${open}&limit=10000`)
      expect(late.features.every((f: any) => f.properties.createdAt >= '2019-06-15T00:00:00.000Z')).toBe(true)
      const ownJune = late.features.filter((f: any) => f.properties.createdAt < '2019-07-01')
      expect(ownJune.map((f: any) => f.properties.title)).toEqual(['小区门口乱停车'])
    }
    const next = (await get('/ogc/collections/cases/items?datetime=2019-06-01T00:00:00Z/2019-06-30T00:00:00Z&limit=1')).json()
    expect(new URL(rel(next.links, 'next')!.href).searchParams.get('datetime')).toBe('2019-06-01T00:00:00Z/2019-06-30T00:00:00Z')
  })

  it('returns one feature by id as it appears in the list, and 404 for ids that are not there', async () => {
    for (const id of ['streets', 'buildings', 'walk-edges', 'cases']) {
      const listed = (await get(`/ogc/collections/${id}/items?limit=2&offset=1`)).json().features[1]
      const res = await get(`/ogc/collections/${id}/items/${encodeURIComponent(listed.id)}`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
      const one = res.json()
      expect({ type: one.type, id: one.id, geometry: one.geometry, properties: one.properties }).toEqual(listed)
      expect(rel(one.links, 'collection')?.href).toMatch(new RegExp(`/ogc/collections/${id}$`))
    }
    for (const url of ['/ogc/collections/streets/items/NOPE', '/ogc/collections/walk-edges/items/abc', '/ogc/collections/cases/items/99999999999']) {
      const res = await get(url)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ error: 'Not Found', code: 'NO_FEATURE' })
    }
  })

  it('answers unknown collections and paths with a JSON 404', async () => {
    for (const url of ['/ogc/collections/roads', '/ogc/collections/roads/items', '/ogc/collections/roads/items/1', '/ogc/nothing-here']) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(res.json().error).toBe('Not Found')
    }
  })

  it.each([
    'limit=-Infinity', 'limit=Infinity', 'limit=1e20', 'limit=0', 'limit=10001', 'limit=1.5', 'limit=', 'limit=ten', 'limit=1&limit=2',
    'offset=-1', 'offset=1e20', 'offset=-Infinity',
    'bbox=a,b,c,d', 'bbox=1,2,3', 'bbox=1,2,3,4,5,6', 'bbox=0x10,30,118,31', 'bbox=118,30,117,31', 'bbox=117,31,118,30',
    'bbox=-181,30,118,31', 'bbox=117,-91,118,31', 'bbox=117,30,118,Infinity', 'bbox=117,30,118,31&bbox=117,30,118,31',
    'datetime=yesterday', 'datetime=2019-02-30T00:00:00Z', 'datetime=2019-06-01', 'datetime=2019-06-01T00:00:00',
    'datetime=../..', 'datetime=/', 'datetime=2019-07-01T00:00:00Z/2019-06-01T00:00:00Z', 'datetime=a/b/c',
    'unknown=1', 'f=html', 'crs=EPSG:4326',
  ])('refuses cases/items?%s with a 400 that says what was wrong', async (query) => {
    const res = await get(`/ogc/collections/cases/items?${query}`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'Bad Request', message: expect.any(String) })
  })

  it('refuses datetime on layers that have no time and unknown parameters on every resource', async () => {
    const noTime = await get('/ogc/collections/streets/items?datetime=2019-06-01T00:00:00Z')
    expect(noTime.statusCode).toBe(400)
    expect(noTime.json().message).toMatch(/no time/)
    for (const url of ['/ogc?x=1', '/ogc/conformance?x=1', '/ogc/collections?x=1', '/ogc/collections/streets?x=1', '/ogc/collections/streets/items/x?limit=1', '/ogc?f=html']) {
      expect((await get(url)).statusCode, url).toBe(400)
    }
    expect((await get('/ogc/collections/streets/items?f=geojson')).statusCode).toBe(200)
  })

  it('publishes cases without the reporter\'s name, phone or free text', async () => {
    const own = (await t.db.pool.query<{ id: number }>("SELECT id FROM cases WHERE external_id LIKE 'OGC2019-%' ORDER BY id")).rows
    expect(own).toHaveLength(JUNE.length)
    const texts = [
      (await get('/ogc/collections/cases/items?datetime=2019-06-01T00:00:00Z/2019-06-30T00:00:00Z')).body,
      (await get(`/ogc/collections/cases/items/${own[0].id}`)).body,
    ]
    for (const text of texts) {
      expect(text).toContain('楼道水管漏水')
      for (const secret of [REPORTER.name, REPORTER.phone, SECRET_TEXT, '澜溪区测试地址', REPORTER.phone.slice(-4)]) expect(text).not.toContain(secret)
    }
    const props = (await get(`/ogc/collections/cases/items/${own[0].id}`)).json().properties
    expect(Object.keys(props).filter((k) => /reporter|phone|description|address/i.test(k))).toEqual([])
  })

  describe('read by GDAL (OAPIF driver)', () => {
    // GDAL and QGIS send a read-only key as a header (GDAL_HTTP_HEADERS; QGIS: an "API header" auth config).
    let gdalEnv: NodeJS.ProcessEnv
    beforeAll(async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/admin/keys', payload: { name: `gdal-${target.name}`, purpose: 'read' } })
      expect(created.statusCode).toBe(201)
      gdalEnv = { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${created.json().key}` }
    })
    const gdal = (cmd: string, args: string[], opts: { maxBuffer?: number } = {}) => run(cmd, args, { ...opts, env: gdalEnv })

    it.skipIf(ogrinfoMissing)(`is refused without a key, as every anonymous API request is (${NO_GDAL})`, async () => {
      const failed = await run('ogrinfo', ['-ro', '-so', `OAPIF:${origin}/ogc`]).then(() => null, (err: { stderr: string }) => err.stderr)
      expect(failed).toMatch(/401/)
    })

    it.skipIf(ogrinfoMissing)(`ogrinfo lists every collection (${NO_GDAL})`, async () => {
      const { stdout } = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${origin}/ogc`])
      const layers = [...stdout.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1])
      expect(layers).toEqual(COLLECTION_IDS)
    })

    it.skipIf(ogrinfoMissing)(`ogr2ogr reads all grids in pages of 50 with their geometry (${NO_GDAL})`, async () => {
      const expected = await sqlCount("areas WHERE level = 'grid'")
      expect(expected).toBeGreaterThan(50 * 3)
      const info = await gdal('ogrinfo', ['-ro', '-so', '-al', '-oo', 'PAGE_SIZE=50', `OAPIF:${origin}/ogc`, 'grids'])
      expect(info.stdout).toMatch(new RegExp(`Feature Count: ${expected}\\b`))

      const { stdout } = await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', '-oo', 'PAGE_SIZE=50', `OAPIF:${origin}/ogc`, 'grids'], { maxBuffer: 256 * 1024 * 1024 })
      const features: { properties: { id: string }; geometry: { coordinates: number[][][][] } }[] = JSON.parse(stdout).features
      expect(features).toHaveLength(expected)
      expect(new Set(features.map((f) => f.properties.id)).size).toBe(expected)

      const probe = features[Math.floor(expected / 2)]
      const { rows } = await t.db.pool.query<{ g: string }>('SELECT ST_AsGeoJSON(geom) AS g FROM areas WHERE id = $1', [probe.properties.id])
      const truth: number[][][][] = JSON.parse(rows[0].g).coordinates
      const got = probe.geometry.coordinates
      expect(got.flat(2).length).toBe(truth.flat(2).length)
      truth.flat(2).forEach(([x, y], i) => {
        expect(Math.abs(got.flat(2)[i][0] - x)).toBeLessThan(1e-7)
        expect(Math.abs(got.flat(2)[i][1] - y)).toBeLessThan(1e-7)
      })
    })
  })
})
