import type pg from 'pg'
import { createCase, intakeLocation, type Intake } from '../domain/cases/create-case.ts'
import { applyEvent, CaseRuleError, decide } from '../domain/cases/lifecycle.ts'
import type { Action, CaseState } from '../domain/cases/types.ts'
import { toCaseView } from '../domain/cases/view.ts'
import { appendEventsBulk, insertCaseStatesBulk, insertEscalationsBulk, type EscalationRow, type LoggedEvent } from '../plugins/cases/bulk-queries.ts'
import { DUPLICATE_HOURS, DUPLICATE_METRES, locate, type Located } from '../plugins/cases/queries.ts'
import { generateHistory, type HistoryCase, type HistoryPlace } from '../simulator/history.ts'
import { insertPlants } from './planted-hotspots.ts'
import { SEED_LOCK } from './seed.ts'
import { inClientTransaction } from './transaction.ts'

const HOUR_MS = 3_600_000
/** Rows per statement: a few MB of JSON each, well under any protocol limit. */
const CHUNK = 2000
const INTAKE_ACTOR = 'sim:intake'

export interface HistoryLoadOptions {
  seed: number
  days: number
  perDay: number
  /** The end of the history (epoch ms). @default Date.now() */
  now?: number
  log?: (m: string) => void
}

export interface HistoryLoadResult {
  cases: number
  events: number
  escalations: number
  plants: number
  /** The ids given to the history's cases, lowest and highest (null when there were none). */
  caseIds: [number, number] | null
}

/**
 * Give an empty demo a past: when the database holds the generated demo district and no cases at all,
 * load `days` days of generated history (server/simulator/history.ts) in one transaction. A restart, a
 * database with cases, or a real district is left alone. Two instances starting together load it once.
 */
export async function ensureDemoHistory(pool: pg.Pool, options: HistoryLoadOptions): Promise<'loaded' | 'present' | 'skipped'> {
  if (options.days <= 0) return 'skipped'
  const log = options.log ?? (() => {})
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK])
    const { rows } = await client.query<{ demo: boolean; empty: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM dataset_info WHERE source = 'generated') AS demo, NOT EXISTS (SELECT 1 FROM cases) AS empty`,
    )
    if (!rows[0].demo) return 'skipped'
    if (!rows[0].empty) return 'present'
    const t = Date.now()
    log(`generating ${options.days} days of demo case history (seed ${options.seed}, ${options.perDay} a day)…`)
    const done = await inClientTransaction(client, (c) => loadHistory(c, options))
    log(`demo history loaded: ${done.cases} cases, ${done.events} events, ${done.escalations} whistles, ${done.plants} planted hotspots in ${((Date.now() - t) / 1000).toFixed(1)} s`)
    return 'loaded'
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => {})
    client.release()
  }
}

/**
 * Generate the history and write it through the same domain code as live intake and transitions:
 * placed by intake's locate(), each case created by createCase and moved by decide/applyEvent, every
 * event with its view as of that event, whistles in case_escalations, the plants in planted_hotspots.
 * Events are appended in time order across all cases, so event ids follow time as they do live.
 * Runs on the caller's client; the caller owns the transaction (tests roll it back).
 */
export async function loadHistory(db: pg.PoolClient, options: HistoryLoadOptions): Promise<HistoryLoadResult> {
  const places = await demoPlaces(db)
  const { cases, plants } = generateHistory({ seed: options.seed, end: options.now ?? Date.now(), days: options.days, perDay: options.perDay, places })
  const intakes = cases.map(toIntake)
  const points = intakes.map((intake, i) => ({ ...intakeLocation(intake), category: intake.category, at: new Date(cases[i].at).toISOString(), source: intake.source, externalId: intake.externalId }))
  const placed: Located[] = []
  for (let i = 0; i < points.length; i += CHUNK) placed.push(...(await locate(db, points.slice(i, i + CHUNK))))

  const states: CaseState[] = []
  const events: (LoggedEvent & { seq: number })[] = []
  const whistles: EscalationRow[] = []
  const recent = new RecentCases()
  cases.forEach((h, i) => {
    const { nextId, duplicateOf, existingId, ...placement } = placed[i]
    if (existingId !== null) return
    const location = { lng: points[i].lng, lat: points[i].lat }
    const at = points[i].at
    const possibleDuplicateOf = duplicateOf ?? recent.openNearby(h.report.category.code, location, h.at)
    let { state, event } = createCase(intakes[i], { id: nextId, location, placement, possibleDuplicateOf, at, actor: INTAKE_ACTOR })
    let seq = 0
    events.push({ caseId: nextId, event, view: toCaseView(state, at), seq: seq++ })
    const open: [number, number][] = [[h.at, Infinity]]
    for (const step of h.steps) {
      const stepAt = new Date(step.at).toISOString()
      try {
        const e = decide(state, toAction(step.body, placement), { at: stepAt, actor: step.actor })
        state = applyEvent(state, e)
        events.push({ caseId: nextId, event: e, view: toCaseView(state, stepAt), seq: seq++ })
        if (e.type === 'escalated') whistles.push({ caseId: nextId, ...state.escalation!, reportedAt: null })
        if (e.type === 'reported') whistles.at(-1)!.reportedAt = stepAt
        if (e.type === 'resolved') open.at(-1)![1] = step.at
        if (e.type === 'reopened') open.push([step.at, Infinity])
      } catch (err) {
        // As the live simulator does on a 409: the case stops where the loop refused it.
        if (err instanceof CaseRuleError) break
        throw err
      }
    }
    recent.add(h.report.category.code, nextId, location, h.at, open)
    states.push(state)
  })

  for (let i = 0; i < states.length; i += CHUNK) await insertCaseStatesBulk(db, states.slice(i, i + CHUNK))
  events.sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.caseId - b.caseId || a.seq - b.seq)
  let written = 0
  for (let i = 0; i < events.length; i += CHUNK) written += await appendEventsBulk(db, events.slice(i, i + CHUNK).map(({ seq: _s, ...e }) => e))
  await insertEscalationsBulk(db, whistles)
  await insertPlants(db, plants, 'history')
  const ids = states.map((s) => s.id)
  return {
    cases: states.length,
    events: written,
    escalations: whistles.length,
    plants: plants.length,
    caseIds: ids.length ? [Math.min(...ids), Math.max(...ids)] : null,
  }
}

/** Buildings as report places, weighted by residents (plus a little, so shops and schools get some). */
async function demoPlaces(db: pg.PoolClient): Promise<HistoryPlace[]> {
  const { rows } = await db.query(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat, b.residents + 5 AS weight, b.grid_id, g.parent_id AS community_id, cm.parent_id AS street_id
     FROM buildings b CROSS JOIN LATERAL ST_PointOnSurface(b.footprint) AS p
     JOIN areas g ON g.id = b.grid_id LEFT JOIN areas cm ON cm.id = g.parent_id
     ORDER BY b.id`,
  )
  return rows.map((r) => ({ lng: r.lng, lat: r.lat, weight: Number(r.weight), gridId: r.grid_id, communityId: r.community_id, streetId: r.street_id }))
}

