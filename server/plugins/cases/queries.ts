import type pg from 'pg'
import type { CaseEvent, CaseState, Placement, Status } from '../../domain/cases/types.ts'
import type { Class721, Source } from '../../domain/cases/taxonomy.ts'
import type { TimeRange } from '../../domain/cases/time-window.ts'
import { CASE_COLUMNS, rowToState, STATE_SELECT, stateExprs, type CaseRow } from './state-sql.ts'
import { EVENT_ORDER_LOCK } from './log-queries.ts'
import type { Scope } from '../../domain/access/policy.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'
import { likeContains } from '../../lib/like.ts'
import type { CaseSort } from './schemas.ts'

export type Db = pg.Pool | pg.PoolClient

const preparing = new WeakSet<object>()

/**
 * Let this pool keep the hot statements prepared on each connection (parsed and planned once). Only
 * for a real PostgreSQL: the embedded one is a single session under all connections, where
 * statement names would collide.
 */
export function usePreparedStatements(pool: pg.Pool): void {
  preparing.add(pool)
}

export const statement = (db: Db, name: string, text: string, values: unknown[]): pg.QueryConfig =>
  preparing.has(db) ? { name, text, values } : { text, values }

/** "Nearest within a few metres": a report on the pavement outside a building still belongs to it. */
export const BUILDING_SNAP_METRES = 5
/** Possible duplicates: an open case of the same category this close and this recent (FixMyStreet's rule). */
export const DUPLICATE_METRES = 50
export const DUPLICATE_HOURS = 24

export interface Located extends Placement {
  nextId: number
  duplicateOf: number | null
  /** The case already stored under the point's (source, externalId), if any. */
  existingId: number | null
}

export interface LocatePoint {
  lng: number
  lat: number
  category: string
  at: string
  source?: string
  externalId?: string | null
}

/**
 * Place points in the geography and reserve a case id for each, in one round trip: the areas of every
 * level that contain the point, the building whose footprint contains it (or the nearest within
 * BUILDING_SNAP_METRES), the compound, and an open case of the same category nearby that it may repeat.
 * ST_Expand prefilters in degrees (metres / length of a degree of longitude) so the GiST indexes are
 * used; the nearby open case is found through the partial index on open cases, nearest first.
 */
export async function locate(db: Db, points: LocatePoint[]): Promise<Located[]> {
  const { rows } = await db.query(statement(db, 'cases.locate',
    `SELECT p.ord, nextval('cases_id_seq') AS next_id, g.grid_id, g.community_id, g.street_id, g.district_id,
            b.id AS building_id, coalesce(b.compound_id, cp.id) AS compound_id, d.id AS duplicate_of,
            (SELECT x.id FROM cases x WHERE x.source = p.source AND x.external_id = p.external_id) AS existing_id
     FROM unnest($1::float8[], $2::float8[], $3::text[], $4::timestamptz[], $8::text[], $9::text[])
          WITH ORDINALITY AS p(lng, lat, category, at, source, external_id, ord)
     CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326) AS g,
                                1 / (111320 * greatest(cos(radians(p.lat)), 0.01)) AS deg_per_m) pt
     CROSS JOIN LATERAL (
       SELECT min(a.id) FILTER (WHERE a.level = 'grid') AS grid_id, min(a.id) FILTER (WHERE a.level = 'community') AS community_id,
              min(a.id) FILTER (WHERE a.level = 'street') AS street_id, min(a.id) FILTER (WHERE a.level = 'district') AS district_id
       FROM areas a WHERE ST_Intersects(a.geom, pt.g)) g
     LEFT JOIN LATERAL (
       SELECT b.id, b.compound_id FROM buildings b
       WHERE b.footprint && ST_Expand(pt.g, $5 * pt.deg_per_m) AND ST_DWithin(b.footprint::geography, pt.g::geography, $5)
       ORDER BY ST_Distance(b.footprint::geography, pt.g::geography), b.id LIMIT 1) b ON true
     LEFT JOIN LATERAL (SELECT c.id FROM compounds c WHERE ST_Intersects(c.geom, pt.g) ORDER BY c.id LIMIT 1) cp ON true
     LEFT JOIN LATERAL (
       SELECT k.id FROM cases k
       WHERE k.status IN ('received', 'dispatched', 'handling') AND k.geom && ST_Expand(pt.g, $6 * pt.deg_per_m)
         AND k.category = p.category AND k.created_at > p.at - make_interval(hours => $7) AND k.created_at <= p.at
         AND ST_DWithin(k.geom::geography, pt.g::geography, $6)
       ORDER BY k.geom <-> pt.g, k.id LIMIT 1) d ON true
     ORDER BY p.ord`,
    [points.map((p) => p.lng), points.map((p) => p.lat), points.map((p) => p.category), points.map((p) => p.at),
      BUILDING_SNAP_METRES, DUPLICATE_METRES, DUPLICATE_HOURS, points.map((p) => p.source ?? null), points.map((p) => p.externalId ?? null)],
  ))
  return rows.map((r) => ({
    nextId: Number(r.next_id),
    buildingId: r.building_id,
    compoundId: r.compound_id,
    gridId: r.grid_id,
    communityId: r.community_id,
    streetId: r.street_id,
    districtId: r.district_id,
    duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
    existingId: r.existing_id === null ? null : Number(r.existing_id),
  }))
}

