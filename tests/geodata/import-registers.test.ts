import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import gcoord from 'gcoord'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { importBuildingRegister } from '../../geodata/import/buildings/import-buildings.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { importStations } from '../../geodata/import/stations/import-stations.ts'
import { importWorkers } from '../../geodata/import/workers/import-workers.ts'
import { createImportDatabase, IMPORT_DB_SKIP, RAW, type ImportTestDatabase } from '../helpers/import-database.ts'

const HAIDIAN_PBF = join(RAW, 'beijing-haidian-cau-osm/map.osm.pbf')
const dir = mkdtempSync(join(tmpdir(), 'import-registers-'))
const hasOgr = (() => {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const toGcj = (p: [number, number]) => gcoord.transform([...p] as [number, number], gcoord.WGS84, gcoord.GCJ02) as [number, number]

describe.skipIf(IMPORT_DB_SKIP)(`register imports${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  let db: ImportTestDatabase
  beforeAll(async () => {
    db = await createImportDatabase('registers')
  })
  afterAll(async () => db?.drop())

  it('loads a Chinese-headed stations CSV in GCJ-02, reports bad lines, and re-runs to the same rows', async () => {
    const district = join(dir, 'district.geojson')
    const ring = [[116.3, 39.9], [116.32, 39.9], [116.32, 39.92], [116.3, 39.92], [116.3, 39.9]]
    writeFileSync(district, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '站点测试区', code: '110198' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }))
    await importAreas(db.pool, district, { level: 'district' })

    const a: [number, number] = [116.305, 39.905], b: [number, number] = [116.315, 39.915]
    const [ax, ay] = toGcj(a), [bx, by] = toGcj(b)
    const csv = join(dir, 'stations.csv')
    writeFileSync(csv, [
      '编号,名称,类型,状态,地址,经度,纬度,坐标系,面积,服务项目',
      `S001,和平社区党群服务中心,社区党群服务中心,在用,和平路1号,${ax},${ay},GCJ-02,320,党员教育、议事协商`,
      `S002,和平红色驿站,red_post,规划,,${bx},${by},gcj02,,`,
      'S003,坏类型,不存在的类型,在用,,116.31,39.91,,,',
      'S004,远处驿站,红色驿站,在用,,120.1,30.2,,,',
      'S005,颠倒坐标,红色驿站,在用,,39.91,116.31,,,',
    ].join('\n'))
    const r = await importStations(db.pool, csv)
    expect(r.loaded.stations).toBe(2)
    expect(r.rejected.map((x) => x.where)).toEqual(['line 4', 'line 5', 'line 6'])
    expect(r.rejected[0].reasons[0]).toMatch(/不存在的类型/)
    expect(r.rejected[1].reasons).toEqual(['outside every area'])
    expect(r.rejected[2].reasons[0]).toMatch(/outside China/)
    const rows = async () => (await db.pool.query(
      `SELECT id, name, kind, status, area_id, floor_area, services, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS off_a
       FROM stations ORDER BY id`, a)).rows
    const first = await rows()
    expect(first.map((s) => [s.id, s.kind, s.status, s.area_id])).toEqual([
      ['station-S001', 'community_center', 'in_service', 'area-110198'],
      ['station-S002', 'red_post', 'planned', 'area-110198'],
    ])
    // GCJ-02 in, WGS-84 stored: back within a metre of where it was (the offset here is ~ 600 m).
    expect(first[0].off_a).toBeLessThan(1)
    expect(first[0].services).toEqual(['党员教育', '议事协商'])

    await importStations(db.pool, csv)
    expect(await rows()).toEqual(first)

    // --strict: one bad row and nothing is written, not even the good row's change.
    const strict = join(dir, 'strict.csv')
    writeFileSync(strict, ['名称,类型,经度,纬度,编号', `改名中心,社区党群服务中心,${a[0]},${a[1]},S001`, '无坐标,红色驿站,,,S009'].join('\n'))
    await expect(importStations(db.pool, strict, { strict: true })).rejects.toThrow(/line 3: neither coordinates/)
    expect(await rows()).toEqual(first)
  })

  it('loads grid workers by role name and area code, and rejects an unknown area by line', async () => {
    const csv = join(dir, 'workers.csv')
    writeFileSync(csv, ['姓名,电话,角色,所属区域', '张三,13800000000,网格员,110198', '李四,,政法干警,站点测试区', '王五,,网格员,999999', '赵六,abc,厨师,110198'].join('\n'))
    const r = await importWorkers(db.pool, csv)
    expect(r.loaded.workers).toBe(2)
    expect(r.rejected.map((x) => [x.where, x.reasons.length])).toEqual([['line 4', 1], ['line 5', 2]])
    expect(r.rejected[0].reasons[0]).toBe("area '999999' is no area in the database")
    await importWorkers(db.pool, csv)
    expect((await db.pool.query('SELECT name, role, area_id FROM workers ORDER BY name')).rows).toEqual([
      { name: '张三', role: 'grid_worker', area_id: 'area-110198' },
      { name: '李四', role: 'police_liaison', area_id: 'area-110198' },
    ])
  })

  it.skipIf(!hasOgr)(`reads the same register as an Excel workbook, reporting row numbers${hasOgr ? '' : ' (ogr2ogr not found to write one)'}`, async () => {
    const before = (await db.pool.query('SELECT id, name, kind, status, area_id, ST_AsText(geom) AS g FROM stations ORDER BY id')).rows
    expect(before).toHaveLength(2)
    const xlsx = join(dir, 'stations.xlsx')
    execFileSync('ogr2ogr', ['-f', 'XLSX', xlsx, join(dir, 'stations.csv')])
    const r = await importStations(db.pool, xlsx)
    expect(r.loaded.stations).toBe(2)
    expect(r.rejected.map((x) => x.where)).toEqual(['row 4', 'row 5', 'row 6'])
    expect((await db.pool.query('SELECT id, name, kind, status, area_id, ST_AsText(geom) AS g FROM stations ORDER BY id')).rows).toEqual(before)
  })

  it.skipIf(!existsSync(HAIDIAN_PBF))(`a building register overrides the OSM estimates, and a later OSM import keeps it${existsSync(HAIDIAN_PBF) ? '' : ` (${HAIDIAN_PBF} not found)`}`, async () => {
    const own = await createImportDatabase('register_buildings')
    try {
      await importOsm(own.pool, HAIDIAN_PBF, { makeDistrict: '海淀样例区' })
      const picked = (await own.pool.query<{ id: string; x: number; y: number }>(
        `SELECT id, ST_X(ST_PointOnSurface(footprint)) AS x, ST_Y(ST_PointOnSurface(footprint)) AS y FROM buildings ORDER BY id LIMIT 2`)).rows
      const [px, py] = toGcj([picked[1].x, picked[1].y])
      const csv = join(dir, 'buildings.csv')
      writeFileSync(csv, [
        '楼栋编号,经度,纬度,坐标系,层数,户数,人口,党员户',
        `${picked[0].id.replace('osm-w', '')},,,,18,144,380,12`,
        `,${px},${py},gcj02,6,36,90,3`,
        '999999999999,,,,6,10,20,1',
        `${picked[0].id.replace('osm-w', '')},,,,5,10,20,30`,
      ].join('\n'))
      const r = await importBuildingRegister(own.pool, csv)
      expect(r.loaded.buildings).toBe(2)
      expect(r.rejected.map((x) => [x.where, x.reasons[0]])).toEqual([
        ['line 4', "building id '999999999999' is no building in the database"],
        ['line 5', '党员户 30 exceeds 户数 10'],
      ])
      const figures = async () => (await own.pool.query(
        'SELECT id, floors, households, residents, party_member_households AS p, registered FROM buildings WHERE id = ANY($1) ORDER BY id', [picked.map((p) => p.id)])).rows
      expect(await figures()).toEqual([
        { id: picked[0].id, floors: 18, households: 144, residents: 380, p: 12, registered: true },
        { id: picked[1].id, floors: 6, households: 36, residents: 90, p: 3, registered: true },
      ])
      const before = await figures()
      await importOsm(own.pool, HAIDIAN_PBF)
      expect(await figures()).toEqual(before)
    } finally {
      await own.drop()
    }
  })
})
