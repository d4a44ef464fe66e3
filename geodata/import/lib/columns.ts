import { ImportError } from './report.ts'

/** Canonical column → the header names it may have (Chinese or English), compared case- and space-insensitively. */
export type ColumnAliases<K extends string> = Record<K, readonly string[]>

export const LOCATION_COLUMNS = {
  address: ['地址', '详细地址', 'address', 'addr'],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y'],
  crs: ['坐标系', '坐标系统', 'crs', 'srs'],
} as const

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_（）()]/g, '')

/**
 * Which header column holds each canonical column. Throws naming the missing ones when `required` are
 * absent, so a wrong file stops before anything is read.
 */
export function mapColumns<A extends Record<string, readonly string[]>>(header: string[], aliases: A, required: (keyof A & string)[], file: string): Partial<Record<keyof A & string, string>> {
  type K = keyof A & string
  const out: Partial<Record<K, string>> = {}
  for (const key of Object.keys(aliases) as K[]) {
    const names = new Set(aliases[key].map(norm))
    const hit = header.find((h) => names.has(norm(h)))
    if (hit !== undefined) out[key] = hit
  }
  const missing = required.filter((k) => !out[k])
  if (missing.length) {
    throw new ImportError(`${file}: no column for ${missing.map((k) => `${k} (${aliases[k].join('/')})`).join(', ')}; the header is ${header.join(', ')}`)
  }
  return out
}
