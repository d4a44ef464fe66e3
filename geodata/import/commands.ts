import { existsSync } from 'node:fs'
import type pg from 'pg'
import { importAreas } from './areas/import-areas.ts'
import { LEVELS, type Level } from './areas/fields.ts'
import { parseCrs } from './lib/crs.ts'
import type { Progress } from './lib/progress.ts'
import type { ImportReport } from './lib/report.ts'

export type CliOptions = Partial<Record<string, string | boolean>> & { report?: string }

interface Importer {
  /** A usage problem with the file or options, or null. */
  check(file: string | undefined, o: CliOptions): string | null
  run(pool: pg.Pool, file: string, o: CliOptions, progress: Progress): Promise<ImportReport>
}

export const USAGE = `usage: npm run import -- <kind> <file> [options]

kinds:
  areas <file.geojson|file.shp> --level district|street|community|grid
        [--crs wgs84|gcj02|bd09|cgcs2000] [--name-field F] [--code-field F] [--parent-field F]
        [--encoding gbk] [--min-area 1]
common: --report out.json   write the report as JSON
        --clear-demo        remove the generated demo district first (an import refuses to mix with it)

Connects to DATABASE_URL, else to the embedded PostGIS in DATA_DIR (default .data; stop the server
first: the embedded database serves one process). Every import is one transaction.`

const str = (o: CliOptions, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
const num = (o: CliOptions, k: string) => (str(o, k) === undefined ? undefined : Number(str(o, k)))
const needFile = (file: string | undefined) => (!file ? 'a file is required' : !existsSync(file) ? `no such file: ${file}` : null)

export const IMPORTERS: Record<string, Importer> = {
  areas: {
    check(file, o) {
      const level = str(o, 'level')
      if (!level || !(LEVELS as readonly string[]).includes(level)) return `--level must be one of ${LEVELS.join(', ')}`
      const minArea = num(o, 'min-area')
      if (minArea !== undefined && !(minArea >= 0)) return '--min-area must be a number of m² ≥ 0'
      return needFile(file)
    },
    run: (pool, file, o, progress) =>
      importAreas(pool, file, {
        level: str(o, 'level') as Level,
        crs: str(o, 'crs') ? parseCrs(str(o, 'crs'), '--crs') : undefined,
        nameField: str(o, 'name-field'), codeField: str(o, 'code-field'), parentField: str(o, 'parent-field'),
        encoding: str(o, 'encoding'), minAreaM2: num(o, 'min-area'), clearDemo: o['clear-demo'] === true, progress,
      }),
  },
}