// The event insert shared by every write: the shared ordering lock is taken on the row that feeds it,
// so the id (the column default) is drawn while holding it; the statement commits on its own right
// after, releasing it. Writers share the lock and commit in parallel; see log-queries.ts for readers.
const appendEvent = (from: string) => `
  l AS (SELECT ${from}.id, pg_advisory_xact_lock_shared(${EVENT_ORDER_LOCK}) AS locked FROM ${from}),
  e AS (INSERT INTO case_events (case_id, type, at, actor, payload, view)
        SELECT l.id, $2::jsonb->>'type', ($2::jsonb->>'at')::timestamptz, $2::jsonb->>'actor', $2::jsonb->'payload', $3::jsonb
        FROM l RETURNING id)
  SELECT id FROM e`

/**
 * Insert a new case and its 'created' event in one autocommit statement. Returns the event id, or
 * null when (source, externalId) already exists (nothing is written then).
 */
export async function insertCase(db: Db, state: CaseState, event: CaseEvent, view: unknown): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(statement(db, 'cases.insert',
    `WITH s AS (SELECT $1::jsonb AS j),
     c AS (INSERT INTO cases (${CASE_COLUMNS}) SELECT ${stateExprs('s.j')} FROM s
           ON CONFLICT (source, external_id) DO NOTHING RETURNING id),
     ${appendEvent('c')}`,
    [JSON.stringify(state), JSON.stringify(event), JSON.stringify(view)],
  ))
  return rows[0]?.id ?? null
}

/** What a transition does to the whistle table besides the case row. */
export type WhistleChange = 'escalate' | 'report' | null

const WHISTLE_SQL: Record<Exclude<WhistleChange, null>, string> = {
  escalate: `w AS (INSERT INTO case_escalations (case_id, department, from_level, from_area_id, escalated_at, report_by)
     SELECT u.id, s.j#>>'{escalation,department}', s.j#>>'{escalation,fromLevel}', s.j#>>'{escalation,fromAreaId}',
            (s.j#>>'{escalation,escalatedAt}')::timestamptz, (s.j#>>'{escalation,reportBy}')::timestamptz FROM u, s),`,
  report: `w AS (UPDATE case_escalations SET reported_at = (s.j#>>'{escalation,reportedAt}')::timestamptz FROM s
     WHERE case_id = (SELECT id FROM u) AND reported_at IS NULL),`,
}

/**
 * Write a case's next state and the event that produced it, if the row is still at `prevVersion`.
 * Returns the event id, or null when someone else changed the case first (the caller re-reads).
 */
export async function updateCase(
  db: Db,
  prevVersion: number,
  next: CaseState,
  event: CaseEvent,
  view: unknown,
  whistle: WhistleChange,
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(statement(db, `cases.update.${whistle ?? 'plain'}`,
    `WITH s AS (SELECT $1::jsonb AS j),
     u AS (UPDATE cases SET (${CASE_COLUMNS}) = (SELECT ${stateExprs('s.j')} FROM s)
           WHERE id = $4 AND version = $5 RETURNING id),
     ${whistle ? WHISTLE_SQL[whistle] : ''}
     ${appendEvent('u')}`,
    [JSON.stringify(next), JSON.stringify(event), JSON.stringify(view), next.id, prevVersion],
  ))
  return rows[0]?.id ?? null
}

export async function getCase(db: Db, id: number): Promise<CaseState | null> {
  const { rows } = await db.query<CaseRow>(statement(db, 'cases.get', `SELECT ${STATE_SELECT} FROM cases c WHERE c.id = $1`, [id]))
  return rows[0] ? rowToState(rows[0]) : null
}

/** Whether a case exists and lies in a scope, decided by the same SQL condition every case query uses. */
export async function caseInScope(db: Db, id: number, scope: Scope): Promise<'absent' | 'outside' | 'inside'> {
  const params: unknown[] = [id]
  const cond = caseScopeSql(scope, 'c', params)
  const { rows } = await db.query<{ inside: boolean }>(`SELECT (${cond}) AS inside FROM cases c WHERE c.id = $1`, params)
  return rows.length === 0 ? 'absent' : rows[0].inside ? 'inside' : 'outside'
}

/** Whether a point lies in an area (an account's scope root): where a scoped account may report. */
export async function pointInArea(db: Db, areaId: string, lng: number, lat: number): Promise<boolean> {
  const { rows } = await db.query<{ inside: boolean }>(
    'SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside FROM areas WHERE id = $1',
    [areaId, lng, lat],
  )
  return rows[0]?.inside ?? false
}

export async function getCaseByExternalId(db: Db, source: Source, externalId: string): Promise<CaseState | null> {
  const { rows } = await db.query<CaseRow>(`SELECT ${STATE_SELECT} FROM cases c WHERE c.source = $1 AND c.external_id = $2`, [source, externalId])
  return rows[0] ? rowToState(rows[0]) : null
}

