import { maskPhone } from '../../server/lib/mask.ts'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import gcoord from 'gcoord'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { importParty } from '../../geodata/import/party/import-party.ts'
import { openTestApp } from '../helpers/databases.ts'
import { createImportDatabase, IMPORT_DB_SKIP, type ImportTestDatabase } from '../helpers/import-database.ts'
import { OsmDrawing } from '../helpers/osm-xml.ts'

const dir = mkdtempSync(join(tmpdir(), 'import-party-'))
const osm = new OsmDrawing([116.4, 39.9])

/** A community of two grids (west and east half) with five numbered buildings on 和平路 and a street. */
async function district(pool: ImportTestDatabase['pool']) {
  const box = (x0: number, y0: number, x1: number, y1: number) => [[osm.lngLat(x0, y0), osm.lngLat(x1, y0), osm.lngLat(x1, y1), osm.lngLat(x0, y1), osm.lngLat(x0, y0)]]
  const levels = [
    ['district', [{ name: '样例区', code: '110101', geom: box(-100, -100, 500, 400) }]],
    ['street', [{ name: '样例街道', code: '110101001', geom: box(-100, -100, 500, 400) }]],
    ['community', [{ name: '和平社区', code: '110101001001', geom: box(0, 0, 400, 300) }]],
    ['grid', [{ name: '和平社区第1网格', code: '11010100100101', geom: box(0, 0, 200, 300) }, { name: '和平社区第2网格', code: '11010100100102', geom: box(200, 0, 400, 300) }]],
  ] as const
  for (const [level, areas] of levels) {
    const f = join(dir, `${level}.geojson`)
    writeFileSync(f, JSON.stringify({ type: 'FeatureCollection', features: areas.map((a) => ({ type: 'Feature', properties: { name: a.name, code: a.code }, geometry: { type: 'Polygon', coordinates: a.geom } })) }))
    await importAreas(pool, f, { level })
  }
  osm.way([osm.node(-50, 150), osm.node(450, 150)], { highway: 'residential', name: '和平路' })
  const spots = [[20, 20], [100, 20], [220, 20], [300, 20], [300, 200]]
  spots.forEach(([x, y], i) => osm.rect(x, y, x + 40, y + 30, { building: 'residential', 'addr:street': '和平路', 'addr:housenumber': String(i + 1) }))
  const file = join(dir, 'map.osm')
  writeFileSync(file, osm.xml())
  await importOsm(pool, file)
}

