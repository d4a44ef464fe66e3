/**
 * The plan as files a district office opens: CSV (UTF-8 with a BOM so Excel reads the Chinese; Chinese
 * headers; names, not ids alone) and GeoJSON (WGS 84 points, Chinese property names as in the CSV).
 * Made in the browser from what the planner already holds (PlanSnapshot). Pure: strings and objects in,
 * strings and objects out.
 */
import { stringify } from 'csv-stringify/browser/esm/sync'
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'
import { STATION_KIND_NAMES } from '../vocab.ts'
import { CHANGE_NAMES, type PlanAreaRow, type PlanSiteRow, type PlanSnapshot, type PlanStationRow } from './plan-snapshot.ts'

const BOM = '\uFEFF'

type Cell = string | number | null
interface Column<R> {
  header: string
  value: (row: R, plan: PlanSnapshot) => Cell
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6
const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null)
const kindName = (k: PlanStationRow['kind']) => (k ? STATION_KIND_NAMES[k] : '未定')

const placeColumns = <R extends { place: string | null; road: string | null; building: string | null; compound: string | null; community: string | null; grid: string | null }>(): Column<R>[] => [
  { header: '位置描述', value: (r) => r.place },
  { header: '临近道路', value: (r) => r.road },
  { header: '所在/临近楼栋', value: (r) => r.building },
  { header: '小区', value: (r) => r.compound },
  { header: '社区', value: (r) => r.community },
  { header: '网格', value: (r) => r.grid },
]

const STATION_COLUMNS: Column<PlanStationRow>[] = [
  { header: '变动', value: (r) => CHANGE_NAMES[r.change] },
  { header: '站点名称', value: (r) => r.name },
  { header: '站点类型', value: (r) => kindName(r.kind) },
  { header: '站点编号', value: (r) => r.id },
  ...placeColumns<PlanStationRow>(),
  { header: '经度', value: (r) => round6(r.lng) },
  { header: '纬度', value: (r) => round6(r.lat) },
  { header: '原经度', value: (r) => (r.fromLng === null ? null : round6(r.fromLng)) },
  { header: '原纬度', value: (r) => (r.fromLat === null ? null : round6(r.fromLat)) },
  { header: '情景', value: (_, p) => p.scenarioName },
]

const SITE_COLUMNS: Column<PlanSiteRow>[] = [
  { header: '排名', value: (r) => r.rank },
  { header: '新增覆盖居民', value: (r) => r.gain },
  { header: '新增覆盖户数', value: (r) => r.households },
  { header: '新增覆盖楼栋', value: (r) => r.buildings },
  { header: '步行圈（分钟）', value: (_, p) => p.sitesMinutes },
  { header: '是否采纳', value: (r) => (r.adopted ? '已采纳' : '未采纳') },
  { header: '站点类型', value: (r) => r.kindName },
  { header: '候选位置', value: (r) => r.candidate },
  ...placeColumns<PlanSiteRow>(),
  { header: '经度', value: (r) => round6(r.lng) },
  { header: '纬度', value: (r) => round6(r.lat) },
  { header: '情景', value: (_, p) => p.scenarioName },
]

const LEVEL_NAMES = { street: '街道', community: '社区' } as const

function areaColumns(plan: PlanSnapshot): Column<PlanAreaRow>[] {
  const perMinute = plan.minutes.flatMap((m): Column<PlanAreaRow>[] => {
    const k = String(m)
    return [
      { header: `${m}分钟覆盖居民（现状）`, value: (r) => r.before[k] ?? 0 },
      { header: `${m}分钟覆盖率%（现状）`, value: (r) => share(r.before[k] ?? 0, r.residents) },
      { header: `${m}分钟覆盖居民（方案）`, value: (r) => (r.after ? (r.after[k] ?? 0) : (r.before[k] ?? 0)) },
      { header: `${m}分钟覆盖率%（方案）`, value: (r) => share(r.after ? (r.after[k] ?? 0) : (r.before[k] ?? 0), r.residents) },
      { header: `${m}分钟变化`, value: (r) => (r.after ? (r.after[k] ?? 0) - (r.before[k] ?? 0) : 0) },
    ]
  })
  return [
    { header: '层级', value: (r) => LEVEL_NAMES[r.level] },
    { header: '名称', value: (r) => r.name },
    { header: '所属街道', value: (r) => r.parentName },
    { header: '区划编号', value: (r) => r.id },
    { header: '居民', value: (r) => r.residents },
    ...perMinute,
    { header: '情景', value: () => plan.scenarioName },
  ]
}

