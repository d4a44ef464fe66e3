/**
 * Vector tile sets and their TileJSON on both databases: the embedded PostGIS cuts with geojson-vt,
 * a real PostGIS with ST_AsMVT; both give valid MVT with the same features. Tiles follow the data:
 * a geography change (dataset revision) and a new case (case log) show up without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { tileOf } from '../helpers/tile-math.ts'
import { until } from '../helpers/until.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'
import { createTileService } from '../../server/plugins/tiles/tile-service.ts'
import { findTileSet } from '../../server/plugins/tiles/tilesets.ts'

const decode = (payload: Buffer | Uint8Array) => new VectorTile(new Pbf(payload))
const ids = (tile: VectorTile, layer: string) => {
  const l = tile.layers[layer]
  return l ? Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties.id)).sort() : []
}

describe.each(testDatabases())('vector tiles on the $name database', (target) => {
  let t: TestApp
  let centre: [number, number]
  let place: Place
  beforeAll(async () => {
    t = await openTestApp(target)
    centre = (await t.app.inject('/api/config')).json().district.center
    ;[place] = await buildingPlaces(t.db.pool, 1, 165)
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const tileAt = async (set: string, lng: number, lat: number, z: number) => {
    const { x, y } = tileOf(lng, lat, z)
    return get(`/tiles/${set}/${z}/${x}/${y}.pbf`)
  }

  it('lists the tile sets and describes each with TileJSON 3.0', async () => {
    const list = (await get('/tiles')).json()
    expect(list.tilesets.map((s: { id: string }) => s.id)).toEqual(['basemap', 'areas', 'stations', 'cases'])
    expect(list.backend).toBe(target.mode === 'embedded' ? 'geojson-vt' : 'postgis')
    const doc = (await get('/tiles/areas.json')).json()
    expect(doc.tilejson).toBe('3.0.0')
    expect(doc.tiles[0]).toMatch(/^http:\/\/[^/]+\/tiles\/areas\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=\d+$/)
    expect(doc.vector_layers.map((l: { id: string }) => l.id)).toEqual(['areas'])
    expect(doc.vector_layers[0].fields).toMatchObject({ id: 'String', level: 'String', name: 'String' })
    const [w, s, e, n] = doc.bounds
    expect(w).toBeLessThan(centre[0])
    expect(e).toBeGreaterThan(centre[0])
    expect(s).toBeLessThan(centre[1])
    expect(n).toBeGreaterThan(centre[1])
    expect((await get('/tiles/nothing.json')).statusCode).toBe(404)
  })

  it('cuts valid MVT with the expected layers at several zooms', async () => {
    for (const z of [11, 13, 15, 16]) {
      const base = await tileAt('basemap', centre[0], centre[1], z)
      expect(base.statusCode, `basemap z${z}`).toBe(200)
      expect(base.headers['content-type']).toContain('application/x-protobuf')
      const tile = decode(base.rawPayload)
      expect(Object.keys(tile.layers), `basemap z${z}`).toEqual(expect.arrayContaining(['roads', 'boundaries']))
      // Buildings start at zoom 14 (their layer's minzoom), as the map draws them.
      if (z >= 14) expect(tile.layers.buildings.extent, `basemap z${z}`).toBe(4096)
      else expect(tile.layers.buildings, `basemap z${z}`).toBeUndefined()
      const areas = decode((await tileAt('areas', centre[0], centre[1], z)).rawPayload)
      const levels = new Set(Array.from({ length: areas.layers.areas.length }, (_, i) => areas.layers.areas.feature(i).properties.level))
      expect(levels.has('grid'), `areas z${z}`).toBe(true)
    }
    const stations = decode((await tileAt('stations', centre[0], centre[1], 11)).rawPayload)
    const first = stations.layers.stations.feature(0)
    expect(first.properties).toMatchObject({ kind: expect.any(String), status: expect.any(String), name: expect.any(String) })
    expect(first.loadGeometry()[0]).toHaveLength(1)
    // Far outside the district there is nothing to draw.
    expect((await get('/tiles/basemap/16/0/0.pbf')).statusCode).toBe(204)
    expect((await get('/tiles/basemap/3/9/1.pbf')).statusCode).toBe(400)
    expect((await get('/tiles/areas/20/0/0.pbf')).statusCode).toBe(400)
  })

  it('answers a repeated request with 304 when the data has not changed', async () => {
    const first = await tileAt('basemap', centre[0], centre[1], 14)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"basemap-\d+-/)
    const { x, y } = tileOf(centre[0], centre[1], 14)
    const again = await t.app.inject({ method: 'GET', url: `/tiles/basemap/14/${x}/${y}.pbf`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
  })

  it('shows a new case in the case tiles within seconds, without personal data', async () => {
    const res = await postCase(t.app, intakeBody({ lng: place.lng, lat: place.lat }, { category: 'noise' }))
    expect(res.statusCode).toBe(201)
    const id = String(res.json().id)
    let tile: VectorTile | undefined
    await until(async () => {
      const r = await tileAt('cases', place.lng, place.lat, 16)
      if (r.statusCode !== 200) return false
      tile = decode(r.rawPayload)
      return ids(tile, 'cases').includes(id)
    }, `case ${id} in its z16 tile`, 20_000, 250)
    const layer = tile!.layers.cases
    const props = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties)
    const mine = props.find((p) => String(p.id) === id)!
    expect(mine).toMatchObject({ category: 'noise', status: 'received', class721: 'enforcement' })
    expect(Object.keys(mine).sort()).toEqual(['category', 'class721', 'created', 'gridId', 'id', 'priority', 'status'])
  })

  it('shows changed geography after the dataset revision moves, without a restart', async () => {
    const [lng, lat] = [place.lng, place.lat]
    const id = `tile-test-${target.name}-${process.pid}`
    const d = 0.0004
    const before = decode((await tileAt('basemap', lng, lat, 16)).rawPayload)
    expect(before.layers.water ? ids(before, 'water') : []).not.toContain(id)
    await t.db.pool.query(
      `INSERT INTO landuse (id, kind, name, geom) VALUES ($1, 'water', '测试水面', ST_MakeEnvelope($2, $3, $4, $5, 4326))`,
      [id, lng - d, lat - d, lng + d, lat + d],
    )
    await t.db.pool.query('UPDATE dataset_info SET revision = revision + 1')
    try {
      await until(async () => {
        const tile = decode((await tileAt('basemap', lng, lat, 16)).rawPayload)
        const water = tile.layers.water
        return !!water && Array.from({ length: water.length }, (_, i) => water.feature(i).properties.name).includes('测试水面')
      }, 'the new water polygon in its tile', 30_000, 500)
    } finally {
      await t.db.pool.query('DELETE FROM landuse WHERE id = $1', [id])
      await t.db.pool.query('UPDATE dataset_info SET revision = revision + 1')
    }
  })

  it.skipIf(target.mode === 'embedded')('gives the same features from ST_AsMVT as from geojson-vt (skipped on the embedded PostGIS: no protobuf, no ST_AsMVT)', async () => {
    const mvt = await createTileService(t.db.pool, { backend: 'postgis' })
    const memory = await createTileService(t.db.pool, { backend: 'geojson-vt' })
    for (const [setId, layer, z] of [['basemap', 'buildings', 16], ['areas', 'areas', 13], ['stations', 'stations', 12]] as const) {
      const set = findTileSet(setId)!
      const { x, y } = tileOf(centre[0], centre[1], z)
      const a = decode((await mvt.tile(set, z, x, y)).tile!)
      const b = decode((await memory.tile(set, z, x, y)).tile!)
      expect(ids(a, layer).length, `${setId} z${z}`).toBeGreaterThan(0)
      expect(ids(a, layer), `${setId} z${z}`).toEqual(ids(b, layer))
    }
  })
})
