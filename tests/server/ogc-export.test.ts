/**
 * Whole-layer exports beside the OGC items: GeoJSON and CSV (UTF-8 with BOM, geometry as WKT) streamed
 * by keyset pages, with the same filters and the same columns left out as the items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'
import { buildingPlaces } from '../fixtures/cases/places.ts'

describe.each(testDatabases())('layer exports on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const count = async (sql: string, values: unknown[] = []) => (await t.db.pool.query(sql, values)).rows[0].n as number

  it('exports every building as GeoJSON, across many pages, each once', async () => {
    const res = await get('/ogc/collections/buildings/export.geojson')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(res.headers['content-disposition']).toBe('attachment; filename="buildings.geojson"')
    const fc = res.json()
    const n = await count('SELECT count(*)::int AS n FROM buildings')
    expect(n).toBeGreaterThan(5000) // more than one keyset page
    expect(fc.features).toHaveLength(n)
    expect(new Set(fc.features.map((f: { id: string }) => f.id)).size).toBe(n)
    const one = fc.features[0]
    const row = (await t.db.pool.query('SELECT ST_AsGeoJSON(footprint, 7)::json AS g, floors FROM buildings WHERE id = $1', [one.id])).rows[0]
    expect(one.geometry).toEqual(row.g)
    expect(one.properties.floors).toBe(row.floors)
  })

  it('exports a bbox of stations as CSV with a BOM, a header, Chinese names intact and WKT points', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, (ST_XMin(e) + ST_XMax(e)) / 2 AS e, ST_YMax(e) AS n
       FROM (SELECT ST_Extent(geom)::geometry AS e FROM stations) x`,
    )
    const b = rows[0]
    const res = await get(`/ogc/collections/stations/export.csv?bbox=${b.w},${b.s},${b.e},${b.n}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.body.startsWith('\uFEFF')).toBe(true)
    const records = parse(res.body.slice(1), { columns: true }) as Record<string, string>[]
    const expected = await count(
      `SELECT count(*)::int AS n FROM stations WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))`,
      [b.w, b.s, b.e, b.n],
    )
    expect(records).toHaveLength(expected)
    expect(Object.keys(records[0]!)).toEqual(['id', 'name', 'kind', 'status', 'floorArea', 'hours', 'services', 'address', 'areaId', 'compoundId', 'wkt'])
    const db = (await t.db.pool.query('SELECT name, ST_AsText(geom, 7) AS wkt FROM stations WHERE id = $1', [records[0]!.id])).rows[0]
    expect(records[0]!.name).toBe(db.name)
    expect(records[0]!.name).toMatch(/[\u4e00-\u9fff]/)
    expect(records[0]!.wkt).toBe(db.wkt)
  })

  it('exports cases in a time window without personal data', async () => {
    const [p] = await buildingPlaces(t.db.pool, 1, 164)
    const since = new Date(Date.now() - 1000).toISOString()
    const posted = await postCase(t.app, intakeBody(p!, { reporter: { name: '欧阳导出', phone: '13700001111' }, address: '导出测试路 9 号' }))
    expect(posted.statusCode).toBe(201)
    const res = await get(`/ogc/collections/cases/export.csv?datetime=${since}/..`)
    expect(res.statusCode).toBe(200)
    const records = parse(res.body.slice(1), { columns: true }) as Record<string, string>[]
    expect(records.map((r) => r.id)).toContain(String(posted.json().id))
    expect(Object.keys(records[0]!)).not.toEqual(expect.arrayContaining(['reporterName']))
    for (const secret of ['欧阳', '13700001111', '1111', '导出测试路']) expect(res.body).not.toContain(secret)
  })

  it('answers bad requests with 400 and unknown layers with 404', async () => {
    expect((await get('/ogc/collections/stations/export.xlsx')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?bbox=1,2,3')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?datetime=2024-01-01T00:00:00Z')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?limit=5')).statusCode).toBe(400)
    expect((await get('/ogc/collections/nothing/export.csv')).statusCode).toBe(404)
  })
})
