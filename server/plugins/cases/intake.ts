import type { FastifyInstance } from 'fastify'
import type { Database } from '../../db/connect.ts'
import { badRequest } from '../../lib/errors.ts'
import { createCase, intakeLocation, IntakeError, type Intake } from '../../domain/cases/create-case.ts'
import type { LngLat } from '../../domain/cases/crs.ts'
import type { CaseState } from '../../domain/cases/types.ts'
import { toCaseView } from '../../domain/cases/view.ts'
import { Batcher } from './batcher.ts'
import { insertCasesBulk, type NewCase } from './bulk-queries.ts'
import { DUPLICATE_METRES, getCase, getCaseByExternalId, locate, type Located } from './queries.ts'
import { toLiveEvent } from './service.ts'

interface Request {
  intake: Intake
  location: LngLat
  actor: string
}

export interface IntakeResult {
  state: CaseState
  /** false when (source, externalId) was already stored: the stored case is returned unchanged. */
  created: boolean
}

/** Intakes in one batch share a statement and a commit; more than a few hundred make the wait long. */
const BATCH = { maxBatch: 100, maxConcurrent: 4 }
const batchers = new WeakMap<Database, Batcher<Request, IntakeResult>>()

/**
 * Accept a report: convert to WGS-84, place it, write the case and its 'created' event in one commit,
 * then push. A repeated (source, externalId) returns the case already stored. Concurrent intakes are
 * written together (see Batcher); each caller still gets its own result.
 */
export async function intakeCase(app: FastifyInstance, intake: Intake, actor: string): Promise<IntakeResult> {
  let location: LngLat
  try {
    location = intakeLocation(intake)
  } catch (err) {
    if (err instanceof IntakeError) throw badRequest(err.message, err.code)
    throw err
  }
  let batcher = batchers.get(app.db)
  if (!batcher) {
    batcher = new Batcher((requests) => writeIntakes(app, requests), BATCH)
    batchers.set(app.db, batcher)
  }
  return batcher.submit({ intake, location, actor })
}

const keyOf = (i: Intake) => (i.externalId ? `${i.source}\u0000${i.externalId}` : null)

async function writeIntakes(app: FastifyInstance, requests: Request[]): Promise<Promise<IntakeResult>[]> {
  const pool = app.db.pool
  const at = new Date().toISOString()
  const placed = await locate(
    pool,
    requests.map((r) => ({ ...r.location, category: r.intake.category, at, source: r.intake.source, externalId: r.intake.externalId ?? null })),
  )
  // Which requests create a case: not already stored, and the first of any key repeated in the batch.
  const firstOfKey = new Map<string, number>()
  const repeatOf = new Map<number, number>()
  const fresh: number[] = []
  requests.forEach((r, i) => {
    if (placed[i].existingId !== null) return
    const key = keyOf(r.intake)
    if (key && firstOfKey.has(key)) repeatOf.set(i, firstOfKey.get(key)!)
    else {
      if (key) firstOfKey.set(key, i)
      fresh.push(i)
    }
  })

  const build = (linkWithinBatch: boolean): NewCase[] =>
    fresh.map((i) => {
      const { nextId, duplicateOf, existingId: _e, ...placement } = placed[i]
      const possibleDuplicateOf = duplicateOf ?? (linkWithinBatch ? nearbyEarlier(requests, placed, fresh, i) : null)
      const { state, event } = createCase(requests[i].intake, { id: nextId, location: requests[i].location, placement, possibleDuplicateOf, at, actor: requests[i].actor })
      return { state, event, view: toCaseView(state, at) }
    })
  let items = build(true)
  let inserted
  try {
    inserted = await insertCasesBulk(pool, items)
  } catch (err) {
    // A case linked to within the batch was stored by someone else meanwhile (so not by us): unlink.
    if ((err as { code?: string }).code !== '23503') throw err
    items = build(false)
    inserted = await insertCasesBulk(pool, items)
  }
  const byId = new Map(items.map((it) => [it.state.id, it]))
  for (const { caseId, eventId } of inserted) {
    const it = byId.get(caseId)!
    app.live.publish(toLiveEvent({ id: eventId, type: it.event.type, caseId, at, actor: it.event.actor, case: it.view as never }))
  }
  const created = new Set(inserted.map((r) => r.caseId))
  const stored = async (r: Request): Promise<IntakeResult> => {
    const state = await getCaseByExternalId(pool, r.intake.source, r.intake.externalId!)
    if (!state) throw new Error(`intake: (${r.intake.source}, ${r.intake.externalId}) conflicted but cannot be read back`)
    return { state, created: false }
  }
  // Each its own promise: the batch is committed, so a case created here is answered 2xx even if
  // reading back another request's stored case fails now (the database going away, say).
  return requests.map(async (r, i): Promise<IntakeResult> => {
    if (placed[i].existingId !== null) return { state: (await getCase(pool, placed[i].existingId!))!, created: false }
    const first = repeatOf.get(i) ?? i
    const own = byId.get(placed[first].nextId)!
    if (!created.has(own.state.id)) return stored(r)
    return { state: own.state, created: first === i }
  })
}

/** The nearest earlier new case of the batch within DUPLICATE_METRES of case i, same category. */
function nearbyEarlier(requests: Request[], placed: Located[], fresh: number[], i: number): number | null {
  let best: number | null = null
  let bestM = DUPLICATE_METRES
  for (const j of fresh) {
    if (j >= i) break
    if (requests[j].intake.category !== requests[i].intake.category) continue
    const m = metres(requests[i].location, requests[j].location)
    if (m <= bestM) {
      bestM = m
      best = placed[j].nextId
    }
  }
  return best
}

/** Equirectangular distance: exact enough at 50 m. */
function metres(a: LngLat, b: LngLat): number {
  const k = 111_320
  return Math.hypot((a.lng - b.lng) * k * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180), (a.lat - b.lat) * k)
}