describe.skipIf(IMPORT_DB_SKIP)(`party register${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  let db: ImportTestDatabase
  beforeAll(async () => {
    db = await createImportDatabase('party')
    await district(db.pool)
  })
  afterAll(async () => db?.drop())

  const orgs = async () => (await db.pool.query('SELECT id, kind, name, area_id, building_id, parent_id, members, secretary FROM party_orgs ORDER BY id')).rows
  const households = async () => (await db.pool.query('SELECT id, building_id, org_id, householder, phone FROM party_households ORDER BY id')).rows

  it('loads 党委 → 支部 → 小组 and 党员中心户 by area and building, rejects bad rows by line, and re-runs to the same rows', async () => {
    const buildings = (await db.pool.query<{ id: string; name: string; x: number; y: number }>(
      'SELECT id, name, ST_X(ST_PointOnSurface(footprint)) AS x, ST_Y(ST_PointOnSurface(footprint)) AS y FROM buildings ORDER BY name')).rows
    expect(buildings.map((b) => b.name)).toEqual(['和平路1号', '和平路2号', '和平路3号', '和平路4号', '和平路5号'])
    const [b1, b2, b3, b4] = buildings
    const [gx, gy] = gcoord.transform([b3.x, b3.y], gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const csv = join(dir, 'party.csv')
    writeFileSync(csv, [
      '类型,组织名称,所属区域,上级组织,楼栋编号,地址,经度,纬度,坐标系,党员数,书记,户主,电话',
      '社区党委,,110101001001,,,,,,,40,王书记,,', // 2
      '网格党支部,第一网格党支部,11010100100101,,,,,,,12,李支书,,', // 3
      ',,11010100100102,,,,,,,9,赵支书,,', // 4: kind from the area's level
      `党小组,,,,${b1.id.replace('osm-w', '')},,,,,5,张组长,,`, // 5: by OSM way id
      '党小组,,,第一网格党支部,,和平路2号,,,,4,,,', // 6: by address, named parent
      `楼栋党小组,,,,,,${gx},${gy},GCJ-02,3,,,`, // 7: by coordinates in GCJ-02
      '党员中心户,,,,,和平路2号,,,,,,陈大妈,13912345678', // 8
      `党员中心户,,,,w${b1.id.replace('osm-w', '')},,,,,,,刘大爷,`, // 9
      '居委会,,110101001001,,,,,,,,,,', // 10
      '网格党支部,,110101001001,,,,,,,,,,', // 11
      '党小组,,,,,和平路99号,,,,,,,', // 12
      '党员中心户,,,,,和平路5号,,,,,,孙阿姨,', // 13
      '党员中心户,,,,,和平路1号,,,,,,,', // 14
      `党小组,,,,${b1.id.replace('osm-w', '')},,,,,,,,`, // 15
      '党小组,,,不存在的支部,,和平路4号,,,,,,,', // 16
      '党员中心户,,,,,和平路4号,,,,,,钱叔叔,', // 17
      '街道党工委,,110101001,第一网格党支部,,,,,,,,,', // 18
      '党员中心户,,,,,和平路2号,,,,,,周阿姨,abc', // 19
      '党小组,,,,,和平路3号,,,,abc,,,', // 20
    ].join('\n'))
    const r = await importParty(db.pool, csv)
    expect(r.rejected.map((x) => [x.where, x.reasons.join('; ')])).toEqual([
      ['line 10', "类型 '居委会' is not one of 区委、街道党工委、社区党委、网格党支部、楼栋党小组、党员中心户"],
      ['line 11', "a 网格党支部 covers a 网格, but 所属区域 '110101001001' is a 社区"],
      ['line 12', "address '和平路99号' matches no building name"],
      ['line 13', "its building has no 党小组 in the register or loaded (a 党员中心户 belongs to its building's party group); name one in 所属组织"],
      ['line 14', 'a 党员中心户 row needs 户主 (householder)'],
      ['line 15', 'repeats line 5 (one 楼栋党小组 per building)'],
      ['line 16', "上级组织 '不存在的支部' is neither in the register nor loaded"],
      ['line 17', "its building's 党小组 (line 16) was rejected"],
      ['line 18', "上级组织 '第一网格党支部' is a 网格党支部, which does not rank above a 街道党工委"],
      ['line 19', "电话 'abc' is not a phone number"],
      ['line 20', "党员数 'abc' must be a whole number ≥ 0"],
    ])
    expect(r.loaded).toEqual({ party_orgs: 6, party_households: 2 })

    const c = 'PO-area-110101001001', g1 = 'PO-area-11010100100101', g2 = 'PO-area-11010100100102'
    const first = await orgs()
    expect(first).toEqual([
      { id: c, kind: 'community_committee', name: '中共和平社区委员会', area_id: 'area-110101001001', building_id: null, parent_id: null, members: 40, secretary: '王书记' },
      { id: g1, kind: 'grid_branch', name: '第一网格党支部', area_id: 'area-11010100100101', building_id: null, parent_id: c, members: 12, secretary: '李支书' },
      { id: g2, kind: 'grid_branch', name: '和平社区第2网格党支部', area_id: 'area-11010100100102', building_id: null, parent_id: c, members: 9, secretary: '赵支书' },
      { id: `PO-${b1.id}`, kind: 'building_group', name: '和平路1号党小组', area_id: 'area-11010100100101', building_id: b1.id, parent_id: g1, members: 5, secretary: '张组长' },
      { id: `PO-${b2.id}`, kind: 'building_group', name: '和平路2号党小组', area_id: 'area-11010100100101', building_id: b2.id, parent_id: g1, members: 4, secretary: null },
      { id: `PO-${b3.id}`, kind: 'building_group', name: '和平路3号党小组', area_id: 'area-11010100100102', building_id: b3.id, parent_id: g2, members: 3, secretary: null },
    ].sort((a, b) => a.id.localeCompare(b.id)))
    const firstHouseholds = await households()
    expect(firstHouseholds.map(({ id: _id, ...h }) => h).sort((a, b) => a.householder.localeCompare(b.householder))).toEqual([
      { building_id: b1.id, org_id: `PO-${b1.id}`, householder: '刘大爷', phone: null },
      { building_id: b2.id, org_id: `PO-${b2.id}`, householder: '陈大妈', phone: '13912345678' },
    ].sort((a, b) => a.householder.localeCompare(b.householder)))
    expect(b4.id).toBeTruthy()

    // Organisation coverage (组织覆盖率) counts the building groups.
    const totals = await db.pool.query("SELECT party_groups FROM area_totals WHERE area_id = 'area-110101001001'")
    expect(totals.rows[0].party_groups).toBe(3)

    // The personal data sits where the building card reads it, and leaves masked as the demo's does.
    const api = await openTestApp({ name: 'external', url: db.url, mode: 'external' })
    try {
      const card = (await api.app.inject({ method: 'GET', url: `/api/buildings/${b2.id}` })).json()
      expect(card.properties.partyHouseholds).toEqual([{ householder: '陈**', phone: maskPhone('13912345678') }])
      expect(card.properties.partyGroup).toEqual({ name: '和平路2号党小组', secretary: null, members: 4 })
    } finally {
      await api.close()
    }

    const again = await importParty(db.pool, csv)
    expect(again.rejected).toEqual(r.rejected)
    expect(await orgs()).toEqual(first)
    expect(await households()).toEqual(firstHouseholds)
  })

  it('--strict writes nothing when a row is bad; a later register hangs from what is loaded', async () => {
    const before = { orgs: await orgs(), households: await households() }
    const strict = join(dir, 'strict.csv')
    writeFileSync(strict, ['类型,所属区域,楼栋编号,书记,党员数', '网格党支部,11010100100101,,新书记,13', '党小组,,999,,'].join('\n'))
    await expect(importParty(db.pool, strict, { strict: true })).rejects.toThrow(/line 3: building id '999' is no building/)
    expect({ orgs: await orgs(), households: await households() }).toEqual(before)

    // English headers; the 中心户's group and the building group's branch come from the database.
    const b4 = (await db.pool.query("SELECT id FROM buildings WHERE name = '和平路4号'")).rows[0].id as string
    const later = join(dir, 'later.csv')
    writeFileSync(later, ['kind,building,householder,phone,members', `building_group,${b4},,,2`, `central_household,${b4},Wang Wu,+86 139 0000 1111,`].join('\n'))
    const r = await importParty(db.pool, later)
    expect(r.rejected).toEqual([])
    const rows = (await db.pool.query('SELECT o.parent_id, h.org_id FROM party_orgs o JOIN party_households h ON h.org_id = o.id WHERE o.building_id = $1', [b4])).rows
    expect(rows).toEqual([{ parent_id: 'PO-area-11010100100102', org_id: `PO-${b4}` }])
  })
})
