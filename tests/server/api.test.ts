import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { area } from '@turf/area'
import { bbox as turfBbox } from '@turf/bbox'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { migrate } from '../../server/db/migrate.ts'

// The same contract must hold on the embedded PostGIS and on a real server (TEST_DATABASE_URL).
describe.each(testDatabases())('API on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('reports health with the database mode and PostGIS version', async () => {
    const res = await get('/api/health')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ status: 'ok', database: target.mode })
    expect(body.postgis).toMatch(/^3\.\d+/)
  })

  it('re-running migrations applies nothing', async () => {
    const result = await migrate(t.db.pool)
    expect(result.applied).toEqual([])
    expect(result.skipped.length).toBeGreaterThanOrEqual(2)
  })

  it('lists the hierarchy level by level, at demo scale', async () => {
    const district = (await get('/api/areas?level=district')).json()
    expect(district.type).toBe('FeatureCollection')
    expect(district.features).toHaveLength(1)
    const d = district.features[0].properties
    expect(d).toMatchObject({ level: 'district', parentId: null })
    expect(d.residents).toBeGreaterThan(200_000)

    const streets = (await get(`/api/areas?level=street&parent=${d.id}`)).json().features
    expect(streets.length).toBeGreaterThanOrEqual(6)
    expect(streets.every((f: any) => f.properties.parentId === d.id && f.geometry.type === 'MultiPolygon')).toBe(true)
    // Totals roll up: the streets' residents add up to the district's.
    expect(streets.reduce((s: number, f: any) => s + f.properties.residents, 0)).toBe(d.residents)
    expect(d.childCount).toBe(streets.length)

    const communities = (await get('/api/areas?level=community')).json().features
    const grids = (await get('/api/areas?level=grid')).json().features
    expect(communities.length).toBeGreaterThanOrEqual(40)
    expect(grids.length).toBeGreaterThanOrEqual(270)
    for (const f of [...communities, ...grids]) {
      expect(Object.keys(f.properties)).toEqual(
        expect.arrayContaining(['id', 'code', 'name', 'level', 'parentId', 'residents', 'households', 'buildings', 'partyCoverage']),
      )
    }
  })

  it('returns one area with totals, ancestors, children, party organisation and masked workers', async () => {
    const grid = (await get('/api/areas?level=grid')).json().features.find((f: any) => f.properties.residents > 0)
    const res = await get(`/api/areas/${grid.properties.id}`)
    expect(res.statusCode).toBe(200)
    const p = res.json().properties
    expect(p.level).toBe('grid')
    expect(p.ancestors.map((a: any) => a.level)).toEqual(['district', 'street', 'community'])
    expect(p.totals.residents).toBe(grid.properties.residents)
    expect(p.totals.buildings).toBeGreaterThan(0)
    expect(p.party.orgs.some((o: any) => o.kind === 'grid_branch')).toBe(true)
    expect(p.workers.some((w: any) => w.role === 'grid_worker')).toBe(true)
    for (const w of p.workers) {
      expect(w.phone).toMatch(/^\*{8}\d{3}$/)
      expect(w.name).toMatch(/\*/)
    }

    const street = (await get(`/api/areas/${p.ancestors[1].id}`)).json().properties
    expect(street.children.length).toBe(street.childCount)
    expect(street.children.every((c: any) => c.level === 'community')).toBe(true)
  })

  it('gives each area its km², bounding box and a label point inside it, from PostGIS', async () => {
    const grids = (await get('/api/areas?level=grid')).json().features
    const streets = (await get('/api/areas?level=street')).json().features
    const district = (await get('/api/areas?level=district')).json().features[0]
    for (const f of [...grids, ...streets, district]) {
      const { areaKm2, labelPoint, bbox } = f.properties
      // Against turf's spherical area: the two models of the earth differ by well under 1 %.
      expect(Math.abs(areaKm2 - area(f) / 1e6) / areaKm2, f.properties.id).toBeLessThan(0.01)
      // The boundary is sent with 6 decimals; the box is of the stored one.
      turfBbox(f).forEach((v, i) => expect(Math.abs(v - bbox[i]), f.properties.id).toBeLessThan(1e-6))
      expect(booleanPointInPolygon(labelPoint, f), f.properties.id).toBe(true)
    }
    // Streets tile the district.
    const streetsKm2 = streets.reduce((s: number, f: any) => s + f.properties.areaKm2, 0)
    expect(Math.abs(streetsKm2 - district.properties.areaKm2) / district.properties.areaKm2).toBeLessThan(0.001)
    const one = (await get(`/api/areas/${grids[0].properties.id}`)).json().properties
    expect({ areaKm2: one.areaKm2, labelPoint: one.labelPoint, bbox: one.bbox }).toEqual({
      areaKm2: grids[0].properties.areaKm2,
      labelPoint: grids[0].properties.labelPoint,
      bbox: grids[0].properties.bbox,
    })
  })

  it('rejects bad area requests with a 4xx that says what was wrong', async () => {
    const missing = await get('/api/areas/NOPE404')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().message).toContain('NOPE404')
    const badLevel = await get('/api/areas?level=province')
    expect(badLevel.statusCode).toBe(400)
    expect(badLevel.json()).toMatchObject({ error: 'Bad Request' })
    expect(badLevel.json().message).toMatch(/level/)
    const badId = await get(`/api/areas/${encodeURIComponent("x' OR 1=1 --")}`)
    expect(badId.statusCode).toBe(400)
  })

  it('lists stations of every kind and status, filterable', async () => {
    const all = (await get('/api/stations')).json().features
    expect(all.length).toBeGreaterThanOrEqual(60)
    const kinds = new Set(all.map((f: any) => f.properties.kind))
    const statuses = new Set(all.map((f: any) => f.properties.status))
    expect(kinds.size).toBe(7)
    expect([...statuses].sort()).toEqual(['in_service', 'planned', 'renovating', 'under_construction'])
    const planned = (await get('/api/stations?status=planned')).json().features
    expect(planned.length).toBeGreaterThan(0)
    expect(planned.every((f: any) => f.properties.status === 'planned')).toBe(true)
    expect((await get('/api/stations?status=demolished')).statusCode).toBe(400)
  })

  it('serves buildings by viewport and by area, and refuses malformed or huge boxes', async () => {
    const cfg = (await get('/api/config')).json()
    const [cx, cy] = cfg.district.center
    const box = [cx - 0.004, cy - 0.004, cx + 0.004, cy + 0.004]
    const res = await get(`/api/buildings?bbox=${box.join(',')}`)
    expect(res.statusCode).toBe(200)
    const fc = res.json()
    expect(fc.features.length).toBeGreaterThan(0)
    expect(fc.truncated).toBe(false)
    for (const f of fc.features) {
      const ring: number[][] = f.geometry.coordinates[0]
      // A footprint that touches the box has a vertex within a building's size of it.
      expect(ring.some(([x, y]) => x >= box[0] - 0.002 && x <= box[2] + 0.002 && y >= box[1] - 0.002 && y <= box[3] + 0.002)).toBe(true)
    }
    const limited = (await get(`/api/buildings?bbox=${box.join(',')}&limit=3`)).json()
    expect(limited.features).toHaveLength(3)
    expect(limited.truncated).toBe(fc.features.length > 3)

    const gridId = fc.features[0].properties.gridId
    const inGrid = (await get(`/api/buildings?area=${gridId}`)).json().features
    expect(inGrid.length).toBeGreaterThan(0)
    expect(inGrid.every((f: any) => f.properties.gridId === gridId)).toBe(true)

    for (const bad of ['1,2,3', 'a,b,c,d', '117,31,116,32', '100,20,120,40', '190,0,191,1', '']) {
      const r = await get(`/api/buildings?bbox=${encodeURIComponent(bad)}`)
      expect(r.statusCode, bad).toBe(400)
      expect(r.json().message.length).toBeGreaterThan(5)
    }
    expect((await get('/api/buildings')).statusCode).toBe(400)
  })

  it('returns a building card with masked party households', async () => {
    const grid = (await get('/api/areas?level=grid')).json().features.find((f: any) => f.properties.residents > 0)
    const list = (await get(`/api/buildings?area=${grid.properties.id}`)).json().features
    const withGroup = list.find((f: any) => f.properties.partyGroup) ?? list[0]
    const res = await get(`/api/buildings/${withGroup.properties.id}`)
    expect(res.statusCode).toBe(200)
    const p = res.json().properties
    expect(p.id).toBe(withGroup.properties.id)
    expect(p.ancestors.map((a: any) => a.level)).toEqual(['district', 'street', 'community', 'grid'])
    for (const h of p.partyHouseholds) {
      expect(h.householder).toMatch(/\*/)
      expect(h.phone).toMatch(/^\*{8}\d{3}$/)
    }
    expect((await get('/api/buildings/NOPE')).statusCode).toBe(404)
  })

  it('cuts the basemap into vector tiles from the project data', async () => {
    const [cx, cy] = (await get('/api/config')).json().district.center
    const z = 15
    const x = Math.floor(((cx + 180) / 360) * 2 ** z)
    const rad = (cy * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
    const res = await get(`/tiles/basemap/${z}/${x}/${y}.pbf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/x-protobuf')
    const tile = new VectorTile(new Pbf(res.rawPayload))
    expect(Object.keys(tile.layers)).toEqual(expect.arrayContaining(['roads', 'buildings', 'boundaries']))
    expect(tile.layers.buildings.length).toBeGreaterThan(0)
    expect((await get('/tiles/basemap/3/9/1.pbf')).statusCode).toBe(400)
  })

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await get('/api/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toContain('/api/nothing-here')
  })
})
