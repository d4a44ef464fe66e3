import type pg from 'pg'
import type { Scope } from '../../domain/access/policy.ts'
import type { Candidate, DiscMeasure, Detection, WindowCase } from '../../domain/hotspots/detect.ts'
import type { LiveAlert } from '../../domain/hotspots/match.ts'
import type { HotspotStatus } from '../../domain/vocabulary/index.ts'
import { CATEGORIES } from '../../domain/cases/taxonomy.ts'

export type Db = pg.Pool | pg.PoolClient

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Cases created in (from, to], as the detector needs them. */
export async function windowCases(db: Db, from: Date, to: Date, categories: readonly string[] | null = null): Promise<WindowCase[]> {
  const { rows } = await db.query<{ id: string; category: string; lng: number; lat: number; created_at: Date; grid_id: string | null; compound_id: string | null; community_id: string | null; street_id: string | null; district_id: string | null }>(
    `SELECT id, category, ST_X(geom) AS lng, ST_Y(geom) AS lat, created_at, grid_id, compound_id, community_id, street_id, district_id
     FROM cases WHERE created_at > $1 AND created_at <= $2 AND ($3::text[] IS NULL OR category = ANY($3))`,
    [from, to, categories],
  )
  return rows.map((r) => ({
    id: Number(r.id), category: r.category, lng: r.lng, lat: r.lat, createdAt: r.created_at.getTime(),
    gridId: r.grid_id, compoundId: r.compound_id, communityId: r.community_id, streetId: r.street_id, districtId: r.district_id,
  }))
}

/** What every run needs of the district: residents, area and how many grids (the zones tested). */
export async function districtFacts(db: Db): Promise<{ residents: number; areaM2: number; grids: number }> {
  const { rows } = await db.query<{ residents: string | null; area_m2: number | null; grids: string }>(
    `SELECT (SELECT sum(residents) FROM buildings) AS residents,
            (SELECT ST_Area(ST_Union(geom)::geography) FROM areas WHERE level = 'district') AS area_m2,
            (SELECT count(*) FROM areas WHERE level = 'grid') AS grids`,
  )
  const r = rows[0]
  return { residents: Number(r.residents ?? 0), areaM2: r.area_m2 ?? 0, grids: Number(r.grids) }
}

/**
 * Each candidate's disc against its category's baseline (the baselineDays before its window) and the
 * residents of buildings whose entrance lies in it. Boxes in degrees find the rows through the GiST
 * indexes; the exact distance is then measured on the spheroid.
 */
export async function measureCandidates(db: Db, candidates: readonly Candidate[], asOf: Date, baselineDays: number, facts: { residents: number; areaM2: number }): Promise<DiscMeasure[]> {
  if (candidates.length === 0) return []
  const to = candidates.map((c) => new Date(asOf.getTime() - c.windowHours * HOUR))
  const from = to.map((t) => new Date(t.getTime() - baselineDays * DAY))
  const { rows } = await db.query<{ baseline_in: string; baseline_total: string; residents_in: string | null }>(
    `WITH d AS (
       SELECT i, category, r, bfrom, bto, ST_SetSRID(ST_MakePoint(lng, lat), 4326) AS pt,
              r / 110000.0 / cos(radians(lat)) AS deg
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::timestamptz[], $6::timestamptz[])
            WITH ORDINALITY AS u(category, lng, lat, r, bfrom, bto, i))
     SELECT
       (SELECT count(*) FROM cases c WHERE c.category = d.category AND c.created_at >= d.bfrom AND c.created_at < d.bto
          AND c.geom && ST_Expand(d.pt, d.deg) AND ST_DWithin(c.geom::geography, d.pt::geography, d.r)) AS baseline_in,
       (SELECT count(*) FROM cases c WHERE c.category = d.category AND c.created_at >= d.bfrom AND c.created_at < d.bto) AS baseline_total,
       (SELECT sum(b.residents) FROM buildings b
          WHERE b.footprint && ST_Expand(d.pt, d.deg) AND ST_DWithin(b.entrance::geography, d.pt::geography, d.r)) AS residents_in
     FROM d ORDER BY d.i`,
    [candidates.map((c) => c.category), candidates.map((c) => c.centre[0]), candidates.map((c) => c.centre[1]), candidates.map((c) => c.discM), from, to],
  )
  return rows.map((r, i) => {
    const disc = candidates[i].discM
    return {
      baselineIn: Number(r.baseline_in),
      baselineTotal: Number(r.baseline_total),
      residentsIn: Number(r.residents_in ?? 0),
      residentsTotal: facts.residents,
      areaShare: facts.areaM2 > 0 ? Math.min(1, (Math.PI * disc * disc) / facts.areaM2) : 1,
    }
  })
}

