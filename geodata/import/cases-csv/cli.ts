import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { connectDatabase, redact } from '../../../server/db/connect.ts'
import { migrate } from '../../../server/db/migrate.ts'
import { ImportError, importCasesCsv, type ImportReport } from './import-cases.ts'

const USAGE = `usage: npm run import:cases -- <cases.csv> [--batch 500] [--rejects rejected.csv] [--actor name]

Loads historical cases (群众诉求) into DATABASE_URL, or into the embedded PostGIS in DATA_DIR (default
.data; stop the server first, the embedded database has one user at a time). Required columns:
source, external_id, category, title, lng, lat, created_at. Optional: crs, description, address,
reporter_name, reporter_phone, priority, status, deadline_at, dispatched_level, dispatched_to,
dispatched_at, started_at, resolved_at, resolved_level, resolution, satisfaction, evaluated_at, closed_at.
Bad rows are listed with their line numbers and reasons; the good rows still load. Re-running skips
rows already loaded (same source and external_id).`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { batch: { type: 'string' }, rejects: { type: 'string' }, actor: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help || positionals.length !== 1) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const file = positionals[0]
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`)
    return 2
  }
  const batchSize = values.batch ? Number(values.batch) : 500
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch must be an integer from 1 to 10000')
    return 2
  }
  const db = await connectDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR || '.data', log: (m) => console.error(m) })
  try {
    console.error(`database: ${db.mode === 'embedded' ? 'embedded PostGIS' : redact(db.url)}`)
    await migrate(db.pool)
    const areas = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')).rows[0].n
    if (areas === 0) console.error('warning: no geography is loaded, so every case will be outside every grid')

    const bar = new cliProgress.SingleBar(
      { format: 'importing {bar} {percentage}% | {rows} rows | {loaded} loaded | {rejected} rejected', stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
      cliProgress.Presets.shades_classic,
    )
    bar.start(statSync(file).size, 0, { rows: 0, loaded: 0, rejected: 0 })
    const tick = (bytes: number, r: ImportReport) => bar.update(bytes, { rows: r.rows, loaded: r.loaded, rejected: r.rejected.length })
    let report: ImportReport
    try {
      report = await importCasesCsv(db.pool, createReadStream(file), { batchSize, actor: values.actor, onProgress: tick })
    } finally {
      bar.stop()
    }
    printReport(file, report)
    if (values.rejects && report.rejected.length) {
      writeFileSync(values.rejects, rejectsCsv(report))
      console.log(`rejected rows written to ${values.rejects}`)
    }
    return 0
  } finally {
    await db.close()
  }
}

function printReport(file: string, r: ImportReport) {
  console.log(`${file}: ${r.rows} rows, ${r.loaded} loaded, ${r.alreadyStored.length} already stored, ${r.rejected.length} rejected`)
  if (r.ignoredColumns.length) console.log(`ignored columns: ${r.ignoredColumns.join(', ')}`)
  for (const x of r.rejected) console.log(`  line ${x.line}: ${x.reasons.join('; ')}`)
  if (r.alreadyStored.length) {
    const shown = r.alreadyStored.slice(0, 20).map((x) => `${x.line} (${x.externalId})`)
    console.log(`  already stored, lines ${shown.join(', ')}${r.alreadyStored.length > 20 ? ', …' : ''}`)
  }
}

function rejectsCsv(r: ImportReport): string {
  const cols = Object.keys(r.rejected[0].record)
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const lines = [['line', 'reasons', ...cols].join(',')]
  for (const x of r.rejected) lines.push([String(x.line), q(x.reasons.join('; ')), ...cols.map((c) => q(x.record[c] ?? ''))].join(','))
  return lines.join('\n') + '\n'
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ImportError ? `import failed: ${err.message}` : err)
    process.exit(1)
  },
)