function toIntake(h: HistoryCase): Intake {
  return {
    source: h.report.source,
    externalId: h.externalId,
    category: h.report.category.code,
    title: h.text.title,
    description: h.text.description,
    location: h.location,
    reporter: h.text.reporter,
    priority: h.report.priority,
  }
}

/** A planned dispatch goes to the case's own area as the database placed it (the plan knew the building's). */
function toAction(body: Record<string, unknown>, placement: Omit<Located, 'nextId' | 'duplicateOf' | 'existingId'>): Action {
  if (body.action !== 'dispatch') return body as Action
  const own = body.level === 'grid' ? placement.gridId : body.level === 'community' ? placement.communityId : body.level === 'street' ? placement.streetId : null
  return { ...(body as Action & { action: 'dispatch' }), to: own ?? (body.to as string) }
}

/**
 * Intake's possible-duplicate rule (queries.ts locate: an open case of the same category within
 * DUPLICATE_METRES, created in the DUPLICATE_HOURS before, the nearest) applied in memory, because the
 * history's cases are written after all of them are built. "Open" is as of the new case's time.
 */
class RecentCases {
  private byCategory = new Map<string, { id: number; lng: number; lat: number; at: number; open: [number, number][] }[]>()

  add(category: string, id: number, p: { lng: number; lat: number }, at: number, open: [number, number][]) {
    let list = this.byCategory.get(category)
    if (!list) this.byCategory.set(category, (list = []))
    list.push({ id, ...p, at, open })
  }

  openNearby(category: string, p: { lng: number; lat: number }, at: number): number | null {
    const list = this.byCategory.get(category)
    if (!list) return null
    while (list.length && list[0].at <= at - DUPLICATE_HOURS * HOUR_MS) list.shift()
    let best: number | null = null
    let bestM = DUPLICATE_METRES
    for (const c of list) {
      if (c.at > at || !c.open.some(([a, b]) => a <= at && at < b)) continue
      const m = Math.hypot((c.lng - p.lng) * 111_320 * Math.cos((p.lat * Math.PI) / 180), (c.lat - p.lat) * 111_320)
      if (m <= bestM) {
        bestM = m
        best = c.id
      }
    }
    return best
  }
}
