import { createReadStream, existsSync } from 'node:fs'
import { importCasesCsv } from './cases-csv/import-cases.ts'
import { autoGrids } from './grids/auto-grids.ts'
import type pg from 'pg'
import { importAreas } from './areas/import-areas.ts'
import { LEVELS, type Level } from './areas/fields.ts'
import { parseCrs } from './lib/crs.ts'
import { importOsm } from './osm/import-osm.ts'
import { importStations } from './stations/import-stations.ts'
import { importBuildingRegister } from './buildings/import-buildings.ts'
import { importWorkers } from './workers/import-workers.ts'
import { importParty } from './party/import-party.ts'
import { removeDemo } from './demo/remove-demo.ts'
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
  stations <file.csv|file.xlsx|points.geojson> [--crs gcj02] [--strict]
        党群服务阵地 register: 名称/name, 类型/kind, 状态/status, 地址/address, 经度/lng, 纬度/lat,
        坐标系/crs, 所属区域/area, 面积/floor_area, 开放时间/hours, 服务项目/services, 编号/code
  buildings <file.csv|file.xlsx|points.geojson> [--crs gcj02] [--strict]
        楼栋台账 matched to loaded buildings by 楼栋编号/id, 经度+纬度 or 地址: 层数/floors, 户数/households,
        人口/residents, 党员户/party_member_households override the OSM estimates
  party <file.csv|file.xlsx|points.geojson> [--crs gcj02] [--strict]
        党组织台账, a row per organisation or 党员中心户: 类型/kind (社区党委, 网格党支部, 党小组, 党员中心户 …),
        组织名称/name, 组织编码/code, 上级组织/parent, 所属区域/area, 楼栋编号/building (or 经度+纬度, 地址),
        党员数/members, 书记/secretary, 户主/householder, 电话/phone; 上级组织 and 类型 may be left out
  workers <file.csv|file.xlsx>   姓名/name, 电话/phone, 角色/role (网格员、政法干警、社区工作者),
        所属区域/area (code, id or name of the area served)
        Registers load the good rows and report the bad ones with their line numbers; --strict writes
        nothing when any row is bad.
  grids --auto [--target-households 400] [--community ID|CODE]
        draws grids for communities that have none, about N households each, following streets,
        compounds and buildings kept whole; named <社区名>第N网格, coded community code + 01, 02 …;
        buildings re-pointed to them
  remove-demo   remove the generated demo district and its cases (then start with DEMO_DATA=false)
  cases <cases.csv>   historical cases, as npm run import:cases (see geodata/import/cases-csv/cli.ts);
        loaded in batches, rows already stored skipped
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

const register = (run: typeof importStations): Importer => ({
  check: (file, o) => {
    try {
      if (str(o, 'crs')) parseCrs(str(o, 'crs'), '--crs')
    } catch (err) {
      return (err as Error).message
    }
    return needFile(file)
  },
  run: (pool, file, o, progress) =>
    run(pool, file, { crs: str(o, 'crs') ? parseCrs(str(o, 'crs'), '--crs') : undefined, strict: o.strict === true, clearDemo: o['clear-demo'] === true, progress }),
})

export const IMPORTERS: Record<string, Importer> = {
  'remove-demo': {
    check: () => null,
    run: (pool) => removeDemo(pool),
  },
  cases: {
    check: (file) => needFile(file),
    async run(pool, file) {
      const started = Date.now()
      const r = await importCasesCsv(pool, createReadStream(file))
      return {
        kind: 'cases', file, loaded: { cases: r.loaded }, repaired: [],
        rejected: r.rejected.map((x) => ({ where: `line ${x.line}`, reasons: x.reasons })),
        warnings: r.alreadyStored.length ? [`${r.alreadyStored.length} row(s) already stored (same source and external_id), skipped`] : [],
        details: { rows: r.rows, ignoredColumns: r.ignoredColumns }, durationMs: Date.now() - started,
      }
    },
  },
  grids: {
    check(_file, o) {
      if (o.auto !== true) return 'grids needs --auto (grid boundaries from a file are imported with: areas <file> --level grid)'
      return positive(o, 'target-households')
    },
    run: (pool, _file, o) => autoGrids(pool, { targetHouseholds: num(o, 'target-households'), community: str(o, 'community') }),
  },
  stations: register(importStations),
  buildings: register(importBuildingRegister),
  workers: register(importWorkers),
  party: register(importParty),
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
