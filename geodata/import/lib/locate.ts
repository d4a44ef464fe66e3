import { LOCATION_COLUMNS } from './columns.ts'
import { parseCrs, positionToWgs84, type ImportCrs } from './crs.ts'

export type RowLocation = { lngLat: [number, number]; address: string | null } | { lngLat: null; address: string }

/**
 * Where a register row is: its coordinates converted to WGS-84 (the row's 坐标系 column wins over
 * `defaultCrs`), else its address, to be matched to a building. Pushes the reasons it has neither.
 */
export function rowLocation(
  values: Record<string, string>, cols: Partial<Record<keyof typeof LOCATION_COLUMNS, string>>, defaultCrs: ImportCrs, reasons: string[],
): RowLocation | null {
  const get = (k: keyof typeof LOCATION_COLUMNS) => (cols[k] ? values[cols[k]!]?.trim() ?? '' : '')
  const address = get('address') || null
  const lng = get('lng'), lat = get('lat')
  if (lng || lat) {
    try {
      const crs = get('crs') ? parseCrs(get('crs'), '坐标系/crs') : defaultCrs
      const x = Number(lng), y = Number(lat)
      if (!lng || !lat || !Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`lng/lat '${lng}', '${lat}' are not both numbers`)
      // A swapped pair is the commonest register error; China lies at lng 73–136, lat 3–54.
      if (x < 73 || x > 136 || y < 3 || y > 54) throw new RangeError(`lng ${x}, lat ${y} are outside China (swapped?)`)
      return { lngLat: positionToWgs84([x, y], crs), address }
    } catch (err) {
      reasons.push((err as Error).message)
      return null
    }
  }
  if (address) return { lngLat: null, address }
  reasons.push('neither coordinates (经度/纬度) nor an address (地址)')
  return null
}
