import type pg from 'pg'
import { bulkLoad } from '../lib/bulk.ts'
import { mapColumns } from '../lib/columns.ts'
import { stableId } from '../lib/ids.ts'
import { readTable } from '../lib/read-table.ts'
import { countLoaded, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { lookup, namesOf } from '../lib/labels.ts'
import { PHONE, rejectProblems, resolveAreas, type RegisterOptions } from '../lib/register.ts'

export const WORKER_COLUMNS = {
  name: ['姓名', '名称', 'name'],
  phone: ['电话', '手机', '联系电话', 'phone'],
  role: ['角色', '岗位', '类别', 'role'],
  area: ['所属区域', '所属网格', '网格', '社区', 'area', 'area_id', 'area_code'],
} as const

/** Worker roles by code or by the names in web/src/vocab.ts (to move to the vocabulary module). */
const ROLES = {
  grid_worker: ['网格员', '专职网格员', '兼职网格员'],
  police_liaison: ['政法干警', '网格警长', '民警'],
  community_worker: ['社区工作者', '社工'],
} as const

/**
 * A register of people on the ground (网格员, 政法干警进网格, 社区工作者): each row needs a name, a role and
 * the area it serves (by code, id or name); ids are stable from name + role + area, so re-running changes
 * nothing. Phone numbers are personal data and are masked wherever they leave the database.
 */
export async function importWorkers(pool: pg.Pool, file: string, options: RegisterOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const report = newReport('workers', file)
  const table = await readTable(file)
  const cols = mapColumns(table.header, WORKER_COLUMNS, ['name', 'role', 'area'], file)
  const rows: Record<string, unknown>[] = []
  for (const { where, values } of table.rows) {
    const reasons: string[] = []
    const get = (k: keyof typeof WORKER_COLUMNS) => (cols[k] ? values[cols[k]!]?.trim() ?? '' : '')
    const name = get('name'), area = get('area'), phone = get('phone') || null
    if (!name) reasons.push(`no ${cols.name}`)
    if (!area) reasons.push(`no ${cols.area}`)
    const role = lookup(ROLES, get('role'))
    if (!role) reasons.push(`${cols.role} '${get('role')}' is not one of ${namesOf(ROLES)}`)
    if (phone && !PHONE.test(phone)) reasons.push(`${cols.phone} '${phone}' is not a phone number`)
    if (reasons.length) report.rejected.push({ where, reasons })
    else rows.push({ where, id: stableId('worker', name, role!, area), name, phone, role, area })
  }
  await runImport(pool, { source: `import:workers ${file}`, clearDemo: options.clearDemo }, async (client) => {
    await client.query(`CREATE TEMP TABLE imp_workers (ord serial, "where" text, id text, name text, phone text, role text, area text, area_id text, area_level text, problem text) ON COMMIT DROP`)
    await bulkLoad(client, {
      label: 'workers', rows, recordType: '"where" text, id text, name text, phone text, role text, area text',
      sql: 'INSERT INTO imp_workers ("where", id, name, phone, role, area) SELECT "where", id, name, phone, role, area FROM r',
    })
    await resolveAreas(client, 'imp_workers', 'area')
    await client.query(`UPDATE imp_workers w SET problem = 'repeats ' || f."where" FROM imp_workers f WHERE f.id = w.id AND f.ord < w.ord AND w.problem IS NULL`)
    await rejectProblems(client, 'imp_workers', report, options.strict ?? false)
    const done = await client.query(
      `INSERT INTO workers (id, name, phone, role, area_id) SELECT id, name, phone, role, area_id FROM imp_workers ORDER BY ord
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, role = excluded.role, area_id = excluded.area_id`,
    )
    countLoaded(report, 'workers', done.rowCount ?? 0)
  })
  report.durationMs = Date.now() - started
  return report
}
