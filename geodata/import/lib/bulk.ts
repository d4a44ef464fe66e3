import type pg from 'pg'

export interface BulkLoad<R = unknown> {
  /** What is being loaded, for error messages ("buildings"). */
  label: string
  rows: readonly R[]
  /** What of each row is sent, made a chunk at a time (so a big array is not copied whole). @default the row */
  toRecord?: (row: R) => unknown
  /** Columns of json_to_recordset(...) AS r(<recordType>). */
  recordType: string
  /** A statement reading the chunk as `r`, e.g. INSERT … SELECT … FROM r ON CONFLICT … */
  sql: string
  /** Rows per statement. @default 5000 */
  chunk?: number
  onChunk?: (done: number) => void
}

/**
 * Run `sql` over `rows` in chunks, each chunk one JSON parameter unpacked by json_to_recordset, as the
 * demo loader does (an order of magnitude faster than a statement per row through the embedded socket).
 * Returns the number of rows the statements reported.
 */
export async function bulkLoad<R>(client: pg.PoolClient, load: BulkLoad<R>): Promise<number> {
  const chunk = load.chunk ?? 5000
  let affected = 0
  for (let i = 0; i < load.rows.length; i += chunk) {
    const slice = load.rows.slice(i, i + chunk)
    try {
      const res = await client.query(`WITH r AS (SELECT * FROM json_to_recordset($1::json) AS r(${load.recordType})) ${load.sql}`, [
        JSON.stringify(load.toRecord ? slice.map(load.toRecord) : slice),
      ])
      affected += res.rowCount ?? 0
    } catch (err) {
      throw new Error(`loading ${load.label} records ${i + 1}–${i + slice.length}: ${(err as Error).message}`)
    }
    load.onChunk?.(Math.min(i + chunk, load.rows.length))
  }
  return affected
}

export const geomFromJson = (type: string, col: string) =>
  `ST_SetSRID(ST_GeomFromGeoJSON(json_build_object('type', '${type}', 'coordinates', ${col})), 4326)`
