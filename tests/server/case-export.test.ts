/**
 * 诉求清单导出 /api/cases/export.{geojson,csv,gpkg}: the list's filters (status, category, 721 class,
 * source, area subtree, time window) applied to a file, unknown codes refused with a message that names
 * them, the codes' Chinese names written out, and nothing of the reporter or any free text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { act, intakeBody, postCase } from '../fixtures/cases/api.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { gdalMissing, NO_GDAL, ogrFeatures, saveGeoPackage } from '../helpers/geopackage.ts'

const REPORTER = { name: '欧阳清单', phone: '13700003333' }
const ADDRESS = '清单导出测试路 5 号'
const DESCRIPTION = '清单导出私密描述'
const SECRETS = [REPORTER.name, REPORTER.phone, ADDRESS, DESCRIPTION]

type Row = Record<string, string>

describe.each(testDatabases())('case list export on the $name database', (target) => {
  let t: TestApp
  let since: string
  /** Just after this file's cases: a window that other files' later cases do not enter. */
  let until: string
  /** The cases this file posted, by what the filters see. */
  const posted: { id: number; category: string; class721: string; source: string; status: string; place: Place }[] = []

  beforeAll(async () => {
    t = await openTestApp(target)
    since = new Date(Date.now() - 1000).toISOString()
    // Places in two streets (offsets no other test file uses), so the area filter has something to leave out.
    const [a] = await buildingPlaces(t.db.pool, 1, 100)
    const [b] = await buildingPlaces(t.db.pool, 1, 151)
    expect(a!.streetId, 'places in two streets').not.toBe(b!.streetId)
    const specs = [
      { place: a!, category: 'water_supply', class721: 'service', source: 'hotline_12345' },
      { place: b!, category: 'parking', class721: 'management', source: 'wechat' },
      { place: a!, category: 'noise', class721: 'enforcement', source: 'app' },
    ]
    for (const s of specs) {
      const res = await postCase(t.app, intakeBody(s.place, { category: s.category, source: s.source, reporter: REPORTER, address: ADDRESS, description: DESCRIPTION }))
      expect(res.statusCode).toBe(201)
      posted.push({ ...s, id: res.json().id, status: 'received' })
    }
    until = new Date().toISOString()
    const parking = posted[1]!
    expect((await act(t.app, parking.id, { action: 'dispatch', level: 'grid', to: parking.place.gridId })).statusCode).toBe(200)
    parking.status = 'dispatched'
  })
  afterAll(async () => {
    await t?.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const csv = async (query: string): Promise<Row[]> => {
    const res = await get(`/api/cases/export.csv?from=${encodeURIComponent(since)}${query}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body.startsWith('\uFEFF')).toBe(true)
    return parse(res.body.slice(1), { columns: true }) as Row[]
  }
  /** Of the cases this file posted, the ids a file holds. */
  const ours = (rows: Row[]) => rows.map((r) => Number(r.id)).filter((id) => posted.some((p) => p.id === id)).sort()
  const idsOf = (pick: (p: (typeof posted)[number]) => boolean) => posted.filter(pick).map((p) => p.id).sort()

  it('filters by status, category, 721 class and source, each row matching and each of ours that matches present', async () => {
    const cases: [string, (p: (typeof posted)[number]) => boolean, (r: Row) => boolean][] = [
      ['&status=dispatched', (p) => p.status === 'dispatched', (r) => r.status === 'dispatched'],
      ['&status=received,handling', (p) => p.status === 'received', (r) => ['received', 'handling'].includes(r.status!)],
      ['&status=received&status=dispatched', () => true, (r) => ['received', 'dispatched'].includes(r.status!)],
      ['&category=water_supply,noise', (p) => ['water_supply', 'noise'].includes(p.category), (r) => ['water_supply', 'noise'].includes(r.category!)],
      ['&class721=management', (p) => p.class721 === 'management', (r) => r.class721 === 'management'],
      ['&source=app', (p) => p.source === 'app', (r) => r.source === 'app'],
      ['&class721=service&source=hotline_12345', (p) => p.category === 'water_supply', (r) => r.class721 === 'service' && r.source === 'hotline_12345'],
    ]
    for (const [query, expected, holds] of cases) {
      const rows = await csv(query)
      expect(ours(rows), query).toEqual(idsOf(expected))
      for (const r of rows) expect(holds(r), `${query}: case ${r.id}`).toBe(true)
    }
  })

  it('filters by area subtree and time window', async () => {
    const street = posted[0]!.place.streetId!
    const inStreet = await csv(`&area=${street}`)
    expect(ours(inStreet)).toEqual(idsOf((p) => p.place.streetId === street))
    for (const r of inStreet) expect(r.streetId).toBe(street)
    const grid = posted[1]!.place.gridId!
    expect(ours(await csv(`&area=${grid}`))).toEqual(idsOf((p) => p.place.gridId === grid))
    // A window that ended before these cases were posted holds none of them.
    const before = await get(`/api/cases/export.csv?window=custom&from=2019-01-01T00:00:00Z&to=${encodeURIComponent(since)}`)
    expect(ours(parse(before.body.slice(1), { columns: true }) as Row[])).toEqual([])
    expect(ours(await csv('&window=custom'))).toEqual(idsOf(() => true))
  })

  it("writes the codes' Chinese names and the title, and nothing of the reporter nor any free text", async () => {
    const res = await get(`/api/cases/export.csv?from=${encodeURIComponent(since)}`)
    for (const secret of SECRETS) expect(res.body).not.toContain(secret)
    const rows = parse(res.body.slice(1), { columns: true }) as Row[]
    expect(Object.keys(rows[0]!)).not.toEqual(expect.arrayContaining(['reporterName']))
    for (const c of Object.keys(rows[0]!)) expect(c).not.toMatch(/reporter|phone|address|description|resolution|comment/i)
    const water = rows.find((r) => Number(r.id) === posted[0]!.id)!
    expect(water).toMatchObject({ categoryName: '供水漏水', statusName: '已受理', class721Name: '服务', sourceName: '12345热线', title: '楼道水管漏水' })
    expect(water.wkt).toMatch(/^POINT\(/)
    const parking = rows.find((r) => Number(r.id) === posted[1]!.id)!
    expect(parking).toMatchObject({ categoryName: '停车管理', statusName: '已派单', class721Name: '管理', sourceName: '微信红管家' })
  })

  it('exports the same selection as GeoJSON and as a GeoPackage, points and Chinese names intact', async () => {
    // A closed window: the fuzzer and other files post water_supply cases into the same database meanwhile,
    // and one between the two exports made them differ (a CI failure).
    const query = `from=${encodeURIComponent(since)}&to=${encodeURIComponent(until)}&category=water_supply,parking`
    const geo = await get(`/api/cases/export.geojson?${query}`)
    expect(geo.headers['content-type']).toContain('application/geo+json')
    expect(geo.headers['content-disposition']).toBe('attachment; filename="cases.geojson"')
    const features = geo.json().features as { id: number; geometry: { type: string }; properties: Row }[]
    expect(features.map((f) => f.id).filter((id) => posted.some((p) => p.id === id)).sort()).toEqual(idsOf((p) => p.category !== 'noise'))
    for (const f of features) expect(f.geometry.type).toBe('Point')

    const res = await get(`/api/cases/export.gpkg?${query}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/geopackage+sqlite3')
    for (const secret of SECRETS) expect(res.rawPayload.includes(Buffer.from(secret))).toBe(false)
    const g = saveGeoPackage(res.rawPayload)
    try {
      const rows = g.features('cases')
      expect(rows.map((r) => r.id as number)).toEqual(features.map((f) => f.id))
      const one = rows.find((r) => r.id === posted[0]!.id)!
      const db = (await t.db.pool.query('SELECT ST_AsBinary(geom) AS wkb FROM cases WHERE id = $1', [one.id])).rows[0]
      expect(one.wkb!.equals(db.wkb)).toBe(true)
      expect(one).toMatchObject({ categoryName: '供水漏水', statusName: '已受理', title: '楼道水管漏水' })
      expect(g.db.prepare('SELECT geometry_type_name AS t FROM gpkg_geometry_columns').get()).toEqual({ t: 'POINT' })
    } finally {
      g.close()
    }
  })

  it.skipIf(gdalMissing)(`GDAL reads a street's case list, named after the street (${NO_GDAL})`, async () => {
    const { streetId } = posted[0]!.place
    const name = (await t.db.pool.query('SELECT name FROM areas WHERE id = $1', [streetId])).rows[0].name
    const res = await get(`/api/cases/export.gpkg?from=${encodeURIComponent(since)}&area=${streetId}&status=received`)
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`cases-${name}.gpkg`)}`)
    const g = saveGeoPackage(res.rawPayload)
    try {
      const features = await ogrFeatures(g.path, 'cases', `id = ${posted[0]!.id}`)
      expect(features).toHaveLength(1)
      expect(features[0]!.properties).toMatchObject({ categoryName: '供水漏水', sourceName: '12345热线', streetId })
    } finally {
      g.close()
    }
  })

  it('writes a sheet for people with layout=sheet: Chinese headers, names instead of ids, China time, no personal data or free text', async () => {
    const res = await get(`/api/cases/export.csv?layout=sheet&from=${encodeURIComponent(since)}&status=dispatched`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body.startsWith('\uFEFF')).toBe(true)
    const rows = parse(res.body.slice(1), { columns: true }) as Row[]
    expect(Object.keys(rows[0]!)).toEqual([
      '编号', '标题', '类别', '721分类', '来源', '优先级', '状态', '街道', '社区', '网格', '小区', '楼栋',
      '受理时间', '办理时限', '办结时间', '结案时间', '办结层级', '超期', '满意度', '重办次数', '经度', '纬度',
    ])
    const parking = posted[1]!
    const row = rows.find((r) => Number(r['编号']) === parking.id)!
    const names = await t.db.pool.query<{ street: string; grid: string }>(
      'SELECT s.name AS street, g.name AS grid FROM areas s, areas g WHERE s.id = $1 AND g.id = $2',
      [parking.place.streetId, parking.place.gridId],
    )
    const created = await t.db.pool.query<{ at: string }>(
      `SELECT to_char((created_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS at FROM cases WHERE id = $1`, [parking.id],
    )
    expect(row).toMatchObject({
      类别: '停车管理', '721分类': '管理', 来源: '微信红管家', 状态: '已派单', 街道: names.rows[0]!.street, 网格: names.rows[0]!.grid,
      受理时间: created.rows[0]!.at, 超期: '否', 办结时间: '',
    })
    expect(Number(row['经度'])).toBeCloseTo(parking.place.lng, 5)
    for (const r of rows) expect(r['状态'], `case ${r['编号']}`).toBe('已派单')
    for (const secret of SECRETS) expect(res.body).not.toContain(secret)
    expect((await get('/api/cases/export.geojson?layout=sheet')).statusCode).toBe(400)
  })

  it('refuses unknown codes with a 400 naming the parameter, the value and the codes it takes', async () => {
    const bad = async (query: string) => {
      const res = await get(`/api/cases/export.csv?${query}`)
      expect(res.statusCode, query).toBe(400)
      return res.json() as { code: string; message: string }
    }
    const status = await bad('status=received,bogus')
    expect(status.code).toBe('VALIDATION')
    expect(status.message).toBe('status has an unknown code "bogus"; known codes: received, dispatched, handling, resolved, evaluated, closed')
    expect((await bad('category=water_supply&category=flying_saucers')).message).toMatch(/^category has an unknown code "flying_saucers"; known codes: water_supply, drainage/)
    expect((await bad('class721=charity')).message).toBe('class721 has an unknown code "charity"; known codes: service, management, enforcement')
    expect((await bad('source=fax')).message).toContain('source has an unknown code "fax"')
    expect((await bad('window=2d')).message).toContain('window has an unknown code "2d"')
    expect((await bad('limit=5')).message).toBe('unknown query parameter limit')
    expect((await bad('window=7d&from=2024-01-01T00:00:00Z')).code).toBe('BAD_WINDOW')
    expect((await get('/api/cases/export.xlsx')).statusCode).toBe(400)
    expect((await get('/api/cases/export.csv?area=NO_SUCH_AREA')).statusCode).toBe(404)
  })
})
