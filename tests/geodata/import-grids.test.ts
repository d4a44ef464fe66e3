import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { autoGrids } from '../../geodata/import/grids/auto-grids.ts'
import { partitionUnits } from '../../geodata/import/grids/partition.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { createImportDatabase, IMPORT_DB_SKIP, RAW, type ImportTestDatabase } from '../helpers/import-database.ts'

const HAIDIAN_PBF = join(RAW, 'beijing-haidian-cau-osm/map.osm.pbf')

describe('partitionUnits', () => {
  it('splits by households into compact groups and keeps every unit once', () => {
    // Ten units along a line with 100 households each, one heavy unit of 500 at the east end.
    const units = [...Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, x: 116 + i * 0.001, y: 40, households: 100 })), { id: 'big', x: 116.011, y: 40, households: 500 }]
    const groups = partitionUnits(units, 4)
    expect(groups).toHaveLength(4)
    expect(groups.flat().map((u) => u.id).sort()).toEqual(units.map((u) => u.id).sort())
    const sums = groups.map((g) => g.reduce((s, u) => s + u.households, 0))
    expect(sums.reduce((a, b) => a + b)).toBe(1500)
    expect(Math.max(...sums)).toBeLessThanOrEqual(500)
    // Compact: each group is a run of neighbours along the line.
    for (const g of groups) {
      const xs = g.map((u) => u.x).sort()
      expect(units.filter((u) => u.x >= xs[0] && u.x <= xs[xs.length - 1])).toHaveLength(g.length)
    }
  })
})

describe.skipIf(IMPORT_DB_SKIP || !existsSync(HAIDIAN_PBF))(`grids --auto${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : !existsSync(HAIDIAN_PBF) ? ` (${HAIDIAN_PBF} not found)` : ''}`, () => {
  let db: ImportTestDatabase
  beforeAll(async () => {
    db = await createImportDatabase('grids')
    const dir = mkdtempSync(join(tmpdir(), 'import-grids-'))
    // One district, street and community around the Haidian extract (bbox from its SOURCE.md).
    const ring = [[116.343, 39.997], [116.361, 39.997], [116.361, 40.01], [116.343, 40.01], [116.343, 39.997]]
    for (const [level, name, code] of [['district', '样例区', '110108'], ['street', '样例街道', '110108001'], ['community', '样例社区', '110108001001']] as const) {
      const f = join(dir, `${level}.geojson`)
      writeFileSync(f, JSON.stringify({ type: 'Feature', properties: { name, code }, geometry: { type: 'Polygon', coordinates: [ring] } }))
      await importAreas(db.pool, f, { level })
    }
    await importOsm(db.pool, HAIDIAN_PBF)
  })
  afterAll(async () => db?.drop())

  it('draws named, numbered grids of about the target size and re-points every building', async () => {
    const total = (await db.pool.query("SELECT households FROM area_totals WHERE area_id = 'area-110108001001'")).rows[0].households
    expect(total).toBeGreaterThan(1000)
    const r = await autoGrids(db.pool, { targetHouseholds: 400 })
    console.log(`grids --auto on Haidian: ${total} households →`, JSON.stringify(r.details.householdsPerGrid))
    const grids = (await db.pool.query(`SELECT a.id, a.code, a.name, t.households FROM areas a JOIN area_totals t ON t.area_id = a.id
      WHERE a.level = 'grid' AND a.parent_id = 'area-110108001001' ORDER BY a.code`)).rows
    expect(grids.length).toBe(Math.round(total / 400))
    expect(grids[0]).toMatchObject({ id: 'area-11010800100101', code: '11010800100101', name: '样例社区第1网格' })
    expect(grids.reduce((s, g) => s + g.households, 0)).toBe(total)
    expect(r.details.householdsPerGrid).toMatchObject({ grids: grids.length, min: Math.min(...grids.map((g) => g.households)), max: Math.max(...grids.map((g) => g.households)) })
    const stray = await db.pool.query("SELECT count(*)::int AS n FROM buildings b JOIN areas a ON a.id = b.grid_id WHERE a.level <> 'grid'")
    expect(stray.rows[0].n).toBe(0)
    // Grid outlines cover the community without overlapping.
    const cover = await db.pool.query(`SELECT ST_Area(ST_Union(geom)::geography) / (SELECT ST_Area(geom::geography) FROM areas WHERE id = 'area-110108001001') AS share,
      sum(ST_Area(geom::geography)) / ST_Area(ST_Union(geom)::geography) AS overlap FROM areas WHERE level = 'grid'`)
    expect(cover.rows[0].share).toBeCloseTo(1, 3)
    expect(cover.rows[0].overlap).toBeCloseTo(1, 3)
    await expect(autoGrids(db.pool, { targetHouseholds: 400 })).rejects.toThrow(/no community without grids/)
  })
})