export async function findArea(db: Db, id: string): Promise<{ id: string; level: 'district' | 'street' | 'community' | 'grid'; name: string } | null> {
  const { rows } = await db.query('SELECT id, level, name FROM areas WHERE id = $1', [id])
  return rows[0] ?? null
}

export const AREA_COLUMN = { district: 'district_id', street: 'street_id', community: 'community_id', grid: 'grid_id' } as const

/** What selects cases, for the list and the export alike. */
export interface CaseSelection {
  area?: { level: keyof typeof AREA_COLUMN; id: string }
  statuses?: readonly Status[]
  categories?: readonly string[]
  class721?: Class721
  source?: Source
  range?: TimeRange | null
  overdue?: boolean
  ids?: number[]
  buildingId?: string
  priorities?: readonly string[]
  /** Words in the title or (for principals with personal data) the address; a number is a case id. */
  q?: string
  /** pending: a whistle awaiting report-in; any: ever whistled (for a department: to it). */
  whistle?: 'pending' | 'any'
  /** The principal's reach: applied in SQL on top of every filter. */
  scope?: Scope
  now: string
}

/** The only ORDER BY expressions a list can get: the request names one by key, never by text. */
const SORT_SQL: Record<CaseSort, string> = {
  created: 'c.created_at',
  deadline: 'c.deadline_at',
  updated: 'c.updated_at',
  priority: "CASE c.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END",
}

export interface CaseFilter extends CaseSelection {
  limit: number
  offset: number
  sort?: CaseSort
  order?: 'asc' | 'desc'
}

/** The WHERE conditions for a selection on the cases table aliased `alias`; values go on `params`. */
export function caseConditions(f: CaseSelection, alias: string, params: unknown[]): string[] {
  const where: string[] = []
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value)
    where.push(sql(`$${params.length}`))
  }
  const c = alias
  if (f.area) add((p) => `${c}.${AREA_COLUMN[f.area!.level]} = ${p}`, f.area.id)
  if (f.statuses?.length) add((p) => `${c}.status = ANY(${p}::text[])`, f.statuses)
  if (f.categories?.length) add((p) => `${c}.category = ANY(${p}::text[])`, f.categories)
  if (f.class721) add((p) => `${c}.class_721 = ${p}`, f.class721)
  if (f.source) add((p) => `${c}.source = ${p}`, f.source)
  if (f.ids?.length) add((p) => `${c}.id = ANY(${p}::bigint[])`, f.ids)
  if (f.buildingId) add((p) => `${c}.building_id = ${p}`, f.buildingId)
  if (f.priorities?.length) add((p) => `${c}.priority = ANY(${p}::text[])`, f.priorities)
  const q = f.q?.trim()
  if (q && /^\d{1,15}$/.test(q)) add((p) => `${c}.id = ${p}::bigint`, Number(q))
  else if (q) {
    // The address is free text only principals with personal data see; others search titles only.
    const address = (p: string) => (f.scope?.personalData === false ? '' : ` OR ${c}.address ILIKE ${p} ESCAPE '\\'`)
    add((p) => `(${c}.title ILIKE ${p} ESCAPE '\\'${address(p)})`, likeContains(q))
  }
  if (f.whistle) {
    const pending = f.whistle === 'pending' ? ' AND ce.reported_at IS NULL' : ''
    if (f.scope?.department) add((p) => `EXISTS (SELECT 1 FROM case_escalations ce WHERE ce.case_id = ${c}.id${pending} AND ce.department = ${p})`, f.scope.department)
    else where.push(`EXISTS (SELECT 1 FROM case_escalations ce WHERE ce.case_id = ${c}.id${pending})`)
  }
  if (f.scope) where.push(caseScopeSql(f.scope, c, params))
  if (f.range) {
    add((p) => `${c}.created_at >= ${p}`, f.range.from)
    add((p) => `${c}.created_at < ${p}`, f.range.to)
  }
  if (f.overdue !== undefined) add((p) => `${f.overdue ? '' : 'NOT '}(coalesce(${c}.resolved_at, ${p}) > ${c}.deadline_at)`, f.now)
  return where
}

/** Cases matching every given filter, newest first unless sorted otherwise, with the total before paging. */
export async function listCases(db: Db, f: CaseFilter): Promise<{ total: number; states: CaseState[] }> {
  const params: unknown[] = []
  const where = caseConditions(f, 'c', params)
  const dir = f.order === 'asc' ? 'ASC' : 'DESC'
  params.push(f.limit, f.offset)
  const { rows } = await db.query<CaseRow & { total: number }>(
    `SELECT ${STATE_SELECT}, count(*) OVER () AS total FROM cases c
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${SORT_SQL[f.sort ?? 'created']} ${dir}, c.id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  let total = rows[0]?.total ?? 0
  // Past the last page the window count is missing; count separately so the client still knows the size.
  if (rows.length === 0 && f.offset > 0) {
    const count = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params.slice(0, -2),
    )
    total = count.rows[0].n
  }
  return { total, states: rows.map(rowToState) }
}
