import type pg from 'pg'
import { CATEGORIES } from '../../domain/cases/taxonomy.ts'
import { CASE_STATUS_NAMES, CLASS_721_NAMES, PRIORITY_NAMES, RESOLVED_LEVEL_NAMES, SOURCE_NAMES } from '../../domain/vocabulary/index.ts'
import { geometrySelect, pageOf, type ExportPage, type ExportRow, type GeometryEncoding } from '../../lib/export/pages.ts'
import { caseConditions, type CaseSelection } from './queries.ts'

/**
 * What of a case may leave the server in a file or a GIS layer (this export and the OGC `cases`
 * collection). reporter_name/reporter_phone are personal data; description, address, resolution and the
 * evaluation comment are free text residents and operators type, which can carry the same.
 */
export const PUBLIC_CASE_COLUMNS = `t.id, t.source, t.category, t.class_721 AS "class721", t.title, t.priority, t.status,
      t.building_id AS "buildingId", t.compound_id AS "compoundId", t.grid_id AS "gridId",
      t.community_id AS "communityId", t.street_id AS "streetId", t.district_id AS "districtId",
      t.satisfaction, t.reopen_count AS "reopenCount", t.created_at AS "createdAt", t.deadline_at AS "deadlineAt",
      t.resolved_at AS "resolvedAt", t.closed_at AS "closedAt"`

const CATEGORY_NAMES = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.name]))

type NameList = readonly [property: string, column: string, names: Record<string, string>]

/** Chinese names of the codes, as parallel arrays joined in by the query (so a spreadsheet reads them). */
const NAME_LISTS: readonly NameList[] = [
  ['categoryName', 'category', CATEGORY_NAMES],
  ['statusName', 'status', CASE_STATUS_NAMES],
  ['class721Name', 'class_721', CLASS_721_NAMES],
  ['sourceName', 'source', SOURCE_NAMES],
]

/** The joins that name codes, with their parameters pushed onto `params`. */
function nameJoins(lists: readonly NameList[], params: unknown[]): string {
  return lists
    .map(([, column, names], i) => {
      params.push(Object.keys(names), Object.values(names))
      return `LEFT JOIN unnest($${params.length - 1}::text[], $${params.length}::text[]) AS n${i}(code, name) ON n${i}.code = t.${column}`
    })
    .join(' ')
}

/** The sheet's coded columns, headed in Chinese. */
const SHEET_NAME_LISTS: readonly NameList[] = [
  ['类别', 'category', CATEGORY_NAMES],
  ['721分类', 'class_721', CLASS_721_NAMES],
  ['来源', 'source', SOURCE_NAMES],
  ['优先级', 'priority', PRIORITY_NAMES],
  ['状态', 'status', CASE_STATUS_NAMES],
  ['办结层级', 'resolved_level', RESOLVED_LEVEL_NAMES],
]

/** China Standard Time has no daylight saving: UTC+8 always, whatever time zones the database knows. */
const cst = (expr: string) => `to_char((${expr} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD HH24:MI')`

/** One page of the selected cases after `afterId`, in id order, with the public columns and the codes' names. */
export async function caseExportPage(
  db: pg.Pool, selection: CaseSelection, afterId: string | number | null, limit: number, encoding: GeometryEncoding,
): Promise<ExportPage> {
  const params: unknown[] = []
  const joins = nameJoins(NAME_LISTS, params)
  const where = caseConditions(selection, 't', params)
  if (afterId !== null) {
    params.push(afterId)
    where.push(`t.id > $${params.length}::bigint`)
  }
  params.push(limit)
  const names = NAME_LISTS.map(([property], i) => `n${i}.name AS "${property}"`).join(', ')
  const result = await db.query<ExportRow>(
    `SELECT ${PUBLIC_CASE_COLUMNS}, ${names}, ${geometrySelect('t.geom', encoding)}
     FROM cases t ${joins}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY t.id LIMIT $${params.length}`,
    params,
  )
  return pageOf(result)
}

/**
 * One page of the selected cases as a sheet for people (the workbench's CSV): Chinese headers, names
 * instead of ids and codes, China time, longitude and latitude; no reporter data or free text, as above.
 * Rows keep `id` for paging, outside the columns written.
 */
export async function caseSheetPage(db: pg.Pool, selection: CaseSelection, afterId: string | number | null, limit: number): Promise<ExportPage> {
  const params: unknown[] = []
  const joins = nameJoins(SHEET_NAME_LISTS, params)
  const where = caseConditions(selection, 't', params)
  if (afterId !== null) {
    params.push(afterId)
    where.push(`t.id > $${params.length}::bigint`)
  }
  params.push(limit)
  const names = SHEET_NAME_LISTS.map(([header], i) => `n${i}.name AS "${header}"`)
  const result = await db.query<ExportRow>(
    `SELECT t.id, t.id AS "编号", t.title AS "标题", ${names.slice(0, 5).join(', ')},
            s.name AS "街道", c.name AS "社区", g.name AS "网格", cp.name AS "小区", b.name AS "楼栋",
            ${cst('t.created_at')} AS "受理时间", ${cst('t.deadline_at')} AS "办理时限", ${cst('t.resolved_at')} AS "办结时间",
            ${cst('t.closed_at')} AS "结案时间", ${names[5]},
            CASE WHEN coalesce(t.resolved_at, now()) > t.deadline_at THEN '是' ELSE '否' END AS "超期",
            t.satisfaction AS "满意度", t.reopen_count AS "重办次数",
            round(ST_X(t.geom)::numeric, 6) AS "经度", round(ST_Y(t.geom)::numeric, 6) AS "纬度"
     FROM cases t ${joins}
     LEFT JOIN areas s ON s.id = t.street_id LEFT JOIN areas c ON c.id = t.community_id LEFT JOIN areas g ON g.id = t.grid_id
     LEFT JOIN compounds cp ON cp.id = t.compound_id LEFT JOIN buildings b ON b.id = t.building_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY t.id LIMIT $${params.length}`,
    params,
  )
  const page = pageOf(result)
  return { rows: page.rows, columns: page.columns.filter((c) => c.name !== 'id') }
}
