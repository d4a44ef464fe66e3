import type pg from 'pg'
import { CATEGORIES } from '../../domain/cases/taxonomy.ts'
import { findCandidates, selectDetections, type Detection } from '../../domain/hotspots/detect.ts'
import { reconcile } from '../../domain/hotspots/match.ts'
import { HOTSPOT_PARAMS, pThreshold, type HotspotParams } from '../../domain/hotspots/params.ts'
import { inTransaction } from '../../db/transaction.ts'
import { closeAlerts, districtFacts, insertAlert, liveAlerts, markMissed, measureCandidates, updateAlert, windowCases, type Db } from './queries.ts'

const HOUR = 3_600_000

/** Any constant: the same on every instance, so that only one of them runs the detector at a time. */
export const HOTSPOT_LOCK = 7_302_611

export interface DetectOptions {
  /** The instant the windows end at; nothing after it is read, so history can be replayed. */
  asOf: Date
  params?: HotspotParams
  /**
   * Only these categories are detected and their alerts reconciled (default: all). A replay of one
   * category's history then leaves every other category's alerts as they are.
   */
  categories?: readonly string[]
}

export interface DetectResult {
  detections: Detection[]
  /** Clusters judged (before the threshold). */
  candidates: number
  /** Cases in the longest window. */
  windowCases: number
  threshold: number
}

/**
 * 热点研判 at one instant: every category's clusters in each window ending at `asOf`, judged against
 * that category's baseline before the window and the residents around them. Reads only.
 */
export async function detectHotspots(db: Db, opts: DetectOptions): Promise<DetectResult> {
  const p = opts.params ?? HOTSPOT_PARAMS
  const asOf = opts.asOf.getTime()
  const longest = Math.max(...p.windowsHours)
  const cases = await windowCases(db, new Date(asOf - longest * HOUR), opts.asOf, opts.categories ?? null)
  const facts = await districtFacts(db)
  const threshold = pThreshold(CATEGORIES.length, facts.grids, p)
  const candidates = findCandidates(cases, asOf, p)
  const measures = await measureCandidates(db, candidates, opts.asOf, p.baselineDays, facts)
  return { detections: selectDetections(candidates, measures, threshold, p), candidates: candidates.length, windowCases: cases.length, threshold }
}

export interface RunResult extends DetectResult {
  opened: number[]
  updated: number[]
  closed: number[]
}

/**
 * Detect at `asOf` and bring the alerts up to date in one transaction. Returns null without doing
 * anything when another run (on this or another instance) holds the lock.
 */
export async function runHotspots(pool: pg.Pool, opts: DetectOptions): Promise<RunResult | null> {
  const p = opts.params ?? HOTSPOT_PARAMS
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [HOTSPOT_LOCK])
    if (!rows[0].locked) return null
    const detected = await detectHotspots(client, opts)
    const plan = reconcile(await liveAlerts(client, opts.asOf, opts.categories ?? null), detected.detections, opts.asOf.getTime(), p)
    const opened: number[] = []
    for (const d of plan.opened) opened.push(await insertAlert(client, d, opts.asOf))
    for (const u of plan.updated) await updateAlert(client, u.id, u.detection, opts.asOf)
    await markMissed(client, plan.missed)
    await closeAlerts(client, plan.closed, opts.asOf)
    return { ...detected, opened, updated: plan.updated.map((u) => u.id), closed: plan.closed }
  })
}
