import { stringify } from 'csv-stringify/sync'
import type { ExportPage } from './pages.ts'

const BOM = '\uFEFF'

const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(';') : v)

/** A FeatureCollection, one feature per line, written as the pages arrive (rows carry `geometry` as GeoJSON text). */
export async function* geojsonChunks(pages: AsyncIterable<ExportPage>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[\n'
  let first = true
  for await (const { rows, columns } of pages) {
    const out: string[] = []
    for (const row of rows) {
      const props: Record<string, unknown> = {}
      for (const { name } of columns) props[name] = row[name] instanceof Date ? (row[name] as Date).toISOString() : row[name]
      out.push(`${first ? '' : ',\n'}{"type":"Feature","id":${JSON.stringify(props.id)},"geometry":${(row.geometry as string | null) ?? 'null'},"properties":${JSON.stringify(props)}}`)
      first = false
    }
    yield out.join('')
  }
  yield '\n]}\n'
}

/**
 * CSV in UTF-8 with a BOM (so Excel reads the Chinese names), the geometry as WKT in a last column
 * (which QGIS's delimited-text layer reads), lists joined with ';'. Rows carry `wkt`.
 */
export async function* csvChunks(pages: AsyncIterable<ExportPage>, withWkt = true): AsyncGenerator<string> {
  yield BOM
  let header = false
  const wkt = (row: Record<string, unknown>) => (withWkt ? [(row.wkt as string | null) ?? ''] : [])
  for await (const { rows, columns } of pages) {
    const records = rows.map((row) => [...columns.map((c) => cell(row[c.name])), ...wkt(row)])
    if (!header) {
      records.unshift([...columns.map((c) => c.name), ...(withWkt ? ['wkt'] : [])])
      header = true
    }
    // One call per page: csv-stringify's set-up per call cost more than the rows themselves.
    yield stringify(records)
  }
}
