import type pg from 'pg'
import type { GeometryTypeName } from '../../lib/export/gpkg-geometry.ts'
import { geometrySelect, pageOf, type ExportPage, type ExportRow, type GeometryEncoding } from '../../lib/export/pages.ts'
import { PUBLIC_CASE_COLUMNS } from '../cases/export-queries.ts'
import type { CollectionId } from './collections.ts'
import type { BBox, TimeFilter } from './params.ts'
import type { Scope } from '../../domain/access/policy.ts'
import { caseScopeSql } from '../../lib/scope-sql.ts'

/**
 * Where each collection's features come from. Every identifier here is fixed in code; requests only
 * choose a key of this table, and values (bbox, times, ids, limit, offset) travel as $n parameters.
 * `properties` aliases columns to the published property names so a row is a feature's properties.
 */
interface Source {
  /** The table, aliased t; its primary key is t.id and orders every page. */
  table: string
  /** Joins needed only for properties (never change the row count). */
  joins?: string
  /** A fixed filter that carves the collection out of a shared table. */
  where?: string
  keyType: 'text' | 'bigint'
  geom: string
  /** The geometry column's PostGIS type (migrations), which a GeoPackage declares. */
  geometryType: GeometryTypeName
  time?: string
  properties: string
  /** Rows are cases: a reader sees only those in its scope. */
  scoped?: boolean
}

const AREA_PROPS = `t.id, t.code, t.name, t.level, t.parent_id AS "parentId",
  coalesce(x.residents, 0) AS residents, coalesce(x.households, 0) AS households, coalesce(x.buildings, 0) AS buildings`
const area = (level: string): Source => ({
  table: 'areas t', joins: 'LEFT JOIN area_totals x ON x.area_id = t.id', where: `t.level = '${level}'`,
  keyType: 'text', geom: 't.geom', geometryType: 'MULTIPOLYGON', properties: AREA_PROPS,
})

const SOURCES: Record<CollectionId, Source> = {
  districts: area('district'),
  streets: area('street'),
  communities: area('community'),
  grids: area('grid'),
  buildings: {
    table: 'buildings t', keyType: 'text', geom: 't.footprint', geometryType: 'POLYGON',
    properties: `t.id, t.name, t.kind, t.floors, t.households, t.residents,
      t.party_member_households AS "partyMemberHouseholds",
      EXISTS (SELECT 1 FROM party_orgs o WHERE o.building_id = t.id AND o.kind = 'building_group') AS "partyGroup",
      t.grid_id AS "gridId", t.compound_id AS "compoundId"`,
  },
  compounds: {
    // The company's name only: its phone stays out of a layer anyone can download.
    table: 'compounds t', joins: 'LEFT JOIN property_companies p ON p.id = t.property_company_id',
    keyType: 'text', geom: 't.geom', geometryType: 'POLYGON',
    properties: `t.id, t.name, t.community_id AS "communityId", t.grid_id AS "gridId", p.name AS "propertyCompany",
      t.walled, t.built_year AS "builtYear"`,
  },
  stations: {
    table: 'stations t', keyType: 'text', geom: 't.geom', geometryType: 'POINT',
    properties: `t.id, t.name, t.kind, t.status, t.floor_area AS "floorArea", t.hours, t.services, t.address,
      t.area_id AS "areaId", t.compound_id AS "compoundId"`,
  },
  'walk-edges': {
    table: 'walk_edges t', keyType: 'bigint', geom: 't.geom', geometryType: 'LINESTRING',
    properties: 't.id, t.source, t.target, t.length_m AS "lengthM", t.kind, t.name, t.compound_id AS "compoundId"',
  },
  cases: {
    // The case list export's columns (cases plugin): no reporter, no free text.
    table: 'cases t', keyType: 'bigint', geom: 't.geom', geometryType: 'POINT', time: 't.created_at', scoped: true,
    properties: PUBLIC_CASE_COLUMNS,
  },
}

export interface ItemFilter {
  bbox?: BBox
  time?: TimeFilter
  /** The reader's scope, applied to scoped collections (cases). */
  scope?: Scope
  /** An area id: features whose point on surface lies in that area (exports only). */
  area?: string
}

export type FeatureRow = Record<string, unknown> & { id: string | number; geometry: string }

