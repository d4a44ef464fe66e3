/**
 * Whole-layer exports beside the OGC items: GeoJSON and CSV (UTF-8 with BOM, geometry as WKT) streamed
 * by keyset pages, and GeoPackage written page by page, with the same filters and the same columns left
 * out as the items. GeoPackages are read back with better-sqlite3 and, where installed, GDAL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'
import { buildingPlaces } from '../fixtures/cases/places.ts'
import { gdalMissing, NO_GDAL, ogrFeatures, ogrSummary, saveGeoPackage } from '../helpers/geopackage.ts'

const HAN = /[\u4e00-\u9fff]/

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

  it('exports every building as a GeoPackage: each once, geometry byte for byte, Chinese names, typed columns, an R-tree', async () => {
    const res = await get('/ogc/collections/buildings/export.gpkg')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/geopackage+sqlite3')
    expect(res.headers['content-disposition']).toBe('attachment; filename="buildings.gpkg"')
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length)
    const g = saveGeoPackage(res.rawPayload)
    try {
      expect(g.db.pragma('application_id', { simple: true })).toBe(0x47504b47)
      const n = await count('SELECT count(*)::int AS n FROM buildings')
      const features = g.features('buildings')
      expect(features).toHaveLength(n)
      expect(new Set(features.map((f) => f.id)).size).toBe(n)
      expect(g.db.prepare('SELECT geometry_type_name AS t, srs_id AS srs FROM gpkg_geometry_columns').get()).toEqual({ t: 'POLYGON', srs: 4326 })
      expect(g.db.prepare('SELECT count(*) AS n FROM rtree_buildings_geom').get()).toEqual({ n })
      const named = features.find((f) => HAN.test(String(f.name)))!
      expect(named, 'a building with a Chinese name').toBeDefined()
      const row = (await t.db.pool.query(
        `SELECT name, floors, ST_AsBinary(footprint) AS wkb,
           EXISTS (SELECT 1 FROM party_orgs o WHERE o.building_id = b.id AND o.kind = 'building_group') AS party
         FROM buildings b WHERE id = $1`,
        [named.id],
      )).rows[0]
      expect(named.name).toBe(row.name)
      expect(named.floors).toBe(row.floors)
      expect(named.partyGroup).toBe(row.party ? 1 : 0)
      expect(named.wkb!.equals(row.wkb)).toBe(true)
      const types = Object.fromEntries(g.db.prepare("SELECT name, type FROM pragma_table_info('buildings')").all().map((c: any) => [c.name, c.type]))
      expect(types).toMatchObject({ geom: 'POLYGON', id: 'TEXT', name: 'TEXT', floors: 'MEDIUMINT', partyGroup: 'BOOLEAN' })
    } finally {
      g.close()
    }
  })

  it.skipIf(gdalMissing)(`GDAL reads a grid's walk edges from a GeoPackage named after the grid (${NO_GDAL})`, async () => {
    const { rows } = await t.db.pool.query(
      `SELECT a.id, a.name, count(*)::int AS n FROM areas a JOIN walk_edges e ON ST_Intersects(a.geom, ST_PointOnSurface(e.geom))
       WHERE a.level = 'grid' GROUP BY a.id, a.name ORDER BY n DESC, a.id LIMIT 1`,
    )
    const grid = rows[0]
    const res = await get(`/ogc/collections/walk-edges/export.gpkg?area=${grid.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="walk-edges-${grid.id}.gpkg"; filename*=UTF-8''${encodeURIComponent(`walk-edges-${grid.name}.gpkg`)}`,
    )
    const g = saveGeoPackage(res.rawPayload)
    try {
      const summary = await ogrSummary(g.path, 'walk_edges')
      expect(summary.count).toBe(grid.n)
      expect(summary.geometry).toBe('Line String')
      expect(summary.text).toContain('WGS 84')
      const edge = (await t.db.pool.query(
        `SELECT e.id, e.name, ST_AsGeoJSON(e.geom, 7)::json AS g FROM walk_edges e JOIN areas a ON a.id = $1
         WHERE ST_Intersects(a.geom, ST_PointOnSurface(e.geom)) ORDER BY (e.name IS NULL), e.id LIMIT 1`,
        [grid.id],
      )).rows[0]
      const [read] = await ogrFeatures(g.path, 'walk_edges', `id = ${edge.id}`)
      expect(read!.geometry).toEqual(edge.g)
      expect(read!.properties.name).toBe(edge.name)
    } finally {
      g.close()
    }
  })

  it('exports cases as a GeoPackage without personal data', async () => {
    const [p] = await buildingPlaces(t.db.pool, 1, 150)
    const since = new Date(Date.now() - 1000).toISOString()
    const posted = await postCase(t.app, intakeBody(p!, { reporter: { name: '欧阳包导', phone: '13700002222' }, address: '地理包测试路 7 号' }))
    expect(posted.statusCode).toBe(201)
    const res = await get(`/ogc/collections/cases/export.gpkg?datetime=${since}/..`)
    expect(res.statusCode).toBe(200)
    for (const secret of ['欧阳包导', '13700002222', '地理包测试路']) expect(res.rawPayload.includes(Buffer.from(secret))).toBe(false)
    const g = saveGeoPackage(res.rawPayload)
    try {
      const features = g.features('cases')
      expect(features.map((f) => f.id)).toContain(posted.json().id)
      const columns = g.db.prepare("SELECT name FROM pragma_table_info('cases')").all().map((c: any) => c.name)
      for (const c of columns) expect(c).not.toMatch(/reporter|phone|address|description|resolution|comment/i)
    } finally {
      g.close()
    }
  })

  it('answers bad requests with 400 and unknown layers with 404', async () => {
    expect((await get('/ogc/collections/stations/export.gpkg?area=a%20b')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.gpkg?area=NO_SUCH_AREA')).statusCode).toBe(404)
    expect((await get('/ogc/collections/stations/export.xlsx')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?bbox=1,2,3')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?datetime=2024-01-01T00:00:00Z')).statusCode).toBe(400)
    expect((await get('/ogc/collections/stations/export.csv?limit=5')).statusCode).toBe(400)
    expect((await get('/ogc/collections/nothing/export.csv')).statusCode).toBe(404)
  })
})
