import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { TimeRange } from '../../domain/cases/time-window.ts'
import { PROPERTY_CATEGORIES, REPEAT_DAYS, withRates, type Figures } from '../../domain/property/figures.ts'
import { areaScopeSql, caseScopeSql } from '../../lib/scope-sql.ts'

export type Db = pg.Pool | pg.PoolClient

export interface CompanyRow {
  id: string
  name: string
  phone: string | null
}

export interface FigureRow {
  companyId: string
  /** null when grouped by company. */
  compoundId: string | null
  figures: Figures
}

/**
 * The compounds a property company manages that lie in the scope's area (its grid in the subtree), with
 * their households (the sum over their buildings).
 */
const COMPOUNDS_IN_SCOPE = (areaCond: string, companyCond: string) => `
  SELECT cp.id, cp.property_company_id AS company_id,
         coalesce((SELECT sum(b.households) FROM buildings b WHERE b.compound_id = cp.id), 0)::int AS households
  FROM compounds cp
  WHERE cp.property_company_id IS NOT NULL AND ${companyCond} AND ${areaCond}`

/**
 * Figures per company (or per compound of one company) over the window, as server/domain/property/
 * figures.ts defines them — the tests hold the two to the same answers. Cases are read from REPEAT_DAYS
 * before the window so a repeat of a case just before it is seen; `lag` over (building, category) in
 * (created_at, id) order finds the case each one follows. Events after `to` do not count: the figures
 * are as of the moment they were read. Hours before the window are 24 × REPEAT_DAYS, not a calendar
 * interval, so the session's time zone cannot move them.
 */
export async function figureRows(
  db: Db,
  scope: Scope,
  range: TimeRange,
  by: { level: 'company' } | { level: 'compound'; companyId: string },
): Promise<FigureRow[]> {
  const params: unknown[] = [range.from, range.to, [...PROPERTY_CATEGORIES], REPEAT_DAYS * 24]
  const companyCond = by.level === 'compound' ? `cp.property_company_id = $${params.push(by.companyId)}` : 'TRUE'
  const areaCond = areaScopeSql(scope, 'cp.grid_id', params)
  const caseCond = caseScopeSql(scope, 'c', params)
  const compoundKey = by.level === 'compound' ? 'cp.id' : 'NULL::text'
  const { rows } = await db.query(
    `WITH cp AS (${COMPOUNDS_IN_SCOPE(areaCond, companyCond)}),
     seq AS (
       SELECT c.id, c.compound_id, c.building_id, c.category, c.created_at, c.started_at, c.resolved_at,
              c.evaluated_at, c.satisfaction, c.reopen_count,
              lag(c.created_at) OVER (PARTITION BY c.building_id, c.category ORDER BY c.created_at, c.id) AS prev_at
       FROM cases c JOIN cp ON cp.id = c.compound_id
       WHERE c.created_at >= $1::timestamptz - make_interval(hours => $4) AND c.created_at < $2 AND ${caseCond}),
     w AS (
       SELECT s.compound_id, s.category,
              (s.reopen_count > 0 OR (s.building_id IS NOT NULL AND s.created_at - s.prev_at <= make_interval(hours => $4))) AS repeat,
              CASE WHEN s.started_at <= $2 THEN extract(epoch FROM s.started_at - s.created_at) / 3600 END AS response_h,
              CASE WHEN s.resolved_at <= $2 THEN extract(epoch FROM s.resolved_at - s.created_at) / 3600 END AS settle_h,
              CASE WHEN s.evaluated_at <= $2 THEN s.satisfaction END AS rating
       FROM seq s WHERE s.created_at >= $1),
     size AS (
       SELECT cp.company_id, ${compoundKey} AS compound_id, count(*) AS compounds, sum(cp.households) AS households
       FROM cp GROUP BY 1, 2),
     k AS (
       SELECT cp.company_id, ${compoundKey} AS compound_id,
              count(w.compound_id) AS complaints,
              count(*) FILTER (WHERE w.category = ANY($3::text[])) AS property,
              count(w.response_h) AS started,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY w.response_h) AS response_h,
              count(w.settle_h) AS resolved,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY w.settle_h) AS settle_h,
              count(w.rating) AS rated,
              avg(w.rating) AS rating,
              count(*) FILTER (WHERE w.repeat) AS repeats
       FROM cp JOIN w ON w.compound_id = cp.id GROUP BY 1, 2)
     SELECT size.*, k.complaints, k.property, k.started, k.response_h, k.resolved, k.settle_h, k.rated, k.rating, k.repeats
     FROM size LEFT JOIN k ON k.company_id = size.company_id AND k.compound_id IS NOT DISTINCT FROM size.compound_id
     ORDER BY size.company_id, size.compound_id`,
    params,
  )
  return rows.map((r) => ({
    companyId: r.company_id,
    compoundId: r.compound_id,
    figures: withRates({
      compounds: r.compounds,
      households: r.households,
      complaints: r.complaints ?? 0,
      propertyComplaints: r.property ?? 0,
      started: r.started ?? 0,
      responseHours: r.response_h,
      resolved: r.resolved ?? 0,
      settleHours: r.settle_h,
      rated: r.rated ?? 0,
      satisfaction: r.rating,
      repeats: r.repeats ?? 0,
    }),
  }))
}

