import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type pg from 'pg'
import { importCase, intakeLocation } from '../../../server/domain/cases/create-case.ts'
import { toCaseView } from '../../../server/domain/cases/view.ts'
import { locate } from '../../../server/plugins/cases/queries.ts'
import { insertCasesBulk, type NewCase } from '../../../server/plugins/cases/bulk-queries.ts'
import { OPTIONAL_COLUMNS, parseCaseRow, REQUIRED_COLUMNS, type ParsedRow } from './parse-row.ts'

export interface Rejected {
  line: number
  reasons: string[]
  record: Record<string, string>
}

export interface ImportReport {
  rows: number
  loaded: number
  /** Rows whose (source, external_id) was already stored: a re-run loads nothing twice. */
  alreadyStored: { line: number; externalId: string }[]
  rejected: Rejected[]
  /** Header columns that are neither required nor optional (ignored). */
  ignoredColumns: string[]
}

export interface ImportOptions {
  /** Rows per database statement. @default 500 */
  batchSize?: number
  /** Recorded as the actor of each 'imported' event. @default 'import:cases-csv' */
  actor?: string
  /** Called after each batch with the bytes read so far and the report so far. */
  onProgress?: (bytes: number, report: ImportReport) => void
}

export class ImportError extends Error {}

type Good = Extract<ParsedRow, { ok: true }> & { line: number }

/**
 * Load historical cases from a CSV stream (header row first). Every row is checked on its own; bad rows
 * are reported with their line number and every reason, good rows are placed spatially and loaded in
 * batches, each batch in one statement. Throws ImportError only for a file it cannot read at all.
 */
export async function importCasesCsv(pool: pg.Pool, input: Readable, options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500
  const actor = options.actor ?? 'import:cases-csv'
  const now = new Date()
  const report: ImportReport = { rows: 0, loaded: 0, alreadyStored: [], rejected: [], ignoredColumns: [] }
  const parser = input.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }))
  let header: string[] | null = null
  const seen = new Map<string, number>()
  let batch: Good[] = []
  let bytes = 0

  const flush = async () => {
    if (batch.length === 0) return
    const rows = batch
    batch = []
    await loadBatch(pool, rows, actor, now, report)
    options.onProgress?.(bytes, report)
  }

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      bytes = info.bytes
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase())
        const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c))
        if (missing.length) throw new ImportError(`the header lacks required column(s) ${missing.join(', ')}; it has ${header.join(', ')}`)
        const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS])
        report.ignoredColumns = header.filter((h) => !known.has(h))
        continue
      }
      report.rows++
      const rec = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']))
      const line = info.lines
      if (record.length !== header.length) {
        report.rejected.push({ line, reasons: [`has ${record.length} fields where the header has ${header.length}`], record: rec })
        continue
      }
      const parsed = parseCaseRow(rec, now)
      if (!parsed.ok) {
        report.rejected.push({ line, reasons: parsed.reasons, record: rec })
        continue
      }
      const key = `${parsed.intake.source}\u0000${parsed.intake.externalId}`
      const first = seen.get(key)
      if (first !== undefined) {
        report.rejected.push({ line, reasons: [`repeats source and external_id of line ${first}`], record: rec })
        continue
      }
      seen.set(key, line)
      batch.push({ ...parsed, line })
      if (batch.length >= batchSize) await flush()
    }
    await flush()
  } catch (err) {
    if (err instanceof ImportError) throw err
    throw new ImportError(`reading the CSV: ${(err as Error).message}`)
  }
  if (!header) throw new ImportError('the file is empty (no header row)')
  options.onProgress?.(bytes, report)
  return report
}

async function loadBatch(pool: pg.Pool, rows: Good[], actor: string, now: Date, report: ImportReport) {
  const located = rows.map((r) => ({ ...intakeLocation(r.intake), category: r.intake.category, at: r.history.createdAt }))
  const placed = await locate(pool, located)
  const at = now.toISOString()
  const items: (NewCase & { line: number })[] = rows.map((r, i) => {
    const { nextId, duplicateOf, existingId: _e, ...placement } = placed[i]
    const { state, event } = importCase(r.intake, r.history, {
      id: nextId, location: { lng: located[i].lng, lat: located[i].lat }, placement, possibleDuplicateOf: duplicateOf, at, actor,
    })
    return { state, event, view: toCaseView(state, at), line: r.line }
  })
  const inserted = new Set((await insertCasesBulk(pool, items.map(({ line: _l, ...item }) => item))).map((r) => r.caseId))
  for (const item of items) {
    if (inserted.has(item.state.id)) report.loaded++
    else report.alreadyStored.push({ line: item.line, externalId: item.state.externalId! })
  }
}
