import { existsSync } from 'node:fs'
import type pg from 'pg'
import { importAreas } from './areas/import-areas.ts'
import { LEVELS, type Level } from './areas/fields.ts'
import { parseCrs } from './lib/crs.ts'
import { importOsm } from './osm/import-osm.ts'
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
  osm <file.osm.pbf|file.osm|roads.geojson> [--bbox w,s,e,n] [--boundary polygon.geojson]
        [--make-district NAME] [--m2-per-household 90] [--residents-per-household 2.62]
        needs areas already imported (buildings are placed in the finest area containing them),
        or --make-district to make one district from --boundary or from the data's extent
common: --report out.json   write the report as JSON
        --clear-demo        remove the generated demo district first (an import refuses to mix with it)

Connects to DATABASE_URL, else to the embedded PostGIS in DATA_DIR (default .data; stop the server
first: the embedded database serves one process). Every import is one transaction.`

const str = (o: CliOptions, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
const num = (o: CliOptions, k: string) => (str(o, k) === undefined ? undefined : Number(str(o, k)))
function bbox(o: CliOptions): [number, number, number, number] | undefined {
  const v = str(o, 'bbox')
  if (v === undefined) return undefined
  const b = v.split(',').map(Number)
  if (b.length !== 4 || b.some((x) => !Number.isFinite(x)) || b[0] >= b[2] || b[1] >= b[3]) throw new RangeError(`--bbox must be west,south,east,north in degrees (got ${v})`)
  return b as [number, number, number, number]
}
const positive = (o: CliOptions, k: string) => {
  const v = num(o, k)
  return v === undefined || (Number.isFinite(v) && v > 0) ? null : `--${k} must be a positive number`
}
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
  osm: {
    check(file, o) {
      try {
        bbox(o)
      } catch (err) {
        return (err as Error).message
      }
      const b = str(o, 'boundary')
      if (b && !existsSync(b)) return `no such file: ${b}`
      return positive(o, 'm2-per-household') ?? positive(o, 'residents-per-household') ?? needFile(file)
    },
    run: (pool, file, o, progress) =>
      importOsm(pool, file, {
        bbox: bbox(o), boundary: str(o, 'boundary'), makeDistrict: str(o, 'make-district'),
        m2PerHousehold: num(o, 'm2-per-household'), residentsPerHousehold: num(o, 'residents-per-household'),
        clearDemo: o['clear-demo'] === true, progress,
      }),
  },
}