/** Open and acknowledged alerts, locked for the run that reconciles them. */
/**
 * The alerts a run at `asOf` reconciles: open or acknowledged, detected at or before `asOf` (a replay
 * of an earlier instant never rewrites what a later run saw), of `categories` when given.
 */
export async function liveAlerts(db: Db, asOf: Date, categories: readonly string[] | null = null): Promise<LiveAlert[]> {
  const { rows } = await db.query<{ id: string; category: string; lng: number; lat: number; window_hours: number; newest_case_at: Date; missed_runs: number }>(
    `SELECT id, category, ST_X(centre) AS lng, ST_Y(centre) AS lat, window_hours, newest_case_at, missed_runs
     FROM hotspot_alerts
     WHERE status <> 'closed' AND detected_at <= $1 AND ($2::text[] IS NULL OR category = ANY($2))
     ORDER BY id FOR UPDATE`,
    [asOf, categories],
  )
  return rows.map((r) => ({ id: Number(r.id), category: r.category, centre: [r.lng, r.lat], windowHours: r.window_hours, newest: r.newest_case_at.getTime(), missedRuns: r.missed_runs }))
}

const detectionValues = (d: Detection) => [
  d.category, d.gridId, d.communityId, d.streetId, d.districtId, d.compoundId, d.centre[0], d.centre[1], d.radiusM,
  d.observed, d.expected, d.pValue, d.windowHours, new Date(d.since), new Date(d.newest), d.caseIds,
]

