import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parse } from 'csv-parse/sync'
import readXlsxFile from 'read-excel-file/node'
import { ImportError } from './report.ts'
import { readFeatures } from './read-features.ts'

export interface TableRow {
  /** Where the row is, for reports: "line 7" (CSV, header = line 1), "row 7" (xlsx), "feature 3" (GeoJSON). */
  where: string
  values: Record<string, string>
}

export interface Table {
  header: string[]
  rows: TableRow[]
}

/**
 * A register as header + rows of text: CSV (UTF-8, or GBK as Excel in Chinese saves it), the first sheet
 * of an .xlsx, or GeoJSON points (properties plus lng/lat from the geometry).
 */
export async function readTable(file: string): Promise<Table> {
  if (!existsSync(file)) throw new ImportError(`no such file: ${file}`)
  const ext = extname(file).toLowerCase()
  if (ext === '.xlsx') return readXlsx(file)
  if (ext === '.geojson' || ext === '.json') return readPoints(file)
  return readCsv(file)
}

function readCsv(file: string): Table {
  const bytes = readFileSync(file)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Excel's "CSV" in a Chinese locale is GBK.
    text = new TextDecoder('gbk').decode(bytes)
  }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records
  } catch (err) {
    throw new ImportError(`reading ${file} as CSV: ${(err as Error).message}`)
  }
  if (!records.length) throw new ImportError(`${file} is empty (no header row)`)
  const header = records[0].record
  return {
    header,
    rows: records.slice(1).map(({ record, info }) => ({ where: `line ${info.lines}`, values: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) })),
  }
}

async function readXlsx(file: string): Promise<Table> {
  let sheets: { sheet: string; data: unknown[][] }[]
  try {
    sheets = (await readXlsxFile(file)) as unknown as { sheet: string; data: unknown[][] }[]
  } catch (err) {
    throw new ImportError(`reading ${file} as an Excel workbook: ${(err as Error).message}`)
  }
  const data = sheets[0]?.data ?? []
  if (!data.length) throw new ImportError(`${file}: the first sheet is empty`)
  const cell = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim())
  const header = data[0].map(cell)
  return {
    header,
    rows: data.slice(1).map((r, i) => ({ where: `row ${i + 2}`, values: Object.fromEntries(header.map((h, j) => [h, cell(r[j])])) }))
      .filter((r) => Object.values(r.values).some((v) => v !== '')),
  }
}

async function readPoints(file: string): Promise<Table> {
  const { features } = await readFeatures(file)
  const header = [...new Set(features.flatMap((f) => Object.keys(f.properties))), 'lng', 'lat']
  return {
    header,
    rows: features.map((f) => {
      const values: Record<string, string> = {}
      for (const [k, v] of Object.entries(f.properties)) values[k] = v === null || v === undefined ? '' : String(v)
      if (f.geometry?.type === 'Point') {
        const [lng, lat] = f.geometry.coordinates as number[]
        values.lng = String(lng)
        values.lat = String(lat)
      }
      return { where: `feature ${f.n}`, values }
    }),
  }
}
