import gcoord from 'gcoord'

/**
 * Coordinate systems an import may arrive in. The database stores WGS-84.
 * - gcj02: the national offset (高德/AMap, Tencent, DataV outlines), shifted by up to ~600 m;
 * - bd09: Baidu's further offset of GCJ-02;
 * - cgcs2000 (EPSG:4490): China's geodetic datum since 2008. Its ellipsoid differs from WGS-84's only in
 *   the flattening's 11th digit and both are aligned with ITRF to a few centimetres, far below the accuracy
 *   of any boundary or building outline here, so it is taken as WGS-84 without a transformation.
 */
export const IMPORT_CRS = ['wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const
export type ImportCrs = (typeof IMPORT_CRS)[number]

export function parseCrs(value: string | undefined, what: string): ImportCrs {
  const v = (value ?? 'wgs84').trim().toLowerCase().replace(/[-_ ]/g, '')
  const aliases: Record<string, ImportCrs> = {
    wgs84: 'wgs84', epsg4326: 'wgs84', gps: 'wgs84', gcj02: 'gcj02', 火星坐标: 'gcj02', 高德: 'gcj02', amap: 'gcj02',
    bd09: 'bd09', baidu: 'bd09', 百度: 'bd09', cgcs2000: 'cgcs2000', epsg4490: 'cgcs2000', '2000': 'cgcs2000',
  }
  const crs = aliases[v]
  if (!crs) throw new RangeError(`${what}: unknown coordinate system '${value}' (one of ${IMPORT_CRS.join(', ')})`)
  return crs
}

const GCOORD = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/** 7 decimals ≈ 1 cm: beyond the accuracy of the GCJ-02 inversion itself. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7

/** One position to WGS-84. Outside China gcoord applies no offset (the offsets are only defined there). */
export function positionToWgs84(p: readonly number[], crs: ImportCrs): [number, number] {
  const [lng, lat] = p
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new RangeError(`coordinates must be finite longitude, latitude (got ${lng}, ${lat})`)
  }
  if (crs === 'wgs84' || crs === 'cgcs2000') return [lng, lat]
  const [x, y] = gcoord.transform([lng, lat] as [number, number], GCOORD[crs], gcoord.WGS84) as [number, number]
  return [round7(x), round7(y)]
}

type Nested = number[] | Nested[]

/** Every position of a GeoJSON coordinates array to WGS-84 (a new array; the input is not changed). */
export function coordinatesToWgs84<T extends Nested>(coords: T, crs: ImportCrs): T {
  if (typeof coords[0] === 'number') return positionToWgs84(coords as number[], crs) as unknown as T
  return (coords as Nested[]).map((c) => coordinatesToWgs84(c, crs)) as T
}
