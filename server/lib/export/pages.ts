import type pg from 'pg'
import { columnTypeOf, type ExportColumn } from './columns.ts'
import type { Envelope } from './gpkg-geometry.ts'

/** How a page carries its geometry: GeoJSON text, WKT text (CSV) or WKB with its bounds (GeoPackage). */
export type GeometryEncoding = 'geojson' | 'wkt' | 'wkb'

/** Result columns that carry the geometry; every other column is an attribute. */
const GEOMETRY_KEYS = ['geometry', 'wkt', 'wkb', 'xmin', 'ymin', 'xmax', 'ymax'] as const
const IS_GEOMETRY_KEY = new Set<string>(GEOMETRY_KEYS)

/** The select-list items for a geometry expression in one encoding, named as `featureOf` reads them. */
export function geometrySelect(expr: string, encoding: GeometryEncoding): string {
  switch (encoding) {
    case 'geojson':
      return `ST_AsGeoJSON(${expr}, 7) AS geometry`
    case 'wkt':
      return `ST_AsText(${expr}, 7) AS wkt`
    case 'wkb':
      return `ST_AsBinary(${expr}) AS wkb, ST_XMin(${expr}) AS xmin, ST_YMin(${expr}) AS ymin, ST_XMax(${expr}) AS xmax, ST_YMax(${expr}) AS ymax`
  }
}

export type ExportRow = Record<string, unknown>

/** One page of an export: its rows and the attribute columns (known even when there are no rows). */
export interface ExportPage {
  rows: ExportRow[]
  columns: ExportColumn[]
}

/** A query result as a page: the attribute columns typed from PostgreSQL's column types. */
export function pageOf(result: pg.QueryResult<ExportRow>): ExportPage {
  return {
    rows: result.rows,
    columns: result.fields.filter((f) => !IS_GEOMETRY_KEY.has(f.name)).map((f) => ({ name: f.name, type: columnTypeOf(f.dataTypeID) })),
  }
}

/** A row's attributes in column order, and its geometry as the encoding left it. */
export function attributes(row: ExportRow, columns: readonly ExportColumn[]): unknown[] {
  return columns.map((c) => row[c.name])
}

export function envelopeOf(row: ExportRow): Envelope | null {
  const { xmin, ymin, xmax, ymax } = row as Record<string, number | null>
  return xmin === null || xmin === undefined ? null : [xmin, ymin!, xmax!, ymax!]
}

/** Reads the page of features after `after` (null: the first) in key order, at most `limit` of them. */
export type PageReader = (after: string | number | null, limit: number, encoding: GeometryEncoding) => Promise<ExportPage>

/** Rows per database round trip while exporting: big enough to be quick, small enough to stay flat in memory. */
export const EXPORT_PAGE = 5000

/**
 * Every page of an export by keyset (each page costs the same however deep the export is). The first
 * page is yielded even when empty, so a writer learns the columns. Rows must carry their key as `id`.
 */
export async function* keysetPages(read: PageReader, encoding: GeometryEncoding, pageSize = EXPORT_PAGE): AsyncGenerator<ExportPage> {
  let after: string | number | null = null
  for (;;) {
    const page = await read(after, pageSize, encoding)
    yield page
    if (page.rows.length < pageSize) return
    after = page.rows[page.rows.length - 1]!.id as string | number
  }
}

/** Pages for an export, in the encoding its format needs. */
export type PageSource = (encoding: GeometryEncoding) => AsyncIterable<ExportPage>
