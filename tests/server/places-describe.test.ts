import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { DEMO_PASSWORD } from '../helpers/auth.ts'
import { DESCRIBE_ROAD_M } from '../../server/plugins/places/queries.ts'

/**
 * GET/POST /api/places/describe (issue 12): what a point is near, in the words people use. The demo
 * district's names are read from the database; the answers are checked against PostGIS asked directly.
 */
describe.each(testDatabases())('places described on the $name database', (target) => {
  let t: TestApp
  const one = async (lng: number, lat: number) => {
    const res = await t.app.inject(`/api/places/describe?lng=${lng}&lat=${lat}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json().items[0]
  }

  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(() => t?.close())

  it('names the building and compound a point is in, with its grid, community and street', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT b.id, b.name, c.id AS compound_id, c.name AS compound_name, g.name AS grid, cm.name AS community, st.name AS street,
              ST_X(ST_PointOnSurface(b.footprint)) AS lng, ST_Y(ST_PointOnSurface(b.footprint)) AS lat
       FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN areas g ON g.id = b.grid_id
       JOIN areas cm ON cm.id = g.parent_id JOIN areas st ON st.id = cm.parent_id
       WHERE b.kind = 'residential' AND ST_Contains(c.geom, b.footprint) ORDER BY b.id LIMIT 1 OFFSET 40`,
    )
    const b = rows[0]
    const d = await one(b.lng, b.lat)
    expect(d.building).toMatchObject({ id: b.id, name: b.name, distanceM: 0, compound: { id: b.compound_id, name: b.compound_name } })
    expect(d.compound).toEqual({ id: b.compound_id, name: b.compound_name })
    expect(d).toMatchObject({ grid: { name: b.grid }, community: { name: b.community }, street: { name: b.street } })
    expect(d.label).toContain(b.name)
    expect(d.label).toContain(b.grid)
    if (d.road) {
      expect(d.road.distanceM).toBeLessThanOrEqual(DESCRIBE_ROAD_M)
      expect(d.label.startsWith(`${d.road.name}旁 · `)).toBe(true)
    }
  })

  it('gives a point in the river the nearest named road and the river, and no building to be in', async () => {
    // A point of the river within 100 m of a named road (the river's middle may be farther than the reach).
    const { rows } = await t.db.pool.query(
      `WITH river AS (SELECT name, geom FROM landuse WHERE kind = 'water' AND name IS NOT NULL ORDER BY id LIMIT 1),
            road AS (SELECT e.geom FROM walk_edges e, river r WHERE e.name IS NOT NULL
                     ORDER BY ST_Distance(e.geom::geography, r.geom::geography), e.id LIMIT 1),
            spot AS (SELECT r.name, ST_PointOnSurface(ST_Intersection(r.geom, ST_Buffer(road.geom::geography, 100)::geometry)) AS pt FROM river r, road)
       SELECT s.name, ST_X(s.pt) AS lng, ST_Y(s.pt) AS lat,
              (SELECT e.name FROM walk_edges e WHERE e.name IS NOT NULL ORDER BY ST_Distance(e.geom::geography, s.pt::geography), e.id LIMIT 1) AS nearest,
              (SELECT min(ST_Distance(e.geom::geography, s.pt::geography)) FROM walk_edges e WHERE e.name IS NOT NULL) AS nearest_m
       FROM spot s`,
    )
    const r = rows[0]
    expect(r, 'the demo district has a named river').toBeTruthy()
    const d = await one(r.lng, r.lat)
    expect(d.road).toEqual({ name: r.nearest, distanceM: Math.round(r.nearest_m * 10) / 10 })
    expect(d.landuse).toEqual({ kind: 'water', name: r.name })
    expect(d.building?.distanceM ?? Infinity).toBeGreaterThan(0)
    expect(d.compound).toBeNull()
    expect(d.label).toContain(`${r.nearest}旁`)
  })

  it('describes a batch in order, says nothing it does not know far outside the district, and refuses bad input', async () => {
    const { rows } = await t.db.pool.query(`SELECT ST_X(ST_PointOnSurface(footprint)) AS lng, ST_Y(ST_PointOnSurface(footprint)) AS lat, name FROM buildings ORDER BY id LIMIT 3`)
    const points = [...rows.map((r) => ({ lng: r.lng, lat: r.lat })), { lng: 10, lat: 10 }]
    const res = await t.app.inject({ method: 'POST', url: '/api/places/describe', payload: { points } })
    expect(res.statusCode, res.body).toBe(200)
    const items = res.json().items
    expect(items.map((d: any) => [d.lng, d.lat])).toEqual(points.map((p) => [p.lng, p.lat]))
    expect(items.slice(0, 3).map((d: any) => d.building?.name)).toEqual(rows.map((r) => r.name))
    expect(items[3]).toMatchObject({ road: null, building: null, compound: null, grid: null, community: null, street: null, label: '10.00000, 10.00000' })

    const bad = [
      '/api/places/describe',
      '/api/places/describe?lng=117',
      '/api/places/describe?lng=200&lat=30',
      '/api/places/describe?lng=117&lat=-91',
      '/api/places/describe?lng=east&lat=30',
      '/api/places/describe?lng=117&lat=30&x=1',
    ]
    for (const url of bad) {
      const r = await t.app.inject(url)
      expect(r.statusCode, url).toBe(400)
      expect(r.json()).toMatchObject({ error: expect.any(String), message: expect.any(String), code: expect.any(String) })
    }
    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/places/describe', payload: payload as object })
    const tooMany = Array.from({ length: 201 }, () => ({ lng: 117, lat: 30 }))
    for (const payload of [{}, { points: [] }, { points: tooMany }, { points: [{ lng: 117 }] }, { points: [{ lng: 'a', lat: 30 }] }]) {
      expect((await post(payload)).statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400)
    }
    expect((await post({ points: tooMany.slice(0, 200) })).statusCode).toBe(200)
  })

  it('answers any signed-in role and nobody anonymous', async () => {
    expect((await t.raw({ method: 'GET', url: '/api/places/describe?lng=117&lat=30' })).statusCode).toBe(401)
    expect((await t.raw({ method: 'POST', url: '/api/places/describe', payload: { points: [{ lng: 117, lat: 30 }] } })).statusCode).toBe(401)
    // Names are the district's geography, like the map's layers: a grid worker reads them outside the grid too.
    const cookie = await t.signIn('grid', DEMO_PASSWORD)
    expect((await t.raw({ method: 'GET', url: '/api/places/describe?lng=117&lat=30', headers: { cookie } })).statusCode).toBe(200)
  })
})
