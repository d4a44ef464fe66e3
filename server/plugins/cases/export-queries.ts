import type pg from 'pg'
import { CATEGORIES } from '../../domain/cases/taxonomy.ts'
import { CASE_STATUS_NAMES, CLASS_721_NAMES, SOURCE_NAMES } from '../../domain/vocabulary/index.ts'
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

/** Chinese names of the codes, as parallel arrays joined in by the query (so a spreadsheet reads them). */
const NAME_LISTS: readonly [property: string, column: string, names: Record<string, string>][] = [
  ['categoryName', 'category', Object.fromEntries(CATEGORIES.map((c) => [c.code, c.name]))],
  ['statusName', 'status', CASE_STATUS_NAMES],
  ['class721Name', 'class_721', CLASS_721_NAMES],
  ['sourceName', 'source', SOURCE_NAMES],
]

/** One page of the selected cases after `afterId`, in id order, with the public columns and the codes' names. */
export async function caseExportPage(
  db: pg.Pool, selection: CaseSelection, afterId: string | number | null, limit: number, encoding: GeometryEncoding,
): Promise<ExportPage> {
  const params: unknown[] = []
  const joins = NAME_LISTS.map(([, column, names], i) => {
    params.push(Object.keys(names), Object.values(names))
    return `LEFT JOIN unnest($${params.length - 1}::text[], $${params.length}::text[]) AS n${i}(code, name) ON n${i}.code = t.${column}`
  })
  const where = caseConditions(selection, 't', params)
  if (afterId !== null) {
    params.push(afterId)
    where.push(`t.id > $${params.length}::bigint`)
  }
  params.push(limit)
  const names = NAME_LISTS.map(([property], i) => `n${i}.name AS "${property}"`).join(', ')
  const result = await db.query<ExportRow>(
    `SELECT ${PUBLIC_CASE_COLUMNS}, ${names}, ${geometrySelect('t.geom', encoding)}
     FROM cases t ${joins.join(' ')}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY t.id LIMIT $${params.length}`,
    params,
  )
  return pageOf(result)
}
