/**
 * What every register import (stations, buildings, party, workers) shares once its rows are staged in a
 * temporary table with `"where"`, `problem` and the columns named below: resolving 所属区域, and turning
 * rows with a problem into rejections.
 */
import type pg from 'pg'
import type { ImportCrs } from './crs.ts'
import type { Progress } from './progress.ts'
import { ImportError, type ImportReport, type Issue } from './report.ts'

export interface RegisterOptions {
  /** CRS of coordinates when a row has no 坐标系 column. @default 'wgs84' */
  crs?: ImportCrs
  /** Any rejected row aborts the import (nothing is written). @default false: good rows load, bad ones are reported */
  strict?: boolean
  clearDemo?: boolean
  progress?: Progress
}

/** A phone number as registers write them (digits, spaces, dashes, brackets, a leading +). */
export const PHONE = /^\+?[0-9 ()-]{3,32}$/

/**
 * Fill `area_id` (and `area_level`) of rows whose `area` names an area by code, id or name (a code match
 * wins, names can repeat across streets); rows naming no area get the problem "<label> '<area>' is no
 * area in the database". `table` is a fixed temporary-table name, never input.
 */
export async function resolveAreas(client: pg.PoolClient, table: string, label: string): Promise<void> {
  await client.query(`UPDATE ${table} t SET (area_id, area_level) = (
      SELECT a.id, a.level FROM areas a WHERE t.area IN (a.code, a.id, a.name) ORDER BY (a.code = t.area) DESC, a.id LIMIT 1)
    WHERE t.area IS NOT NULL AND t.area_id IS NULL AND t.problem IS NULL`)
  await client.query(
    `UPDATE ${table} SET problem = $1 || ' ' || quote_literal(area) || ' is no area in the database' WHERE area IS NOT NULL AND area_id IS NULL AND problem IS NULL`,
    [label],
  )
}

/** Move rows with a problem from `table` into the report's rejections (in file order); with `strict`, any rejection aborts. */
export async function rejectProblems(client: pg.PoolClient, table: string, report: ImportReport, strict: boolean): Promise<void> {
  const bad = await client.query<{ where: string; problem: string }>(`DELETE FROM ${table} WHERE problem IS NOT NULL RETURNING "where", problem`)
  report.rejected.push(...bad.rows.map((r): Issue => ({ where: r.where, reasons: [r.problem] })))
  report.rejected.sort((a, b) => Number(a.where.replace(/\D/g, '')) - Number(b.where.replace(/\D/g, '')))
  if (strict && report.rejected.length) {
    throw new ImportError(`--strict: ${report.rejected.length} row(s) rejected, nothing written; ${report.rejected.slice(0, 5).map((x) => `${x.where}: ${x.reasons.join('; ')}`).join(' | ')}`)
  }
}
