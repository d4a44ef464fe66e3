import type pg from 'pg'
import { bulkLoad, geomFromJson } from '../lib/bulk.ts'
import { LOCATION_COLUMNS, mapColumns } from '../lib/columns.ts'
import { idFromCode, stableId } from '../lib/ids.ts'
import { rowLocation } from '../lib/locate.ts'
import { lookup, namesOf } from '../lib/labels.ts'
import { silentProgress } from '../lib/progress.ts'
import { readTable } from '../lib/read-table.ts'
import { rejectProblems, resolveAreas, type RegisterOptions } from '../lib/register.ts'
import { countLoaded, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { STATION_KIND_LABELS, STATION_STATUS_LABELS } from './vocabulary.ts'

export const STATION_COLUMNS = {
  code: ['编号', '编码', '代码', 'code', 'id'],
  name: ['名称', '站点名称', '阵地名称', 'name'],
  kind: ['类型', '类别', '阵地类型', 'kind', 'type'],
  status: ['状态', '建设状态', 'status'],
  area: ['所属区域', '所属网格', '所属社区', 'area', 'area_id', 'area_code'],
  floorArea: ['面积', '建筑面积', '使用面积', 'floor_area', 'area_m2'],
  hours: ['开放时间', 'hours', 'opening_hours'],
  services: ['服务项目', '服务内容', 'services'],
  ...LOCATION_COLUMNS,
} as const

/**
 * A register of 党群服务阵地 (CSV, xlsx or GeoJSON points): every row checked (kind and status by code or
 * Chinese name, coordinates in any supported CRS or an address matched to a building name), placed in the
 * finest area containing it (or the area its 所属区域 column names), and upserted by a stable id (its
 * code, else name + kind), so re-running the same register changes nothing.
 */
export async function importStations(pool: pg.Pool, file: string, options: RegisterOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const report = newReport('stations', file)
  const table = await readTable(file)
  const cols = mapColumns(table.header, STATION_COLUMNS, ['name', 'kind'], file)
  const rows: Record<string, unknown>[] = []
  const seen = new Map<string, string>()
  for (const { where, values } of table.rows) {
    const reasons: string[] = []
    const get = (k: keyof typeof STATION_COLUMNS) => (cols[k] ? values[cols[k]!]?.trim() ?? '' : '')
    const name = get('name')
    if (!name) reasons.push('no name (名称)')
    const kind = lookup(STATION_KIND_LABELS, get('kind'))
    if (!kind) reasons.push(`kind (类型) '${get('kind')}' is not one of ${namesOf(STATION_KIND_LABELS)}`)
    const status = get('status') ? lookup(STATION_STATUS_LABELS, get('status')) : 'in_service'
    if (!status) reasons.push(`status (状态) '${get('status')}' is not one of ${namesOf(STATION_STATUS_LABELS)}`)
    const floorArea = get('floorArea') ? Number(get('floorArea').replace(/m²|㎡|平方米/g, '')) : null
    if (floorArea !== null && !(floorArea > 0 && floorArea < 1e6)) reasons.push(`floor area (面积) '${get('floorArea')}' is not a positive number of m²`)
    const location = rowLocation(values, cols, options.crs ?? 'wgs84', reasons)
    const code = get('code')
    const id = code ? idFromCode('station', code) : stableId('station', name, kind ?? '')
    if (seen.has(id)) reasons.push(`repeats ${code ? `code ${code}` : `name and kind`} of ${seen.get(id)}`)
    if (reasons.length) {
      report.rejected.push({ where, reasons })
      continue
    }
    seen.set(id, where)
    rows.push({
      where, id, name, kind, status, floorArea, hours: get('hours') || null, area: get('area') || null,
      services: get('services') ? get('services').split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean) : [],
      lngLat: location!.lngLat, address: location!.address,
    })
  }
  await runImport(pool, { source: `import:stations ${file}`, clearDemo: options.clearDemo }, async (client) => {
    await client.query(`CREATE TEMP TABLE imp_stations (ord serial, "where" text, id text, name text, kind text, status text, "floorArea" numeric,
      hours text, area text, services text[], address text, geom geometry, area_id text, area_level text, compound_id text, problem text) ON COMMIT DROP`)
    await bulkLoad(client, {
      label: 'stations', rows,
      recordType: '"where" text, id text, name text, kind text, status text, "floorArea" numeric, hours text, area text, services json, address text, "lngLat" json',
      sql: `INSERT INTO imp_stations ("where", id, name, kind, status, "floorArea", hours, area, services, address, geom)
            SELECT "where", id, name, kind, status, "floorArea", hours, area, ARRAY(SELECT json_array_elements_text(services)), address,
                   CASE WHEN "lngLat"::text <> 'null' THEN ${geomFromJson('Point', '"lngLat"')} END FROM r`,
    })
    await placeRows(client)
    await rejectProblems(client, 'imp_stations', report, options.strict ?? false)
    const done = await client.query(
      `INSERT INTO stations (id, name, kind, status, area_id, compound_id, floor_area, hours, services, address, geom)
       SELECT id, name, kind, status, area_id, compound_id, "floorArea", hours, services, address, geom FROM imp_stations ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, status = excluded.status, area_id = excluded.area_id,
         compound_id = excluded.compound_id, floor_area = excluded.floor_area, hours = excluded.hours, services = excluded.services,
         address = excluded.address, geom = excluded.geom`,
    )
    countLoaded(report, 'stations', done.rowCount ?? 0)
  })
  ;(options.progress ?? silentProgress).stop()
  report.durationMs = Date.now() - started
  return report
}

/**
 * Resolve addresses to a building's entrance (its name equals the address, as buildings from OSM are
 * named by addr:street + housenumber), then the area (the named one, else the finest containing the
 * point) and the compound containing it. Rows left without a place get a `problem`.
 */
async function placeRows(client: pg.PoolClient): Promise<void> {
  await client.query(`UPDATE imp_stations s SET geom = (SELECT b.entrance FROM buildings b WHERE b.name = s.address ORDER BY b.id LIMIT 1)
    WHERE s.geom IS NULL AND s.address IS NOT NULL`)
  await client.query(`UPDATE imp_stations SET problem = 'address ' || quote_literal(address) || ' matches no building name' WHERE geom IS NULL`)
  await resolveAreas(client, 'imp_stations', '所属区域')
  await client.query(`UPDATE imp_stations s SET area_id = (SELECT a.id FROM areas a WHERE a.geom && s.geom AND ST_Intersects(a.geom, s.geom)
      ORDER BY array_position(ARRAY['district', 'street', 'community', 'grid'], a.level) DESC, a.id LIMIT 1)
    WHERE s.area_id IS NULL AND s.problem IS NULL`)
  await client.query(`UPDATE imp_stations SET problem = 'outside every area' WHERE area_id IS NULL AND problem IS NULL`)
  await client.query(`UPDATE imp_stations s SET compound_id = (SELECT c.id FROM compounds c WHERE c.geom && s.geom AND ST_Contains(c.geom, s.geom) ORDER BY c.id LIMIT 1)
    WHERE s.problem IS NULL`)
}
