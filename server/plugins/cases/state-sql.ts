import type { CaseState } from '../../domain/cases/types.ts'

/**
 * The one mapping between a CaseState and a cases row. States travel into SQL as one jsonb
 * parameter and are unpacked by `stateExprs`; rows come back through `rowToState`.
 */
export const CASE_COLUMNS = [
  'id', 'source', 'external_id', 'category', 'class_721', 'title', 'description', 'address', 'reporter_name',
  'reporter_phone', 'priority', 'status', 'geom', 'reported_lng', 'reported_lat', 'reported_crs', 'building_id',
  'compound_id', 'grid_id', 'community_id', 'street_id', 'district_id', 'possible_duplicate_of', 'dispatched_level',
  'dispatched_to', 'resolved_level', 'resolution', 'satisfaction', 'evaluation_comment', 'escalation', 'reopen_count',
  'created_at', 'deadline_at', 'dispatched_at', 'started_at', 'resolved_at', 'evaluated_at', 'closed_at', 'updated_at',
  'version',
].join(', ')

/** SQL expressions, in CASE_COLUMNS order, reading a state from the jsonb expression `j`. */
export function stateExprs(j: string): string {
  const t = (k: string) => `${j}->>'${k}'`
  const ts = (k: string) => `(${j}->>'${k}')::timestamptz`
  return [
    `(${t('id')})::bigint`, t('source'), t('externalId'), t('category'), t('class721'), t('title'), t('description'),
    t('address'), t('reporterName'), t('reporterPhone'), t('priority'), t('status'),
    `ST_SetSRID(ST_MakePoint((${j}#>>'{location,lng}')::float8, (${j}#>>'{location,lat}')::float8), 4326)`,
    `(${j}#>>'{reported,lng}')::float8`, `(${j}#>>'{reported,lat}')::float8`, `${j}#>>'{reported,crs}'`,
    t('buildingId'), t('compoundId'), t('gridId'), t('communityId'), t('streetId'), t('districtId'),
    `(${t('possibleDuplicateOf')})::bigint`, `${j}#>>'{dispatchedTo,level}'`, `${j}#>>'{dispatchedTo,id}'`,
    t('resolvedLevel'), t('resolution'), `(${t('satisfaction')})::smallint`, t('evaluationComment'),
    `nullif(${j}->'escalation', 'null'::jsonb)`, `(${t('reopenCount')})::integer`,
    ts('createdAt'), ts('deadlineAt'), ts('dispatchedAt'), ts('startedAt'), ts('resolvedAt'), ts('evaluatedAt'),
    ts('closedAt'), ts('updatedAt'), `(${t('version')})::integer`,
  ].join(', ')
}

/** The select list that `rowToState` reads (table alias c). */
export const STATE_SELECT = `c.id, c.source, c.external_id, c.category, c.class_721, c.title, c.description, c.address,
  c.reporter_name, c.reporter_phone, c.priority, c.status, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
  c.reported_lng, c.reported_lat, c.reported_crs, c.building_id, c.compound_id, c.grid_id, c.community_id,
  c.street_id, c.district_id, c.possible_duplicate_of, c.dispatched_level, c.dispatched_to, c.resolved_level,
  c.resolution, c.satisfaction, c.evaluation_comment, c.escalation, c.reopen_count, c.created_at, c.deadline_at,
  c.dispatched_at, c.started_at, c.resolved_at, c.evaluated_at, c.closed_at, c.updated_at, c.version`

export type CaseRow = Record<string, unknown>

const iso = (v: unknown) => (v === null || v === undefined ? null : (v as Date).toISOString())

export function rowToState(r: CaseRow): CaseState {
  return {
    id: Number(r.id),
    source: r.source as CaseState['source'],
    externalId: r.external_id as string | null,
    category: r.category as string,
    class721: r.class_721 as CaseState['class721'],
    title: r.title as string,
    description: r.description as string | null,
    address: r.address as string | null,
    reporterName: r.reporter_name as string | null,
    reporterPhone: r.reporter_phone as string | null,
    priority: r.priority as CaseState['priority'],
    status: r.status as CaseState['status'],
    location: { lng: r.lng as number, lat: r.lat as number },
    reported: { lng: r.reported_lng as number, lat: r.reported_lat as number, crs: r.reported_crs as CaseState['reported']['crs'] },
    buildingId: r.building_id as string | null,
    compoundId: r.compound_id as string | null,
    gridId: r.grid_id as string | null,
    communityId: r.community_id as string | null,
    streetId: r.street_id as string | null,
    districtId: r.district_id as string | null,
    possibleDuplicateOf: r.possible_duplicate_of === null ? null : Number(r.possible_duplicate_of),
    dispatchedTo: r.dispatched_level ? { level: r.dispatched_level as never, id: r.dispatched_to as string } : null,
    resolvedLevel: r.resolved_level as CaseState['resolvedLevel'],
    resolution: r.resolution as string | null,
    satisfaction: r.satisfaction as number | null,
    evaluationComment: r.evaluation_comment as string | null,
    escalation: (r.escalation as CaseState['escalation']) ?? null,
    reopenCount: r.reopen_count as number,
    createdAt: iso(r.created_at)!,
    deadlineAt: iso(r.deadline_at)!,
    dispatchedAt: iso(r.dispatched_at),
    startedAt: iso(r.started_at),
    resolvedAt: iso(r.resolved_at),
    evaluatedAt: iso(r.evaluated_at),
    closedAt: iso(r.closed_at),
    updatedAt: iso(r.updated_at)!,
    version: r.version as number,
  }
}
