/** The file formats every export offers, what each is sent as, and the attachment header. */

export const EXPORT_FORMATS = ['geojson', 'csv', 'gpkg'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  // OGC's registered media type for GeoPackage (OGC 12-128r15, clause 1.1.1.1).
  gpkg: 'application/geopackage+sqlite3',
}

/** Characters no file system takes in a name, and control characters. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g

/** RFC 8187 value characters: encodeURIComponent leaves a few more unescaped than the RFC allows. */
const rfc8187 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Content-Disposition for a download: `filename` in plain ASCII for every client, and when the full name
 * has other characters (an area's Chinese name) also `filename*` in UTF-8 (RFC 6266), which browsers prefer.
 *
 * @example
 * attachment('buildings-G0101.gpkg', 'buildings-幸福里网格.gpkg')
 * // attachment; filename="buildings-G0101.gpkg"; filename*=UTF-8''buildings-%E5%B9%B8…
 */
export function attachment(asciiName: string, fullName = asciiName): string {
  const ascii = asciiName.replace(/[^A-Za-z0-9._-]/g, '_')
  const full = fullName.replace(UNSAFE, '_')
  const plain = `attachment; filename="${ascii}"`
  return full === ascii ? plain : `${plain}; filename*=UTF-8''${rfc8187(full)}`
}