function csv<R>(rows: readonly R[], columns: readonly Column<R>[], plan: PlanSnapshot): string {
  // Numbers stay numbers; null is an empty cell. csv-stringify quotes commas, quotes and line breaks.
  const records = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => c.value(r, plan)))]
  return BOM + stringify(records, { record_delimiter: '\r\n' })
}

/** 方案站点变动: every station added, moved or taken out. */
export const planStationsCsv = (plan: PlanSnapshot) => csv(plan.stations, STATION_COLUMNS, plan)
/** 智能选址建议: the suggested sites in rank order. */
export const suggestedSitesCsv = (plan: PlanSnapshot) => csv(plan.sites, SITE_COLUMNS, plan)
/** 分区覆盖: streets, then communities, before and after the plan. */
export const areaCoverageCsv = (plan: PlanSnapshot) => csv(plan.areas, areaColumns(plan), plan)

function features<R>(rows: readonly R[], columns: readonly Column<R>[], plan: PlanSnapshot, geometry: (r: R) => Geometry | null): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.map(
      (r): Feature => ({
        type: 'Feature',
        geometry: geometry(r) as Geometry,
        properties: Object.fromEntries(columns.map((c) => [c.header, c.value(r, plan)])),
      }),
    ),
  }
}

const point = (r: { lng: number; lat: number }): Point => ({ type: 'Point', coordinates: [round6(r.lng), round6(r.lat)] })

export const planStationsGeoJson = (plan: PlanSnapshot) => features(plan.stations, STATION_COLUMNS, plan, point)
export const suggestedSitesGeoJson = (plan: PlanSnapshot) => features(plan.sites, SITE_COLUMNS, plan, point)
/** With each area's outline where the planner has it (communities); null geometry otherwise, as GeoJSON allows. */
export const areaCoverageGeoJson = (plan: PlanSnapshot, shapes: ReadonlyMap<string, Geometry> = new Map()) =>
  features(plan.areas, areaColumns(plan), plan, (r) => shapes.get(r.id) ?? null)

export type PlanExportKind = 'plan' | 'sites' | 'areas'
export const EXPORT_TITLES: Record<PlanExportKind, string> = { plan: '规划方案站点', sites: '智能选址建议', areas: '分区覆盖统计' }

/** "规划方案站点_现状在用_20261130-1148.csv": what, which scenario, when (China time). */
export function exportFileName(kind: PlanExportKind, plan: PlanSnapshot, ext: 'csv' | 'geojson'): string {
  const t = new Date(Date.parse(plan.createdAt) + 8 * 3600_000).toISOString()
  const stamp = `${t.slice(0, 10).replaceAll('-', '')}-${t.slice(11, 16).replace(':', '')}`
  const scenario = plan.scenarioName.replace(/[+\s/\\]/g, '')
  return `${EXPORT_TITLES[kind]}_${scenario}_${stamp}.${ext}`
}

export function exportFile(kind: PlanExportKind, plan: PlanSnapshot, ext: 'csv' | 'geojson', shapes?: ReadonlyMap<string, Geometry>) {
  const name = exportFileName(kind, plan, ext)
  if (ext === 'csv') {
    const text = kind === 'plan' ? planStationsCsv(plan) : kind === 'sites' ? suggestedSitesCsv(plan) : areaCoverageCsv(plan)
    return { name, type: 'text/csv;charset=utf-8', text }
  }
  const fc = kind === 'plan' ? planStationsGeoJson(plan) : kind === 'sites' ? suggestedSitesGeoJson(plan) : areaCoverageGeoJson(plan, shapes)
  return { name, type: 'application/geo+json', text: JSON.stringify(fc) }
}
