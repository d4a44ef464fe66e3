import type pg from 'pg'
import { AREA_LEVEL_NAMES } from '../../../server/domain/vocabulary/index.ts'
import { bulkLoad, geomFromJson } from '../lib/bulk.ts'
import { LOCATION_COLUMNS, mapColumns } from '../lib/columns.ts'
import { lookup, namesOf } from '../lib/labels.ts'
import { rowLocation } from '../lib/locate.ts'
import { matchBuildings } from '../lib/match-buildings.ts'
import { silentProgress } from '../lib/progress.ts'
import { readTable } from '../lib/read-table.ts'
import { PHONE, rejectProblems, resolveAreas, type RegisterOptions } from '../lib/register.ts'
import { countLoaded, ImportError, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { linkParents } from './link-parents.ts'
import { CENTRAL_HOUSEHOLD, KIND_OF_LEVEL, ORG_LEVEL, PARTY_ROW_LABELS, type PartyRowKind } from './vocabulary.ts'

export const PARTY_COLUMNS = {
  kind: ['类型', '组织类型', '类别', '层级', 'kind', 'type'],
  name: ['组织名称', '党组织名称', '名称', 'name', 'org_name'],
  code: ['组织编码', '组织代码', '编码', '编号', 'code', 'org_code'],
  parent: ['上级组织', '上级党组织', '所属组织', '所属党组织', '上级', 'parent', 'parent_code'],
  area: ['所属区域', '所属网格', '所属社区', 'area', 'area_id', 'area_code'],
  building: ['楼栋编号', '楼栋id', '楼栋', 'building_id', 'building'],
  members: ['党员数', '党员人数', '党员数量', 'members'],
  secretary: ['书记', '党组织书记', '组长', '负责人', 'secretary', 'leader'],
  householder: ['户主', '户主姓名', '中心户户主', 'householder'],
  phone: ['电话', '联系电话', '手机', 'phone'],
  ...LOCATION_COLUMNS,
} as const

/**
 * A party register (党组织台账): one row per organisation — 党委 (district, street or community), 网格党支部,
 * 楼栋党小组 — or per 党员中心户. Organisations covering an area name it in 所属区域 (code, id or name; 类型
 * may then be left out, the area's level says it); building groups and 中心户 name their building by
 * 楼栋编号, coordinates (any CRS) or address, matched as the building register matches them. 上级组织
 * (a code or name in the register, or an organisation already loaded) may be left out: the organisation
 * of the nearest enclosing area is taken, as the demo district is organised. Ids follow the demo's
 * (PO-<area or building id>, one organisation per area and per building), so re-running the register
 * updates the same rows. 书记, 户主 and 电话 are personal data and land in the columns every route masks.
 */
export async function importParty(pool: pg.Pool, file: string, options: RegisterOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const report = newReport('party', file)
  const table = await readTable(file)
  const cols = mapColumns(table.header, PARTY_COLUMNS, [], file)
  if (!cols.kind && !cols.area && !cols.householder) {
    throw new ImportError(`${file}: no column saying what each row is: 类型 (kind), 所属区域 (area) or 户主 (householder); the header is ${table.header.join(', ')}`)
  }
  const rows: Record<string, unknown>[] = []
  for (const { where, values } of table.rows) {
    const reasons: string[] = []
    const get = (k: keyof typeof PARTY_COLUMNS) => (cols[k] ? values[cols[k]!]?.trim() ?? '' : '')
    const householder = get('householder'), phone = get('phone'), area = get('area')
    const bid = get('building')
    const locates = Boolean(bid || get('address') || get('lng') || get('lat'))
    let kind: PartyRowKind | null = null
    if (get('kind')) {
      kind = lookup(PARTY_ROW_LABELS, get('kind'))
      if (!kind) reasons.push(`${cols.kind} '${get('kind')}' is not one of ${namesOf(PARTY_ROW_LABELS)}`)
    } else if (householder) kind = CENTRAL_HOUSEHOLD
    else if (locates && !area) kind = 'building_group'
    else if (!area) reasons.push('neither 类型 (kind) nor 所属区域 (area) nor 户主 (householder) says what the row is')
    const onBuilding = kind === CENTRAL_HOUSEHOLD || kind === 'building_group'
    if (kind === CENTRAL_HOUSEHOLD) {
      if (!householder) reasons.push('a 党员中心户 row needs 户主 (householder)')
      if (phone && !PHONE.test(phone)) reasons.push(`${cols.phone} '${phone}' is not a phone number`)
    }
    if (kind && !onBuilding && !area) reasons.push(`a ${PARTY_ROW_LABELS[kind][0]} needs 所属区域 (area)`)
    let location = null
    if (onBuilding) {
      if (!locates) reasons.push('no building: 楼栋编号, 经度/纬度 or 地址 (the building name)')
      else if (!bid) location = rowLocation(values, cols, options.crs ?? 'wgs84', reasons)
    }
    const membersText = get('members')
    const members = membersText ? Number(membersText) : null
    if (members !== null && !(Number.isInteger(members) && members >= 0)) reasons.push(`${cols.members} '${membersText}' must be a whole number ≥ 0`)
    if (reasons.length) {
      report.rejected.push({ where, reasons })
      continue
    }
    rows.push({
      where, kind, name: get('name') || null, code: get('code') || null, parent: get('parent') || null,
      area: onBuilding ? null : area, bid: onBuilding ? bid || null : null, lngLat: location?.lngLat ?? null, address: location?.address ?? null,
      members, secretary: get('secretary') || null, householder: householder || null, phone: phone || null,
    })
  }

  await runImport(pool, { source: `import:party ${file}`, clearDemo: options.clearDemo }, async (client) => {
    await client.query(`CREATE TEMP TABLE imp_party (ord serial, "where" text, kind text, name text, code text, parent text, area text, bid text,
      address text, geom geometry, members int, secretary text, householder text, phone text,
      area_id text, area_level text, building_id text, id text, parent_id text, problem text) ON COMMIT DROP`)
    await bulkLoad(client, {
      label: 'party register', rows,
      recordType: '"where" text, kind text, name text, code text, parent text, area text, bid text, address text, "lngLat" json, members int, secretary text, householder text, phone text',
      sql: `INSERT INTO imp_party ("where", kind, name, code, parent, area, bid, address, geom, members, secretary, householder, phone)
            SELECT "where", kind, name, code, parent, area, bid, address, CASE WHEN "lngLat"::text <> 'null' THEN ${geomFromJson('Point', '"lngLat"')} END,
                   members, secretary, householder, phone FROM r`,
    })
    await placeRows(client)
    await linkParents(client)
    await rejectProblems(client, 'imp_party', report, options.strict ?? false)
    const orgs = await client.query(
      `INSERT INTO party_orgs (id, kind, name, area_id, building_id, parent_id, members, secretary)
       SELECT id, kind, name, area_id, building_id, parent_id, coalesce(members, 0), secretary FROM imp_party WHERE kind <> $1 ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, area_id = excluded.area_id, building_id = excluded.building_id,
         parent_id = excluded.parent_id, members = excluded.members, secretary = excluded.secretary`,
      [CENTRAL_HOUSEHOLD],
    )
    countLoaded(report, 'party_orgs', orgs.rowCount ?? 0)
    const households = await client.query(
      `INSERT INTO party_households (id, building_id, org_id, householder, phone)
       SELECT id, building_id, parent_id, householder, phone FROM imp_party WHERE kind = $1 ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET building_id = excluded.building_id, org_id = excluded.org_id, householder = excluded.householder, phone = excluded.phone`,
      [CENTRAL_HOUSEHOLD],
    )
    countLoaded(report, 'party_households', households.rowCount ?? 0)
  })
  ;(options.progress ?? silentProgress).stop()
  report.durationMs = Date.now() - started
  return report
}

/**
 * Give every staged row its area, building, kind, id and name: area organisations by 所属区域 (its level
 * must be the kind's), building groups and 中心户 by their building (whose grid is their area). Ids are
 * the demo's: PO-<building id> for a building group, PO-<area id> otherwise; a 中心户 is identified by
 * building and householder. A second row for the same organisation or household is rejected.
 */
async function placeRows(client: pg.PoolClient): Promise<void> {
  const kindName = JSON.stringify(Object.fromEntries(Object.entries(PARTY_ROW_LABELS).map(([k, n]) => [k, n[0]])))
  await resolveAreas(client, 'imp_party', '所属区域')
  await client.query(`UPDATE imp_party SET kind = $1::json ->> area_level WHERE kind IS NULL AND problem IS NULL`, [JSON.stringify(KIND_OF_LEVEL)])
  await client.query(
    `UPDATE imp_party SET problem = format('a %s covers a %s, but 所属区域 %L is a %s', $2::json ->> kind, $3::json ->> ($1::json ->> kind), area, $3::json ->> area_level)
     WHERE area_id IS NOT NULL AND area_level <> $1::json ->> kind AND problem IS NULL`,
    [JSON.stringify(ORG_LEVEL), kindName, JSON.stringify(AREA_LEVEL_NAMES)],
  )
  await matchBuildings(client, 'imp_party')
  await client.query(`UPDATE imp_party p SET area_id = b.grid_id, area_level = 'grid' FROM buildings b WHERE b.id = p.building_id`)
  await client.query(
    `UPDATE imp_party SET id = CASE WHEN kind = $1 THEN 'PH-' || substr(md5(building_id || '|' || householder), 1, 12)
                                    ELSE 'PO-' || coalesce(building_id, area_id) END WHERE problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
  await client.query(
    `UPDATE imp_party r SET problem = CASE WHEN r.kind = $1 THEN format('repeats %s (the same 户主 in the same building)', f."where")
                                          ELSE format('repeats %s (one %s per %s)', f."where", $2::json ->> f.kind, CASE WHEN r.building_id IS NULL THEN 'area' ELSE 'building' END) END
     FROM imp_party f WHERE f.id = r.id AND f.ord < r.ord AND f.problem IS NULL AND r.problem IS NULL`,
    [CENTRAL_HOUSEHOLD, kindName],
  )
  // Unnamed organisations are named as the demo names them (楼栋 + 党小组, 网格 + 党支部, 中共 + 社区 + 委员会 …).
  await client.query(
    `UPDATE imp_party p SET name = CASE p.kind
        WHEN 'building_group' THEN (SELECT b.name FROM buildings b WHERE b.id = p.building_id) || '党小组'
        WHEN 'grid_branch' THEN a.name || '党支部'
        WHEN 'street_working_committee' THEN '中共' || a.name || '工作委员会'
        ELSE '中共' || a.name || '委员会' END
     FROM areas a WHERE a.id = p.area_id AND p.name IS NULL AND p.kind <> $1 AND p.problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
}
