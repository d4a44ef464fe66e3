import type pg from 'pg'
import { bulkLoad, geomFromJson } from '../lib/bulk.ts'
import { LOCATION_COLUMNS, mapColumns } from '../lib/columns.ts'
import { rowLocation } from '../lib/locate.ts'
import { silentProgress } from '../lib/progress.ts'
import { readTable } from '../lib/read-table.ts'
import { countLoaded, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { matchBuildings } from '../lib/match-buildings.ts'
import { rejectProblems, type RegisterOptions } from '../lib/register.ts'

export const BUILDING_COLUMNS = {
  id: ['楼栋编号', '楼栋id', '编号', 'building_id', 'id', 'osm_id'],
  name: ['楼栋名称', '名称', 'name'],
  kind: ['类型', '用途', 'kind'],
  floors: ['层数', '楼层数', 'floors', 'levels'],
  households: ['户数', '住户数', 'households'],
  residents: ['人口', '人数', '常住人口', 'residents', 'population'],
  partyMemberHouseholds: ['党员户', '党员户数', 'party_member_households'],
  ...LOCATION_COLUMNS,
} as const

/** Building kinds by code or by the Chinese names the web app shows (web/src/vocab.ts). */
const KINDS: Record<string, string> = {
  住宅: 'residential', 商住: 'mixed', 公共建筑: 'public', 商业: 'commercial', 学校: 'school', 工业: 'industrial',
  residential: 'residential', mixed: 'mixed', public: 'public', commercial: 'commercial', school: 'school', industrial: 'industrial',
}

/**
 * A building register (楼栋台账): each row is matched to a building already loaded — by its id (the
 * database id or the OSM id), else the building whose outline contains its coordinates, else the one
 * named as its address (lib/match-buildings.ts) — and its figures (floors, households, residents, party-member households) replace
 * the estimates from the outline. Matched buildings are marked registered, so a later OSM import keeps
 * the figures. A register adds no buildings: an outline is needed for that.
 */
export async function importBuildingRegister(pool: pg.Pool, file: string, options: RegisterOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const report = newReport('buildings', file)
  const table = await readTable(file)
  const cols = mapColumns(table.header, BUILDING_COLUMNS, [], file)
  if (!cols.floors && !cols.households && !cols.residents && !cols.partyMemberHouseholds) {
    throw new Error(`${file}: no column with figures (层数/户数/人口/党员户); the header is ${table.header.join(', ')}`)
  }
  const rows: Record<string, unknown>[] = []
  for (const { where, values } of table.rows) {
    const reasons: string[] = []
    const get = (k: keyof typeof BUILDING_COLUMNS) => (cols[k] ? values[cols[k]!]?.trim() ?? '' : '')
    const count = (k: keyof typeof BUILDING_COLUMNS, min: number) => {
      const v = get(k)
      if (!v) return null
      const n = Number(v)
      if (!Number.isInteger(n) || n < min) reasons.push(`${cols[k]} '${v}' must be a whole number ≥ ${min}`)
      return n
    }
    const floors = count('floors', 1), households = count('households', 0), residents = count('residents', 0)
    const party = count('partyMemberHouseholds', 0)
    if (party !== null && households !== null && party > households) reasons.push(`${cols.partyMemberHouseholds} ${party} exceeds ${cols.households} ${households}`)
    const kind = get('kind') ? KINDS[get('kind')] : null
    if (kind === undefined) reasons.push(`${cols.kind} '${get('kind')}' is not one of ${Object.keys(KINDS).slice(0, 6).join('、')}`)
    const id = get('id') || null
    // Coordinates or an address only matter when there is no id to match by.
    const location = id ? null : rowLocation(values, cols, options.crs ?? 'wgs84', reasons)
    if (reasons.length) {
      report.rejected.push({ where, reasons })
      continue
    }
    rows.push({ where, bid: id, name: get('name') || null, kind, floors, households, residents, party, lngLat: location?.lngLat ?? null, address: location?.address ?? null })
  }
  await runImport(pool, { source: `import:buildings ${file}`, clearDemo: options.clearDemo }, async (client) => {
    await client.query(`CREATE TEMP TABLE imp_register (ord serial, "where" text, bid text, name text, kind text, floors int, households int,
      residents int, party int, address text, geom geometry, building_id text, problem text) ON COMMIT DROP`)
    await bulkLoad(client, {
      label: 'building register', rows,
      recordType: '"where" text, bid text, name text, kind text, floors int, households int, residents int, party int, address text, "lngLat" json',
      sql: `INSERT INTO imp_register ("where", bid, name, kind, floors, households, residents, party, address, geom)
            SELECT "where", bid, name, kind, floors, households, residents, party, address,
                   CASE WHEN "lngLat"::text <> 'null' THEN ${geomFromJson('Point', '"lngLat"')} END FROM r`,
    })
    await matchBuildings(client, 'imp_register')
    await client.query(`UPDATE imp_register r SET problem = 'the same building as ' || f."where" FROM imp_register f
      WHERE f.building_id = r.building_id AND f.ord < r.ord AND r.problem IS NULL AND f.problem IS NULL`)
    await rejectProblems(client, 'imp_register', report, options.strict ?? false)
    const done = await client.query(
      `UPDATE buildings b SET name = coalesce(r.name, b.name), kind = coalesce(r.kind, b.kind), floors = coalesce(r.floors, b.floors),
         households = coalesce(r.households, b.households), residents = coalesce(r.residents, b.residents),
         party_member_households = coalesce(r.party, b.party_member_households), registered = true
       FROM imp_register r WHERE b.id = r.building_id`,
    )
    countLoaded(report, 'buildings', done.rowCount ?? 0)
  })
  ;(options.progress ?? silentProgress).stop()
  report.durationMs = Date.now() - started
  return report
}
