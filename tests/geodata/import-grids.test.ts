import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { importBuildingRegister } from '../../geodata/import/buildings/import-buildings.ts'
import { autoGrids } from '../../geodata/import/grids/auto-grids.ts'
import { MAX_SHARE } from '../../geodata/import/grids/grow-grids.ts'
import { STREET_KINDS } from '../../geodata/import/grids/street-blocks.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { createImportDatabase, IMPORT_DB_SKIP, RAW, type ImportTestDatabase } from '../helpers/import-database.ts'
import { OsmDrawing } from '../helpers/osm-xml.ts'

const HAIDIAN_PBF = join(RAW, 'beijing-haidian-cau-osm/map.osm.pbf')
const dir = mkdtempSync(join(tmpdir(), 'import-grids-'))
/** Grids must cover their community exactly once; this is the tolerance, in m², for floating-point slivers. */
const TOLERANCE_M2 = 1

async function areasFrom(pool: pg.Pool, levels: [string, string, string, number[][][]][]) {
  for (const [level, name, code, rings] of levels) {
    const f = join(dir, `${code}.geojson`)
    writeFileSync(f, JSON.stringify({ type: 'Feature', properties: { name, code }, geometry: { type: 'Polygon', coordinates: rings } }))
    await importAreas(pool, f, { level: level as 'district' })
  }
}

/** What every auto-grid run must give a community: exact cover, no overlap, nothing split, everything re-pointed. */
async function checkPartition(pool: pg.Pool, community: string) {
  const cover = (await pool.query(
    `SELECT ST_Area(ST_SymDifference(ST_Union(g.geom), c.geom)::geography) AS symdiff,
            (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) FROM areas a JOIN areas b
               ON a.id < b.id AND a.parent_id = $1 AND b.parent_id = $1 AND a.geom && b.geom) AS overlap
     FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.parent_id = $1 GROUP BY c.geom`, [community])).rows[0]
  expect(cover.symdiff).toBeLessThan(TOLERANCE_M2)
  expect(cover.overlap).toBeLessThan(TOLERANCE_M2)
  // Every building's and every compound's outline (inside the community) lies in its own grid.
  const split = (await pool.query(
    `SELECT 'building ' || b.id AS what FROM buildings b JOIN areas g ON g.id = b.grid_id
     WHERE g.parent_id = $1 AND ST_Area(ST_Difference(ST_Intersection(b.footprint, (SELECT geom FROM areas WHERE id = $1)), g.geom)::geography) > 0.01
     UNION ALL
     SELECT 'compound ' || k.id FROM compounds k JOIN areas g ON g.id = k.grid_id
     WHERE g.parent_id = $1 AND ST_Area(ST_Difference(ST_Intersection(k.geom, (SELECT geom FROM areas WHERE id = $1)), g.geom)::geography) > 0.01
     UNION ALL
     SELECT 'building ' || b.id || ' apart from its compound' FROM buildings b JOIN compounds k ON k.id = b.compound_id WHERE b.grid_id <> k.grid_id`,
    [community])).rows
  expect(split).toEqual([])
  const stray = await pool.query("SELECT count(*)::int AS n FROM buildings b JOIN areas a ON a.id = b.grid_id WHERE a.level <> 'grid'")
  expect(stray.rows[0].n).toBe(0)
}

/** Share of the grids' inner boundaries (not the community's own) within 5 m of a street. */
async function onStreets(pool: pg.Pool, community: string, except?: string): Promise<number> {
  const { rows } = await pool.query(
    `WITH c AS (SELECT geom FROM areas WHERE id = $1),
     inner_lines AS (SELECT ST_Difference(ST_Union(ST_Boundary(g.geom)), ST_Buffer(ST_Boundary(c.geom), 1e-7)) AS l FROM areas g, c WHERE g.parent_id = $1 GROUP BY c.geom),
     kept AS (SELECT CASE WHEN $3::text IS NULL THEN l ELSE ST_Difference(l, ST_GeomFromGeoJSON($3)) END AS l FROM inner_lines),
     streets AS (SELECT ST_Union(e.geom) AS s FROM walk_edges e, c WHERE e.kind = ANY($2) AND e.compound_id IS NULL AND ST_Intersects(e.geom, c.geom))
     SELECT ST_Length(ST_Intersection(l, ST_Buffer(s::geography, 5)::geometry)::geography) / ST_Length(l::geography) AS share FROM kept, streets`,
    [community, STREET_KINDS, except ?? null],
  )
  return rows[0].share
}

