/**
 * The export file machinery without a database: the GeoPackage geometry blob, column typing, the
 * attachment header, query error messages, and a GeoPackage file written from pages and read back.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { columnTypeOf, columnValue } from '../../server/lib/export/columns.ts'
import { attachment } from '../../server/lib/export/formats.ts'
import { gpkgGeometry, readGpkgGeometry, wkbGeometryType } from '../../server/lib/export/gpkg-geometry.ts'
import type { ExportPage } from '../../server/lib/export/pages.ts'
import { writeGeoPackage } from '../../server/lib/export/send.ts'
import { validationMessage } from '../../server/lib/validation-message.ts'

/** ISO WKB of a 2D point, little-endian. */
function pointWkb(x: number, y: number): Buffer {
  const b = Buffer.alloc(21)
  b[0] = 1
  b.writeUInt32LE(1, 1)
  b.writeDoubleLE(x, 5)
  b.writeDoubleLE(y, 13)
  return b
}

describe('GeoPackage geometry blobs', () => {
  it('writes the GP header, little-endian flags with an XY envelope, the srs id, then the WKB unchanged', () => {
    const wkb = pointWkb(117.07, 30.51)
    const blob = gpkgGeometry(wkb, [117.07, 30.51, 117.07, 30.51], 4326)
    expect([...blob.subarray(0, 4)]).toEqual([0x47, 0x50, 0, 0b0000_0011])
    expect(blob.readInt32LE(4)).toBe(4326)
    // minx, maxx, miny, maxy: the envelope's order in the blob differs from a bbox's.
    expect([8, 16, 24, 32].map((at) => blob.readDoubleLE(at))).toEqual([117.07, 117.07, 30.51, 30.51])
    expect(blob.subarray(40).equals(wkb)).toBe(true)
    expect(readGpkgGeometry(blob)).toEqual({ srsId: 4326, envelope: [117.07, 30.51, 117.07, 30.51], empty: false, wkb })
  })

  it('marks an empty geometry with the empty flag and no envelope', () => {
    const blob = gpkgGeometry(pointWkb(NaN, NaN), null, 4326)
    expect(blob[3]).toBe(0b0001_0001)
    expect(readGpkgGeometry(blob)).toMatchObject({ empty: true, envelope: null })
  })

  it('names WKB types as gpkg_geometry_columns does and refuses 3D ones', () => {
    const wkb = pointWkb(0, 0)
    expect(wkbGeometryType(wkb)).toBe('POINT')
    wkb.writeUInt32LE(6, 1)
    expect(wkbGeometryType(wkb)).toBe('MULTIPOLYGON')
    wkb.writeUInt32LE(1003, 1)
    expect(() => wkbGeometryType(wkb)).toThrow(/1003 is not a 2D simple feature/)
    expect(() => readGpkgGeometry(Buffer.from('XX'))).toThrow(/no GP magic/)
  })
})

describe('export columns', () => {
  it('types columns from PostgreSQL type OIDs, text for anything unknown', () => {
    expect([16, 21, 23, 20, 700, 701, 1700, 1082, 1184, 25, 1009, 3802].map(columnTypeOf)).toEqual([
      'BOOLEAN', 'SMALLINT', 'MEDIUMINT', 'INTEGER', 'FLOAT', 'DOUBLE', 'DOUBLE', 'DATE', 'DATETIME', 'TEXT', 'TEXT', 'TEXT',
    ])
  })

  it('stores values as SQLite should hold them for each type', () => {
    expect(columnValue('BOOLEAN', true)).toBe(1)
    expect(columnValue('BOOLEAN', false)).toBe(0)
    expect(columnValue('INTEGER', '9007199254740993')).toBe(9007199254740993n)
    expect(columnValue('MEDIUMINT', '42')).toBe(42)
    expect(columnValue('DOUBLE', '1.5')).toBe(1.5)
    expect(columnValue('DATETIME', new Date('2024-07-01T08:00:00.123Z'))).toBe('2024-07-01T08:00:00.123Z')
    expect(columnValue('DATE', new Date(2024, 6, 1))).toBe('2024-07-01')
    expect(columnValue('TEXT', ['助老', '议事'])).toBe('助老;议事')
    expect(columnValue('TEXT', { a: 1 })).toBe('{"a":1}')
    expect(columnValue('TEXT', null)).toBeNull()
    expect(columnValue('DOUBLE', undefined)).toBeNull()
  })
})

describe('attachment header', () => {
  it('keeps a plain ASCII name as it is', () => {
    expect(attachment('buildings.geojson')).toBe('attachment; filename="buildings.geojson"')
  })

  it('adds an RFC 6266 UTF-8 name for a Chinese one, and makes both safe', () => {
    expect(attachment('buildings-G01.gpkg', 'buildings-幸福里.gpkg')).toBe(
      `attachment; filename="buildings-G01.gpkg"; filename*=UTF-8''buildings-%E5%B9%B8%E7%A6%8F%E9%87%8C.gpkg`,
    )
    expect(attachment('a"b/c.csv', `x/y"(1)*'.csv`)).toBe(`attachment; filename="a_b_c.csv"; filename*=UTF-8''x_y_%281%29_%27.csv`)
  })
})