export async function insertAlert(db: Db, d: Detection, asOf: Date): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO hotspot_alerts (category, grid_id, community_id, street_id, district_id, compound_id, centre, radius_m,
       observed, expected, p_value, window_hours, since, newest_case_at, case_ids, detected_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
     RETURNING id`,
    [...detectionValues(d), asOf],
  )
  return Number(rows[0].id)
}

/** The alert takes the new detection's figures; its start stays the earliest seen. */
export async function updateAlert(db: Db, id: number, d: Detection, asOf: Date): Promise<void> {
  await db.query(
    `UPDATE hotspot_alerts SET category = $1, grid_id = $2, community_id = $3, street_id = $4, district_id = $5, compound_id = $6,
       centre = ST_SetSRID(ST_MakePoint($7, $8), 4326), radius_m = $9, observed = $10, expected = $11, p_value = $12,
       window_hours = $13, since = LEAST(since, $14), newest_case_at = GREATEST(newest_case_at, $15), case_ids = $16,
       last_seen_at = $17, missed_runs = 0
     WHERE id = $18`,
    [...detectionValues(d), asOf, id],
  )
}

export async function markMissed(db: Db, missed: readonly { id: number; missedRuns: number }[]): Promise<void> {
  if (!missed.length) return
  await db.query(
    `UPDATE hotspot_alerts h SET missed_runs = u.n FROM unnest($1::bigint[], $2::int[]) AS u(id, n) WHERE h.id = u.id`,
    [missed.map((m) => m.id), missed.map((m) => m.missedRuns)],
  )
}

export async function closeAlerts(db: Db, ids: readonly number[], asOf: Date): Promise<void> {
  if (!ids.length) return
  await db.query(
    `UPDATE hotspot_alerts SET status = 'closed', closed_at = $2, closed_reason = 'faded', missed_runs = missed_runs + 1
     WHERE id = ANY($1::bigint[]) AND status <> 'closed'`,
    [ids, asOf],
  )
}

export interface AlertRow {
  id: number
  category: string
  gridId: string | null
  gridName: string | null
  compoundId: string | null
  compoundName: string | null
  communityId: string | null
  streetId: string | null
  districtId: string | null
  centre: [number, number]
  radiusM: number
  observed: number
  expected: number
  pValue: number
  windowHours: number
  since: string
  newestCaseAt: string
  detectedAt: string
  lastSeenAt: string
  status: HotspotStatus
  acknowledgedBy: string | null
  acknowledgedAt: string | null
  closedAt: string | null
  closedReason: 'faded' | null
  caseIds: number[]
}

const ALERT_SELECT = `h.id, h.category, h.grid_id, g.name AS grid_name, h.compound_id, cp.name AS compound_name,
  h.community_id, h.street_id, h.district_id, ST_X(h.centre) AS lng, ST_Y(h.centre) AS lat, h.radius_m, h.observed,
  h.expected, h.p_value, h.window_hours, h.since, h.newest_case_at, h.detected_at, h.last_seen_at, h.status,
  h.acknowledged_by, h.acknowledged_at, h.closed_at, h.closed_reason, h.case_ids
  FROM hotspot_alerts h LEFT JOIN areas g ON g.id = h.grid_id LEFT JOIN compounds cp ON cp.id = h.compound_id`

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function toAlertRow(r: Record<string, any>): AlertRow {
  return {
    id: Number(r.id), category: r.category, gridId: r.grid_id, gridName: r.grid_name, compoundId: r.compound_id, compoundName: r.compound_name,
    communityId: r.community_id, streetId: r.street_id, districtId: r.district_id, centre: [r.lng, r.lat], radiusM: r.radius_m,
    observed: r.observed, expected: r.expected, pValue: r.p_value, windowHours: r.window_hours, since: iso(r.since)!,
    newestCaseAt: iso(r.newest_case_at)!, detectedAt: iso(r.detected_at)!, lastSeenAt: iso(r.last_seen_at)!, status: r.status,
    acknowledgedBy: r.acknowledged_by, acknowledgedAt: iso(r.acknowledged_at), closedAt: iso(r.closed_at), closedReason: r.closed_reason,
    caseIds: (r.case_ids as string[]).map(Number),
  }
}

/**
 * Alerts a scope reaches: those in its area's subtree (by the alert's own area ids, as cases are
 * scoped), and for a department those of the categories it handles.
 */
function alertScopeSql(scope: Scope, params: unknown[]): string {
  const parts: string[] = []
  if (scope.areaId !== null) {
    const p = `$${params.push(scope.areaId)}`
    parts.push(`(h.district_id = ${p} OR h.street_id = ${p} OR h.community_id = ${p} OR h.grid_id = ${p})`)
  }
  if (scope.department !== null) {
    parts.push(`h.category = ANY($${params.push(CATEGORIES.filter((c) => c.department === scope.department).map((c) => c.code))}::text[])`)
  }
  return parts.length ? parts.join(' AND ') : 'TRUE'
}

export async function getAlerts(db: Db, ids: readonly number[]): Promise<AlertRow[]> {
  if (!ids.length) return []
  const { rows } = await db.query(`SELECT ${ALERT_SELECT} WHERE h.id = ANY($1::bigint[]) ORDER BY h.id`, [ids])
  return rows.map(toAlertRow)
}

export interface AlertFilter {
  scope: Scope
  statuses: readonly HotspotStatus[]
  /** Only alerts seen (or closed) at or after this. */
  since: Date | null
  /** Closed alerts only if they closed at or after this. */
  closedAfter: Date
  limit: number
}

export async function listAlerts(db: Db, f: AlertFilter): Promise<AlertRow[]> {
  const params: unknown[] = []
  const where = [alertScopeSql(f.scope, params), `h.status = ANY($${params.push(f.statuses)}::text[])`]
  where.push(`(h.status <> 'closed' OR h.closed_at >= $${params.push(f.closedAfter)})`)
  if (f.since) where.push(`GREATEST(h.last_seen_at, coalesce(h.closed_at, h.last_seen_at)) >= $${params.push(f.since)}`)
  const { rows } = await db.query(
    `SELECT ${ALERT_SELECT} WHERE ${where.join(' AND ')}
     ORDER BY (h.status = 'closed'), h.p_value, h.id DESC LIMIT $${params.push(f.limit)}`,
    params,
  )
  return rows.map(toAlertRow)
}

export async function alertInScope(db: Db, id: number, scope: Scope): Promise<'absent' | 'outside' | 'inside'> {
  const params: unknown[] = [id]
  const { rows } = await db.query<{ inside: boolean }>(`SELECT ${alertScopeSql(scope, params)} AS inside FROM hotspot_alerts h WHERE h.id = $1`, params)
  return rows.length === 0 ? 'absent' : rows[0].inside ? 'inside' : 'outside'
}

/** Acknowledge an open alert; null when it is not open (already acknowledged, or closed). */
export async function acknowledgeAlert(db: Db, id: number, actor: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE hotspot_alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1 AND status = 'open'`,
    [id, actor, at],
  )
  return rowCount === 1
}