/** WHERE clause and values for a collection and filter; placeholders start at $1. */
function whereOf(src: Source, filter: ItemFilter): { sql: string; values: unknown[] } {
  const clauses: string[] = []
  const values: unknown[] = []
  const param = (v: unknown) => (values.push(v), `$${values.length}`)
  if (src.where) clauses.push(src.where)
  if (src.scoped && filter.scope) clauses.push(caseScopeSql(filter.scope, 't', values))
  if (filter.bbox) {
    const [w, s, e, n] = filter.bbox.map(param)
    // && lets the GiST index pick candidates; ST_Intersects drops those whose bounding box only touches.
    const env = `ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`
    clauses.push(`${src.geom} && ${env} AND ST_Intersects(${src.geom}, ${env})`)
  }
  if (filter.area !== undefined) {
    // Each feature counts for the one area its point on surface lies in, so sibling areas' exports do not
    // share the buildings and edges on their common border; && lets the GiST index pick candidates.
    const area = `(SELECT geom FROM areas WHERE id = ${param(filter.area)})`
    clauses.push(`${src.geom} && ${area} AND ST_Intersects(${area}, ST_PointOnSurface(${src.geom}))`)
  }
  if (filter.time && src.time) {
    if (filter.time.start !== null) clauses.push(`${src.time} >= ${param(filter.time.start)}::timestamptz`)
    if (filter.time.end !== null) clauses.push(`${src.time} <= ${param(filter.time.end)}::timestamptz`)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', values }
}

/**
 * One page of a collection in primary-key order, and how many features the filter matches in all.
 * Both come from one statement, so from one snapshot: a case committed meanwhile cannot make the
 * count disagree with the page. The count row is joined on even when the page is empty. Keys are
 * paged first so that the rows OFFSET skips are not turned into GeoJSON only to be thrown away.
 */
export async function listItems(db: pg.Pool, id: CollectionId, filter: ItemFilter, limit: number, offset: number) {
  const src = SOURCES[id]
  const where = whereOf(src, filter)
  const n = where.values.length
  const { rows } = await db.query<FeatureRow & { _matched: number }>(
    `WITH keys AS (SELECT t.id FROM ${src.table} ${where.sql} ORDER BY t.id LIMIT $${n + 1} OFFSET $${n + 2}),
     page AS (
       SELECT ${src.properties}, ST_AsGeoJSON(${src.geom}, 7) AS geometry
       FROM keys JOIN ${src.table} ON t.id = keys.id ${src.joins ?? ''}),
     matched AS (SELECT count(*)::int AS n FROM ${src.table} ${where.sql})
     SELECT matched.n AS _matched, page.* FROM matched LEFT JOIN page ON true ORDER BY page.id`,
    [...where.values, limit, offset],
  )
  const matched = rows[0]._matched
  const features = rows[0].id === null ? [] : rows.map(({ _matched, ...row }) => row as FeatureRow)
  return { rows: features, matched }
}

/**
 * The features after `afterId` in primary-key order (keyset paging: each page costs the same however
 * deep the export is), with the geometry in the encoding the export format needs.
 */
export async function itemsAfter(
  db: pg.Pool, id: CollectionId, filter: ItemFilter, afterId: string | number | null, limit: number, encoding: GeometryEncoding,
): Promise<ExportPage> {
  const src = SOURCES[id]
  const where = whereOf(src, filter)
  const n = where.values.length
  const after = afterId === null ? '' : `${where.sql ? 'AND' : 'WHERE'} t.id > $${n + 2}${src.keyType === 'bigint' ? '::bigint' : ''}`
  const result = await db.query<ExportRow>(
    `SELECT ${src.properties}, ${geometrySelect(src.geom, encoding)}
     FROM ${src.table} ${src.joins ?? ''} ${where.sql} ${after}
     ORDER BY t.id LIMIT $${n + 1}`,
    afterId === null ? [...where.values, limit] : [...where.values, limit, afterId],
  )
  return pageOf(result)
}

/** The PostGIS type of a collection's geometry. */
export const geometryTypeOf = (id: CollectionId): GeometryTypeName => SOURCES[id].geometryType

/** An area's name, or null when there is no such area. */
export async function areaName(db: pg.Pool, id: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM areas WHERE id = $1', [id])
  return rows[0]?.name ?? null
}

/** One feature by primary key, or null. Ids that cannot be a key of this collection match nothing. */
export async function getItem(db: pg.Pool, id: CollectionId, featureId: string, scope?: Scope): Promise<FeatureRow | null> {
  const src = SOURCES[id]
  if (src.keyType === 'bigint' && !/^[0-9]{1,15}$/.test(featureId)) return null
  const where = whereOf(src, { scope })
  const { rows } = await db.query<FeatureRow>(
    `SELECT ${src.properties}, ST_AsGeoJSON(${src.geom}, 7) AS geometry
     FROM ${src.table} ${src.joins ?? ''} ${where.sql ? `${where.sql} AND` : 'WHERE'} t.id = $${where.values.length + 1}`,
    [...where.values, featureId],
  )
  return rows[0] ?? null
}

export interface Extent {
  bbox: [number, number, number, number] | null
  /** First and last instant, for temporal collections. */
  interval: [string, string] | null
}

/** Bounding box (CRS84) of one collection, and for a temporal one its first and last instant. */
export async function collectionExtent(db: pg.Pool, id: CollectionId): Promise<Extent> {
  const src = SOURCES[id]
  const where = whereOf(src, {})
  const time = src.time ?? 'NULL::timestamptz'
  const { rows } = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number; t0: Date | null; t1: Date | null }>(
    `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax, t0, t1
     FROM (SELECT ST_Extent(${src.geom}) AS e, min(${time}) AS t0, max(${time}) AS t1 FROM ${src.table} ${where.sql}) s`,
  )
  const r = rows[0]
  return {
    bbox: r.xmin === null ? null : [r.xmin, r.ymin, r.xmax, r.ymax],
    interval: r.t0 && r.t1 ? [r.t0.toISOString(), r.t1.toISOString()] : null,
  }
}