export async function companiesByIds(db: Db, ids: string[]): Promise<Map<string, CompanyRow>> {
  const { rows } = await db.query<CompanyRow>('SELECT id, name, phone FROM property_companies WHERE id = ANY($1::text[])', [ids])
  return new Map(rows.map((r) => [r.id, r]))
}

export async function findCompany(db: Db, id: string): Promise<CompanyRow | null> {
  const { rows } = await db.query<CompanyRow>('SELECT id, name, phone FROM property_companies WHERE id = $1', [id])
  return rows[0] ?? null
}

export interface CompoundPlaceRow {
  id: string
  name: string
  community_name: string
  grid_name: string
  buildings: number
}

/** Names of one company's compounds in scope and the areas they lie in, for its card. */
export async function compoundPlaces(db: Db, scope: Scope, companyId: string): Promise<CompoundPlaceRow[]> {
  const params: unknown[] = [companyId]
  const { rows } = await db.query<CompoundPlaceRow>(
    `SELECT cp.id, cp.name, cm.name AS community_name, g.name AS grid_name,
            (SELECT count(*) FROM buildings b WHERE b.compound_id = cp.id)::int AS buildings
     FROM compounds cp JOIN areas g ON g.id = cp.grid_id JOIN areas cm ON cm.id = cp.community_id
     WHERE cp.property_company_id = $1 AND ${areaScopeSql(scope, 'cp.grid_id', params)}
     ORDER BY cp.name, cp.id`,
    params,
  )
  return rows
}

export interface LatestCaseRow {
  id: number
  title: string
  category: string
  status: string
  created_at: Date
  compound_id: string
  compound_name: string
  building_name: string | null
}

/**
 * The newest cases in the window in a company's compounds, in scope. Only what a card shows: no
 * reporter, no address, no free-text description (where residents write names and doors).
 */
export async function latestCases(db: Db, scope: Scope, range: TimeRange, companyId: string, limit: number): Promise<LatestCaseRow[]> {
  const params: unknown[] = [companyId, range.from, range.to, limit]
  const { rows } = await db.query<LatestCaseRow>(
    `SELECT c.id, c.title, c.category, c.status, c.created_at, c.compound_id, cp.name AS compound_name, b.name AS building_name
     FROM cases c JOIN compounds cp ON cp.id = c.compound_id LEFT JOIN buildings b ON b.id = c.building_id
     WHERE cp.property_company_id = $1 AND c.created_at >= $2 AND c.created_at < $3
       AND ${areaScopeSql(scope, 'cp.grid_id', params)} AND ${caseScopeSql(scope, 'c', params)}
     ORDER BY c.created_at DESC, c.id DESC LIMIT $4`,
    params,
  )
  return rows
}

export interface CompoundShapeRow {
  id: string
  name: string
  company_id: string | null
  geometry: string
}

/** Outlines of the compounds in scope (self-managed ones too), simplified for a district-wide map. */
export async function compoundShapes(db: Db, scope: Scope): Promise<CompoundShapeRow[]> {
  const params: unknown[] = []
  const { rows } = await db.query<CompoundShapeRow>(
    `SELECT cp.id, cp.name, cp.property_company_id AS company_id,
            ST_AsGeoJSON(ST_SimplifyPreserveTopology(cp.geom, 0.00001), 6) AS geometry
     FROM compounds cp WHERE ${areaScopeSql(scope, 'cp.grid_id', params)} ORDER BY cp.id`,
    params,
  )
  return rows
}
