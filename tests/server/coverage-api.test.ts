import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { gdalMissing, NO_GDAL, ogrSummary, saveGeoPackage } from '../helpers/geopackage.ts'
import { LIMITS } from '../../server/plugins/coverage/schemas.ts'

describe.each(testDatabases())('coverage API on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object })
  const district = (body: any) => body.areas.find((a: any) => a.level === 'district')

  it('gives coverage per area at every level, district included, for each scenario', async () => {
    const res = await get('/api/coverage?minutes=5,15&scenario=current')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ minutes: [5, 15], scenario: 'current', speedKmh: 4 })
    const levels = new Set(body.areas.map((a: any) => a.level))
    expect([...levels].sort()).toEqual(['community', 'district', 'grid', 'street'])
    const d = district(body)
    expect(d.residents).toBeGreaterThan(200_000)
    expect(d.covered['5'].residents).toBeGreaterThan(0)
    expect(d.covered['5'].residents).toBeLessThanOrEqual(d.covered['15'].residents)
    expect(d.covered['15'].residents).toBeLessThanOrEqual(d.residents)
    // Grids add up to the district.
    const grids = body.areas.filter((a: any) => a.level === 'grid')
    expect(grids.reduce((s: number, a: any) => s + a.covered['15'].residents, 0)).toBe(d.covered['15'].residents)

    // Finishing the pipeline never covers fewer residents.
    let previous = 0
    for (const scenario of ['current', 'renovated', 'built', 'planned']) {
      const r = (await get(`/api/coverage?minutes=15&scenario=${scenario}&level=district`)).json()
      expect(r.areas).toHaveLength(1)
      const covered = r.areas[0].covered['15'].residents
      expect(covered).toBeGreaterThanOrEqual(previous)
      previous = covered
    }
    const planned = (await get('/api/coverage?minutes=15&scenario=planned&level=district')).json()
    expect(planned.areas[0].covered['15'].residents).toBeGreaterThan(d.covered['15'].residents)
  })

  it('filters by level and rejects bad parameters', async () => {
    const r = (await get('/api/coverage?level=community')).json()
    expect(new Set(r.areas.map((a: any) => a.level))).toEqual(new Set(['district', 'community']))
    for (const bad of ['minutes=abc', 'minutes=0', 'minutes=5,-1', 'scenario=someday', 'level=planet']) {
      const res = await get(`/api/coverage?${bad}`)
      expect(res.statusCode, bad).toBe(400)
      expect(res.json().message).toBeTruthy()
    }
  })

  it('lists uncovered buildings, most residents first, with their walking minutes', async () => {
    const res = await get('/api/coverage/gaps?minutes=5&limit=50')
    expect(res.statusCode).toBe(200)
    const fc = res.json()
    expect(fc.features.length).toBe(50)
    const residents = fc.features.map((f: any) => f.properties.residents)
    expect([...residents].sort((a, b) => b - a)).toEqual(residents)
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Polygon')
      expect(f.properties.minutes === null || f.properties.minutes >= 5).toBe(true)
    }
    const street = fc.features[0].properties.gridId.slice(0, 6)
    const inStreet = (await get(`/api/coverage/gaps?minutes=5&area=${street}&limit=100`)).json().features
    expect(inStreet.length).toBeGreaterThan(0)
    expect(inStreet.every((f: any) => f.properties.gridId.startsWith(street))).toBe(true)
    expect((await get('/api/coverage/gaps?area=NOPE')).statusCode).toBe(404)
  })

  it('exports gaps as CSV and GeoJSON downloads', async () => {
    const csv = await get('/api/coverage/gaps.csv?minutes=5&limit=10')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toContain('attachment')
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n')
    expect(lines[0]).toBe('building_id,name,grid_id,residents,households,minutes_to_station,nearest_station_id,entrance_lng,entrance_lat')
    expect(lines).toHaveLength(11)
    const geo = await get('/api/coverage/gaps.geojson?minutes=5&limit=10')
    expect(geo.headers['content-disposition']).toContain('.geojson')
    const features = JSON.parse(geo.body).features
    expect(features).toHaveLength(10)
    // The GeoJSON carries each gap's entrance as the CSV does, row for row.
    expect(features.map((f: any) => f.properties.entrance)).toEqual(lines.slice(1).map((l) => l.split(',').slice(-2).map(Number)))

    // For a spreadsheet: Chinese headers, and the names of the community, grid and nearest station.
    const zh = await get('/api/coverage/gaps.csv?minutes=5&limit=10&lang=zh')
    expect(zh.body.startsWith('\ufeff楼栋编号,楼栋名称,所属社区,所属网格,居民数,户数,到最近阵地步行（分钟）,最近阵地,入口经度,入口纬度')).toBe(true)
    const zhRows = parse(zh.body.slice(1), { columns: true }) as Record<string, string>[]
    const codeRows = parse(csv.body.slice(1), { columns: true }) as Record<string, string>[]
    expect(zhRows.map((r) => r['楼栋编号'])).toEqual(codeRows.map((r) => r.building_id))
    const { rows: names } = await t.db.pool.query(
      `SELECT g.id, g.name AS grid, c.name AS community FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.id = ANY($1)`, [codeRows.map((r) => r.grid_id)])
    const byGrid = new Map(names.map((n) => [n.id, n]))
    const stations = new Map((await t.db.pool.query('SELECT id, name FROM stations')).rows.map((s) => [s.id, s.name]))
    zhRows.forEach((r, i) => {
      const code = codeRows[i]!
      expect(r['所属网格']).toBe(byGrid.get(code.grid_id).grid)
      expect(r['所属社区']).toBe(byGrid.get(code.grid_id).community)
      expect(r['最近阵地']).toBe(code.nearest_station_id ? stations.get(code.nearest_station_id) : '')
    })
    expect((await get('/api/coverage/gaps.csv?lang=fr')).statusCode).toBe(400)
  })

  it('exports every gap as a GeoPackage: the CSV\'s buildings in its order, footprints byte for byte, Chinese names', async () => {
    const csv = await get('/api/coverage/gaps.csv?minutes=5')
    const rows = parse(csv.body.slice(1), { columns: true }) as Record<string, string>[]
    expect(rows.length).toBeGreaterThan(0)
    const res = await get('/api/coverage/gaps.gpkg?minutes=5')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/geopackage+sqlite3')
    expect(res.headers['content-disposition']).toBe('attachment; filename="coverage-gaps-5min.gpkg"')
    const g = saveGeoPackage(res.rawPayload)
    try {
      const features = g.features('coverage_gaps')
      expect(features.map((f) => f.building_id)).toEqual(rows.map((r) => r.building_id))
      const i = features.findIndex((f) => /[\u4e00-\u9fff]/.test(String(f.name)))
      const [f, r] = [features[i]!, rows[i]!]
      expect(f).toMatchObject({ name: r.name, grid_id: r.grid_id, residents: Number(r.residents), entrance_lng: Number(r.entrance_lng) })
      expect(f.minutes_to_station).toBe(r.minutes_to_station === '' ? null : Number(r.minutes_to_station))
      const db = (await t.db.pool.query('SELECT ST_AsBinary(footprint) AS wkb FROM buildings WHERE id = $1', [f.building_id])).rows[0]
      expect(f.wkb!.equals(db.wkb)).toBe(true)
    } finally {
      g.close()
    }
  })

  it.skipIf(gdalMissing)(`GDAL reads a community's gaps from a file named after it (${NO_GDAL})`, async () => {
    const community = (await t.db.pool.query("SELECT id, name FROM areas WHERE level = 'community' ORDER BY id LIMIT 1")).rows[0]
    const csv = await get(`/api/coverage/gaps.csv?minutes=15&area=${community.id}`)
    const n = csv.body.slice(1).trim().split('\n').length - 1
    const res = await get(`/api/coverage/gaps.gpkg?minutes=15&area=${community.id}`)
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`coverage-gaps-15min-${community.name}.gpkg`)}`)
    const g = saveGeoPackage(res.rawPayload)
    try {
      const summary = await ogrSummary(g.path, 'coverage_gaps')
      expect(summary.count).toBe(n)
      expect(summary.geometry).toBe('Polygon')
    } finally {
      g.close()
    }
    expect((await get('/api/coverage/gaps.gpkg?minutes=15&area=NO_SUCH_AREA')).statusCode).toBe(404)
  })

  it('draws dissolved and per-station isochrones, one polygon set per minute value', async () => {
    const all = (await get('/api/isochrones?minutes=5,15&scenario=current')).json()
    expect(all.type).toBe('FeatureCollection')
    expect(all.features.map((f: any) => f.properties.minutes)).toEqual([5, 15])
    for (const f of all.features) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type)
    const station = (await get('/api/stations?status=in_service')).json().features[0].properties.id
    const one = (await get(`/api/stations/${station}/isochrone?minutes=5,15`)).json()
    expect(one.features.map((f: any) => f.properties.minutes)).toEqual([5, 15])
    expect((await get('/api/stations/NOPE/isochrone')).statusCode).toBe(404)
  })

  it('answers what-if: a station at the worst gap covers it, removing one loses coverage', async () => {
    const base = district((await get('/api/coverage?minutes=5,15&level=district')).json())
    const gap = (await get('/api/coverage/gaps?minutes=15&limit=1')).json().features[0]
    const ring: number[][] = gap.geometry.coordinates[0]
    const lng = ring.slice(1).reduce((s, p) => s + p[0], 0) / (ring.length - 1)
    const lat = ring.slice(1).reduce((s, p) => s + p[1], 0) / (ring.length - 1)

    const added = await post('/api/coverage/what-if', { add: [{ lng, lat }], isochrones: true })
    expect(added.statusCode).toBe(200)
    const a = added.json()
    expect(a.delta['15'].residents).toBeGreaterThanOrEqual(gap.properties.residents)
    expect(district(a).covered['15'].residents).toBe(base.covered['15'].residents + a.delta['15'].residents)
    expect(a.isochrones.features.map((f: any) => f.properties.minutes)).toEqual([5, 15])
    expect(a.placed[0].snapM).toBeLessThan(200)

    const inService = (await get('/api/stations?status=in_service')).json().features
    const removed = (await post('/api/coverage/what-if', { remove: [inService[0].properties.id] })).json()
    expect(removed.delta['15'].residents).toBeLessThanOrEqual(0)
    expect(district(removed).covered['15'].residents).toBe(base.covered['15'].residents + removed.delta['15'].residents)

    const moved = (await post('/api/coverage/what-if', { move: [{ id: inService[0].properties.id, lng, lat }] })).json()
    expect(district(moved).covered['15'].residents).toBe(base.covered['15'].residents + moved.delta['15'].residents)
  })

  it("echoes the client's ids for added and moved stations and returns the buildings whose coverage changed", async () => {
    const gaps = (await get('/api/coverage/gaps?minutes=15&limit=1')).json().features
    const gap = gaps[0]
    const [lng, lat] = gap.properties.entrance
    const inService = (await get('/api/stations?status=in_service')).json().features
    const stationId = inService[1].properties.id
    const res = await post('/api/coverage/what-if', {
      add: [{ id: 'h7', lng, lat }, { lng: lng + 0.001, lat }],
      move: [{ id: stationId, lng: lng - 0.001, lat }],
      remove: [inService[0].properties.id],
      isochrones: true,
    })
    expect(res.statusCode).toBe(200)
    const a = res.json()
    expect(a.placed.map((p: any) => p.id).sort()).toEqual(['h7', 'new-2', stationId].sort())
    expect(new Set(a.isochrones.features.map((f: any) => f.properties.ref))).toEqual(new Set(['h7', 'new-2', stationId]))
    for (const m of ['5', '15']) {
      const { covered, uncovered } = a.changed[m]
      const sum = (list: any[]) => list.reduce((s, c) => s + c.residents, 0)
      expect(sum(covered) - sum(uncovered) - a.delta[m].residents).toBe(0)
      expect(covered.length - uncovered.length - a.delta[m].buildings).toBe(0)
    }
    // The gap under the new station is newly covered, at its entrance.
    expect(a.changed['15'].covered).toContainEqual({ id: gap.properties.id, lng, lat, residents: gap.properties.residents })
    // Taking a station away uncovers buildings (the first station whose 5-minute circle no other overlaps).
    let removed: any = null
    for (const f of inService) {
      removed = (await post('/api/coverage/what-if', { remove: [f.properties.id], minutes: [5] })).json()
      if (removed.delta['5'].buildings < 0) break
    }
    expect(removed.changed['5'].covered).toEqual([])
    expect(removed.changed['5'].uncovered.length).toBeGreaterThan(0)
    expect(removed.changed['5'].uncovered.length + removed.delta['5'].buildings).toBe(0)

    for (const body of [{ add: [{ id: 'x', lng, lat }, { id: 'x', lng, lat }] }, { add: [{ id: stationId, lng, lat }] }, { add: [{ id: 'bad id', lng, lat }] }]) {
      const bad = await post('/api/coverage/what-if', body)
      expect(bad.statusCode, JSON.stringify(body)).toBe(400)
      expect(bad.json().message).toMatch(/x|id/)
    }
  })

  it('rejects bad what-if bodies with a 400 that says what', async () => {
    const cases: [unknown, RegExp][] = [
      [{ add: [{ lng: 200, lat: 30 }] }, /lng/],
      [{ add: [{ lat: 30 }] }, /lng/],
      [{ remove: ['NOPE'] }, /NOPE/],
      [{ remove: ['x', 'x'] }, /x/],
      [{ scenario: 'someday' }, /scenario/],
      [{ surprise: 1 }, /surprise|additional/],
    ]
    for (const [body, message] of cases) {
      const res = await post('/api/coverage/what-if', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().message).toMatch(message)
    }
  })

  it('suggests sites in pick order whose gains add up and match what-if', async () => {
    const res = await post('/api/coverage/suggest', { k: 3, minutes: 15 })
    expect(res.statusCode).toBe(200)
    const r = res.json()
    expect(r.sites).toHaveLength(3)
    const gains = r.sites.map((s: any) => s.gain)
    expect([...gains].sort((a, b) => b - a)).toEqual(gains)
    expect(r.coveredAfter - r.coveredBefore).toBe(gains.reduce((s: number, g: number) => s + g, 0))
    const check = (await post('/api/coverage/what-if', { add: [{ lng: r.sites[0].lng, lat: r.sites[0].lat }], minutes: [15] })).json()
    expect(check.delta['15'].residents).toBe(r.sites[0].gain)
    expect((await post('/api/coverage/suggest', { k: 0, minutes: 15 })).statusCode).toBe(400)
  })

  it('refuses questions beyond the documented limits with a 400 that names the limit', async () => {
    const station = (await get('/api/stations?status=in_service')).json().features[0]
    const [lng, lat] = station.geometry.coordinates
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ lng: lng + i * 1e-4, lat }))
    const minutes = (n: number, top: number) => Array.from({ length: n }, (_, i) => top - i)
    const cases: [string, object | string, RegExp][] = [
      ['/api/coverage/what-if', { add: many(LIMITS.add + 1) }, new RegExp(`add.*${LIMITS.add}`)],
      ['/api/coverage/what-if', { remove: Array.from({ length: LIMITS.remove + 1 }, (_, i) => `S${i}`) }, new RegExp(`remove.*${LIMITS.remove}`)],
      ['/api/coverage/what-if', { add: many(1), minutes: minutes(LIMITS.minuteValues + 1, 20) }, new RegExp(`minutes.*${LIMITS.minuteValues}`)],
      ['/api/coverage/what-if', { add: many(1), minutes: [LIMITS.maxMinutes + 1] }, new RegExp(`minutes.*${LIMITS.maxMinutes}`)],
      ['/api/coverage/what-if', { add: many(1), minutes: [5, LIMITS.maxIsochroneMinutes + 1], isochrones: true }, new RegExp(`minutes.*${LIMITS.maxIsochroneMinutes}`)],
      ['/api/coverage/what-if', { add: many(1), minutes: minutes(LIMITS.whatIfIsochroneMinuteValues + 1, 20), isochrones: true }, new RegExp(`minutes.*${LIMITS.whatIfIsochroneMinuteValues}`)],
      ['/api/coverage/suggest', { k: LIMITS.k + 1, minutes: 15 }, new RegExp(`k.*${LIMITS.k}`)],
      ['/api/coverage/suggest', { k: 1, minutes: LIMITS.maxMinutes + 1 }, new RegExp(`minutes.*${LIMITS.maxMinutes}`)],
      [`/api/isochrones?minutes=5,${LIMITS.maxIsochroneMinutes + 1}`, 'GET', new RegExp(`${LIMITS.maxIsochroneMinutes}`)],
      [`/api/stations/${station.properties.id}/isochrone?minutes=${LIMITS.maxIsochroneMinutes + 1}`, 'GET', new RegExp(`${LIMITS.maxIsochroneMinutes}`)],
      [`/api/coverage?minutes=${minutes(LIMITS.minuteValues + 1, 20).join(',')}`, 'GET', new RegExp(`${LIMITS.minuteValues}`)],
      [`/api/coverage/gaps.csv?limit=${LIMITS.gaps + 1}`, 'GET', new RegExp(`limit.*${LIMITS.gaps}`)],
      [`/api/coverage/gaps?limit=${LIMITS.gaps + 1}`, 'GET', new RegExp(`limit.*${LIMITS.gaps}`)],
    ]
    for (const [url, body, message] of cases) {
      const res = body === 'GET' ? await get(url) : await post(url, body)
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400)
      expect(res.json().message, `${url} ${JSON.stringify(body)}`).toMatch(message)
    }
    // At the limits themselves the answers come (what-if isochrones at their largest minutes included).
    const atLimit = await post('/api/coverage/what-if', { add: many(2), minutes: minutes(LIMITS.whatIfIsochroneMinuteValues, LIMITS.maxIsochroneMinutes), isochrones: true })
    expect(atLimit.statusCode).toBe(200)
    expect(atLimit.json().isochrones.features).toHaveLength(2 * LIMITS.whatIfIsochroneMinuteValues)
    const counts = await post('/api/coverage/what-if', { add: many(1), minutes: minutes(LIMITS.minuteValues, LIMITS.maxMinutes) })
    expect(counts.statusCode).toBe(200)
    expect(counts.json().minutes).toHaveLength(LIMITS.minuteValues)
    expect((await get(`/api/isochrones?minutes=${minutes(LIMITS.minuteValues, LIMITS.maxIsochroneMinutes).join(',')}`)).statusCode).toBe(200)
  })
})