describe('query validation messages', () => {
  it('names the parameter, the refused code and the codes it takes', () => {
    const errors = [{ keyword: 'enum', instancePath: '/status/1', params: { allowedValues: ['received', 'closed'] } }]
    expect(validationMessage(errors, { status: ['received', 'nope'] })).toBe('status has an unknown code "nope"; known codes: received, closed')
    expect(validationMessage([{ keyword: 'enum', instancePath: '/source', params: { allowedValues: ['app'] } }], { source: 'fax' })).toBe(
      'source has an unknown code "fax"; known codes: app',
    )
  })

  it('names an unknown parameter, and falls back to ajv\'s words otherwise', () => {
    expect(validationMessage([{ keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'limit' } }], {})).toBe(
      'unknown query parameter limit',
    )
    expect(validationMessage([{ keyword: 'type', instancePath: '/overdue', params: {}, message: 'must be boolean' }], {})).toBe('overdue must be boolean')
  })
})

describe('GeoPackage writer', () => {
  let dir: string | null = null
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = null
  })
  const file = () => join((dir = mkdtempSync(join(tmpdir(), 'hl-gpkg-unit-'))), 'out.gpkg')
  async function* pagesOf(...pages: ExportPage[]) {
    yield* pages
  }
  const columns = [
    { name: 'id', type: 'TEXT' as const },
    { name: '名称', type: 'TEXT' as const },
    { name: 'at', type: 'DATETIME' as const },
  ]
  const layer = { table: 'points', identifier: '测试点', description: 'test', geometryType: 'POINT' as const }

  it('writes pages in order with fids 1…n, null and empty geometries, the extent and an R-tree of the non-empty ones', async () => {
    const path = file()
    const n = await writeGeoPackage(path, layer, pagesOf(
      { columns, rows: [{ id: 'a', 名称: '幸福里', at: new Date('2024-07-01T00:00:00Z'), wkb: pointWkb(117, 30), xmin: 117, ymin: 30, xmax: 117, ymax: 30 }] },
      { columns, rows: [
        { id: 'b', 名称: null, at: null, wkb: pointWkb(118, 31), xmin: 118, ymin: 31, xmax: 118, ymax: 31 },
        { id: 'c', 名称: '空', at: null, wkb: pointWkb(NaN, NaN), xmin: null, ymin: null, xmax: null, ymax: null },
        { id: 'd', 名称: '无', at: null, wkb: null },
      ] },
    ))
    expect(n).toBe(4)
    const db = new Database(path, { readonly: true })
    try {
      expect(db.prepare('SELECT fid, id, "名称" AS name, at FROM points ORDER BY fid').all()).toEqual([
        { fid: 1, id: 'a', name: '幸福里', at: '2024-07-01T00:00:00.000Z' },
        { fid: 2, id: 'b', name: null, at: null },
        { fid: 3, id: 'c', name: '空', at: null },
        { fid: 4, id: 'd', name: '无', at: null },
      ])
      expect(db.prepare('SELECT id FROM rtree_points_geom ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }])
      expect(db.prepare('SELECT min_x, min_y, max_x, max_y, identifier FROM gpkg_contents').get()).toEqual({
        min_x: 117, min_y: 30, max_x: 118, max_y: 31, identifier: '测试点',
      })
      const geom = db.prepare('SELECT geom FROM points WHERE fid = 3').get() as { geom: Buffer }
      expect(readGpkgGeometry(geom.geom).empty).toBe(true)
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_points_geom_%'").get()).toEqual({ n: 6 })
    } finally {
      db.close()
    }
  })

  it('refuses a geometry of another type than the layer declares', async () => {
    const line = pointWkb(0, 0)
    line.writeUInt32LE(2, 1)
    await expect(writeGeoPackage(file(), layer, pagesOf({ columns, rows: [{ id: 'x', wkb: line, xmin: 0, ymin: 0, xmax: 0, ymax: 0 }] }))).rejects.toThrow(
      /a LINESTRING in the POINT layer points/,
    )
  })

  it('writes an empty layer with its columns when the first page is empty', async () => {
    const path = file()
    expect(await writeGeoPackage(path, layer, pagesOf({ columns, rows: [] }))).toBe(0)
    const db = new Database(path, { readonly: true })
    try {
      expect(db.prepare("SELECT name FROM pragma_table_info('points')").all().map((c: any) => c.name)).toEqual(['fid', 'geom', 'id', '名称', 'at'])
    } finally {
      db.close()
    }
  })
})
