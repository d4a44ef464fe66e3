import type { FastifyInstance } from 'fastify'
import pg from 'pg'
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
  /** Photo ids recorded on the 'created' event. */
  photos: readonly string[]
}

export interface IntakeResult {
  state: CaseState
  /** false when (source, externalId) was already stored: the stored case is returned unchanged. */
  created: boolean
}

/**
 * A batch failed before anything of it was committed: PostgreSQL refused the statement (which then
 * rolled back) or it was never sent. Its requests can be written again, each alone.
 */
class NothingWritten extends Error {
  constructor(override readonly cause: unknown) {
    super(`intake: nothing was written: ${(cause as Error)?.message ?? cause}`)
  }
}

/** Intakes in one batch share a statement and a commit; more than a few hundred make the wait long. */
const BATCH = { maxBatch: 100, maxConcurrent: 4, retrySingly: (err: unknown) => err instanceof NothingWritten }

/** SQLSTATE class 22, data exception: the values could not be stored (a NUL, an invalid date, …). */
const isDataException = (err: unknown) => err instanceof pg.DatabaseError && typeof err.code === 'string' && err.code.startsWith('22')
const batchers = new WeakMap<Database, Batcher<Request, IntakeResult>>()

/**
 * Accept a report: convert to WGS-84, place it, write the case and its 'created' event in one commit,
 * then push. A repeated (source, externalId) returns the case already stored. Concurrent intakes are
 * written together (see Batcher); each caller still gets its own result.
 */
export async function intakeCase(app: FastifyInstance, intake: Intake, actor: string, photos: readonly string[] = []): Promise<IntakeResult> {
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
  try {
    return await batcher.submit({ intake, location, actor, photos })
  } catch (err) {
    // Only this report was in the statement by then (a failed batch is retried one by one), so its data
    // is the cause. The input rules (server/lib/input-rules.ts) should have refused it with a field name.
    if (err instanceof NothingWritten && isDataException(err.cause)) {
      app.log.warn({ err: err.cause }, 'intake: a report passed validation but could not be stored')
      throw badRequest(`the report could not be stored: ${(err.cause as Error).message}`, 'UNSTORABLE')
    }
    throw err instanceof NothingWritten ? err.cause : err
  }
}

const keyOf = (i: Intake) => (i.externalId ? `${i.source}\u0000${i.externalId}` : null)

/**
 * Place and insert a batch of intakes in one statement, then push and answer each. Any failure up to
 * the insert is a NothingWritten (nothing is committed before it, and the insert is one statement);
 * after it, the cases are stored and a failure is passed on as it is.
 */
async function writeIntakes(app: FastifyInstance, requests: Request[]): Promise<Promise<IntakeResult>[]> {
  const progress = { insertSent: false }
  let written: Written
  try {
    written = await placeAndInsert(app, requests, progress)
  } catch (err) {
    // Once the insert is sent, only an error PostgreSQL reported proves it did not commit: a
    // connection lost meanwhile may have lost the answer to a commit.
    if (err instanceof pg.DatabaseError || !progress.insertSent) throw new NothingWritten(err)
    throw err
  }
  return answer(app, requests, written)
}

interface Written {
  at: string
  placed: Located[]
  repeatOf: Map<number, number>
  items: NewCase[]
  inserted: { caseId: number; eventId: number }[]
}

async function placeAndInsert(app: FastifyInstance, requests: Request[], progress: { insertSent: boolean }): Promise<Written> {
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
      const photos = requests[i].photos
      return { state, event: photos.length ? { ...event, payload: { ...event.payload, photos } } : event, view: toCaseView(state, at) }
    })
  let items = build(true)
  let inserted
  progress.insertSent = true
  try {
    inserted = await insertCasesBulk(pool, items)
  } catch (err) {
    // A case linked to within the batch was stored by someone else meanwhile (so not by us): unlink.
    if ((err as { code?: string }).code !== '23503') throw err
    items = build(false)
    inserted = await insertCasesBulk(pool, items)
  }
  return { at, placed, repeatOf, items, inserted }
}

async function answer(app: FastifyInstance, requests: Request[], { at, placed, repeatOf, items, inserted }: Written): Promise<Promise<IntakeResult>[]> {
  const pool = app.db.pool
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
