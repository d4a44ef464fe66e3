import type pg from 'pg'
import { runImport } from '../lib/transaction.ts'
import { ImportError, newReport, type ImportReport } from '../lib/report.ts'

/**
 * Remove the generated demo district (its geography and every case on it) in one transaction, so a
 * database can be handed over to a real district; start the server with DEMO_DATA=false afterwards so it
 * is not generated again. Refuses when the database holds no demo district.
 */
export async function removeDemo(pool: pg.Pool): Promise<ImportReport> {
  const started = Date.now()
  const report = newReport('remove-demo', '')
  const { rows } = await pool.query<{ source: string }>('SELECT source FROM dataset_info')
  if (rows[0]?.source !== 'generated') throw new ImportError('the database holds no generated demo district')
  const counts = await pool.query<{ areas: number; buildings: number; cases: number }>(
    'SELECT (SELECT count(*)::int FROM areas) AS areas, (SELECT count(*)::int FROM buildings) AS buildings, (SELECT count(*)::int FROM cases) AS cases',
  )
  await runImport(pool, { source: 'demo removed', clearDemo: true }, async () => {})
  report.details = { removed: counts.rows[0] }
  report.durationMs = Date.now() - started
  return report
}