describe.skipIf(IMPORT_DB_SKIP)(`grids --auto${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  const opened: ImportTestDatabase[] = []
  afterAll(async () => {
    for (const db of opened) await db.drop()
  })

  it('cuts a drawn community by its streets, keeps a compound and a building that straddle a cut whole, and divides a crowded block', async () => {
    const db = await createImportDatabase('grids_drawn')
    opened.push(db)
    // Six 200 m blocks between streets at y = 200 and x = 200, 400. The south-west block is crowded (a
    // walled compound of 300 households and four buildings of 125); one building straddles the street x = 200.
    const d = new OsmDrawing([116.3, 39.95])
    const box = (x0: number, y0: number, x1: number, y1: number) => [[d.lngLat(x0, y0), d.lngLat(x1, y0), d.lngLat(x1, y1), d.lngLat(x0, y1), d.lngLat(x0, y0)]]
    await areasFrom(db.pool, [['district', '绘制区', '110199', box(-100, -100, 700, 500)], ['street', '绘制街道', '110199001', box(-100, -100, 700, 500)], ['community', '绘制社区', '110199001001', box(0, 0, 600, 400)]])
    d.way([d.node(-20, 200), d.node(200, 200), d.node(400, 200), d.node(620, 200)], { highway: 'residential' })
    for (const x of [200, 400]) d.way([d.node(x, -20), d.node(x, 420)], { highway: 'residential' })
    const compound = d.rect(20, 20, 180, 110, { landuse: 'residential', barrier: 'wall', name: '拥挤小区' })
    const register: [number, number][] = []
    for (const x of [30, 80, 130]) register.push([d.rect(x, 40, x + 30, 90, { building: 'residential' }), 100])
    for (const x of [20, 60, 110, 150]) register.push([d.rect(x, 140, x + 30, 180, { building: 'residential' }), 125])
    for (const x of [240, 320, 440, 520]) register.push([d.rect(x, 60, x + 40, 120, { building: 'residential' }), 100])
    register.push([d.rect(60, 260, 120, 320, { building: 'residential' }), 150])
    const straddler = d.rect(190, 250, 230, 280, { building: 'residential' })
    register.push([straddler, 100], [d.rect(260, 300, 320, 360, { building: 'residential' }), 200])
    const file = join(dir, 'drawn.osm')
    writeFileSync(file, d.xml())
    await importOsm(db.pool, file)
    const csv = join(dir, 'households.csv')
    writeFileSync(csv, ['楼栋编号,户数', ...register.map(([id, h]) => `${id},${h}`)].join('\n'))
    expect((await importBuildingRegister(db.pool, csv)).loaded.buildings).toBe(register.length)

    const r = await autoGrids(db.pool, { targetHouseholds: 400 })
    const community = 'area-110199001001'
    const grids = (await db.pool.query(`SELECT a.id, a.code, a.name, t.households, ST_NumGeometries(a.geom) AS parts FROM areas a JOIN area_totals t ON t.area_id = a.id
      WHERE a.parent_id = $1 ORDER BY a.code`, [community])).rows
    console.log('grids --auto on the drawn community:', JSON.stringify(r.details))
    expect(r.details.communities).toMatchObject([{ community, streetBlocks: 6, blocksDivided: 1 }])
    expect(grids.map((g) => g.households).reduce((a, b) => a + b)).toBe(1650)
    expect(grids.length).toBe(4)
    for (const g of grids) {
      expect(g.households).toBeGreaterThanOrEqual(200)
      expect(g.households).toBeLessThanOrEqual(MAX_SHARE * 400)
      expect(g.parts).toBe(1)
    }
    expect(grids[0]).toMatchObject({ code: '11019900100101', name: '绘制社区第1网格' })
    await checkPartition(db.pool, community)
    // The compound and the straddling building each sit wholly in one grid.
    const homes = (await db.pool.query('SELECT count(DISTINCT grid_id)::int AS n FROM buildings WHERE compound_id = $1', [`osm-w${compound}`])).rows[0].n
    expect(homes).toBe(1)
    // Away from the crowded block (divided along its buildings) and the straddler, grid edges are streets.
    const crowded = JSON.stringify({ type: 'Polygon', coordinates: box(-1, -1, 199, 199) })
    expect(await onStreets(db.pool, community, crowded)).toBeGreaterThan(0.85)
  })

  it.skipIf(!existsSync(HAIDIAN_PBF))(`draws street-following grids on Haidian that cover the community once${existsSync(HAIDIAN_PBF) ? '' : ` (${HAIDIAN_PBF} not found)`}`, async () => {
    const db = await createImportDatabase('grids')
    opened.push(db)
    // One district, street and community around the Haidian extract (bbox from its SOURCE.md).
    const ring = [[[116.343, 39.997], [116.361, 39.997], [116.361, 40.01], [116.343, 40.01], [116.343, 39.997]]]
    await areasFrom(db.pool, [['district', '样例区', '110108', ring], ['street', '样例街道', '110108001', ring], ['community', '样例社区', '110108001001', ring]])
    await importOsm(db.pool, HAIDIAN_PBF)
    const community = 'area-110108001001'
    const total = (await db.pool.query('SELECT households FROM area_totals WHERE area_id = $1', [community])).rows[0].households
    expect(total).toBeGreaterThan(1000)
    const r = await autoGrids(db.pool, { targetHouseholds: 400 })
    const share = await onStreets(db.pool, community)
    console.log(`grids --auto on Haidian: ${total} households →`, JSON.stringify(r.details), `${Math.round(share * 100)} % of inner grid edges within 5 m of a street`)
    const grids = (await db.pool.query(`SELECT a.id, a.code, a.name, t.households, ST_NumGeometries(a.geom) AS parts FROM areas a JOIN area_totals t ON t.area_id = a.id
      WHERE a.level = 'grid' AND a.parent_id = $1 ORDER BY a.code`, [community])).rows
    expect(Math.abs(grids.length - Math.round(total / 400))).toBeLessThanOrEqual(2)
    expect(grids[0]).toMatchObject({ id: 'area-11010800100101', code: '11010800100101', name: '样例社区第1网格' })
    expect(grids.reduce((s, g) => s + g.households, 0)).toBe(total)
    expect(r.details.householdsPerGrid).toMatchObject({ grids: grids.length, min: Math.min(...grids.map((g) => g.households)), max: Math.max(...grids.map((g) => g.households)) })
    for (const g of grids) {
      expect(g.households).toBeGreaterThanOrEqual(0.5 * 400)
      expect(g.households).toBeLessThanOrEqual(MAX_SHARE * 400)
    }
    await checkPartition(db.pool, community)
    // Grid edges run along streets except where a campus-sized block had to be divided along its buildings
    // (the spacing-only grids before this drew 15 % of their edges on streets).
    expect(share).toBeGreaterThan(0.5)
    await expect(autoGrids(db.pool, { targetHouseholds: 400 })).rejects.toThrow(/no community without grids/)
  })
})
