import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openImportDatabase } from './lib/database.ts'
import { terminalProgress } from './lib/progress.ts'
import { formatReport, ImportError, type ImportReport } from './lib/report.ts'
import { IMPORTERS, USAGE, type CliOptions } from './commands.ts'

/**
 * npm run import -- <kind> <file> [options]: one command for every importer. Connects as the server
 * does (DATABASE_URL, else the embedded PostGIS in DATA_DIR), runs the import in one transaction, prints
 * what was loaded, repaired and rejected, and writes the same as JSON with --report.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      level: { type: 'string' }, crs: { type: 'string' }, 'name-field': { type: 'string' }, 'code-field': { type: 'string' },
      'parent-field': { type: 'string' }, encoding: { type: 'string' }, 'min-area': { type: 'string' },
      bbox: { type: 'string' }, boundary: { type: 'string' }, 'make-district': { type: 'string' },
      'm2-per-household': { type: 'string' }, 'residents-per-household': { type: 'string' },
      'target-households': { type: 'string' }, community: { type: 'string' }, auto: { type: 'boolean' },
      strict: { type: 'boolean' }, 'clear-demo': { type: 'boolean' }, report: { type: 'string' },
      batch: { type: 'string' }, rejects: { type: 'string' }, actor: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [kind, file] = positionals
  if (values.help || !kind) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const importer = IMPORTERS[kind]
  if (!importer) {
    console.error(`unknown kind '${kind}'\n\n${USAGE}`)
    return 2
  }
  const options = values as CliOptions
  // grids --auto takes no file: its first positional is optional.
  const problem = importer.check(file, options)
  if (problem) {
    console.error(`${problem}\n\n${USAGE}`)
    return 2
  }
  const progress = terminalProgress()
  const db = await openImportDatabase((m) => progress.log(m))
  let report: ImportReport
  try {
    report = await importer.run(db.pool, file, options, progress)
  } finally {
    progress.stop()
    await db.close()
  }
  console.log(formatReport(report))
  if (options.report) {
    writeFileSync(options.report, JSON.stringify(report, null, 2) + '\n')
    console.log(`report written to ${options.report}`)
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ImportError || err instanceof RangeError) console.error(`import failed, nothing was written: ${err.message}`)
    else console.error('import failed, nothing was written:', err)
    process.exit(1)
  },
)
