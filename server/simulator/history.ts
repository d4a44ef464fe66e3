import { offsetMetres } from './geography.ts'
import {
  arrivalRate, describeReport, drawHotspot, drawReport, hotspotArrivals, nextHotspotIn, planLifecycle, reportedLocation,
  type PlantedHotspot, type Report, type ReportText,
} from './model.ts'
import { Rng } from './rng.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const CST_OFFSET_MS = 8 * HOUR_MS

/** The live simulator's default volume: plants are spaced so they are the same share of cases as there. */
const LIVE_PER_DAY = 800

/** A place residents report from: a building's centre, weighted (e.g. by residents), with its areas. */
export interface HistoryPlace {
  lng: number
  lat: number
  weight: number
  gridId: string | null
  communityId: string | null
  streetId: string | null
}

export interface HistoryStep {
  /** Epoch ms. */
  at: number
  actor: string
  body: Record<string, unknown>
}

export interface HistoryCase {
  /** `hist-<seed>-<n>`, n counting the day-aligned window's cases in time order (stable for a seed and end day). */
  externalId: string
  /** Epoch ms of intake. */
  at: number
  report: Report
  text: ReportText
  /** Where it happened (WGS-84) and what the channel sent (GCJ-02/BD-09 for WeChat and apps). */
  point: { lng: number; lat: number }
  location: { lng: number; lat: number; crs?: Report['crs'] }
  /** The planned place's areas (the loader places the point itself, as intake does). */
  place: HistoryPlace
  /** The lifecycle steps of planLifecycle up to `end`; later ones are cut, so recent cases are open. */
  steps: HistoryStep[]
  /** Index into `plants`, or null for background reports. */
  plant: number | null
}

export interface HistoryOptions {
  seed: number
  /** Epoch ms: nothing happens at or after it (usually now). */
  end: number
  /** Whole China days before end's day. */
  days: number
  /** Background reports per day on average over a week (the daily, weekly and seasonal rhythm apply). */
  perDay: number
  places: readonly HistoryPlace[]
}

/**
 * Generate a district's case history: background reports arriving with the simulator's hourly,
 * weekday and seasonal rhythm at weighted places, plus planted hotspots (model.ts's drawHotspot at
 * the live simulator's spacing scaled to `perDay`: nextHotspotIn × max(1, 800 / perDay), so planted
 * cases are about the same share as in a live run), each case with planLifecycle's steps.
 *
 * It covers [midnight China time `days` days before end's day, end). Everything is drawn for the whole
 * window through the end of end's day and then cut at `end`, so the same seed, days, perDay, places
 * and end day give the same cases, and a later `end` the same day only adds to them. Pure: no I/O.
 *
 * @example generateHistory({ seed: 1, end: Date.now(), days: 90, perDay: 200, places })
 */
export function generateHistory(opts: HistoryOptions): { cases: HistoryCase[]; plants: PlantedHotspot[] } {
  if (!Number.isInteger(opts.days) || opts.days < 0) throw new Error(`days must be a whole number ≥ 0, got ${opts.days}`)
  if (!(opts.perDay > 0)) throw new Error(`perDay must be positive, got ${opts.perDay}`)
  const pick = placePicker(opts.places)
  const endDay = Math.floor((opts.end + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS
  const from = endDay - opts.days * DAY_MS
  const to = endDay + DAY_MS
  const drafts: Omit<HistoryCase, 'externalId'>[] = []

  // Separate streams, so the background does not shift when the plants change and vice versa.
  const rng = new Rng(opts.seed)
  for (let t = from + rng.exponential(arrivalRate(opts.perDay, from)) * HOUR_MS; t < to; t += rng.exponential(arrivalRate(opts.perDay, t)) * HOUR_MS) {
    drafts.push(draft(rng, t, drawReport(rng, undefined, t), pick(rng), 0, 0, null))
  }

  const prng = new Rng(opts.seed ^ 0x5bd1e995)
  const spacing = Math.max(1, LIVE_PER_DAY / opts.perDay)
  const plants: PlantedHotspot[] = []
  for (let start = from + prng.between(0.2, 2) * HOUR_MS; start < to; start += nextHotspotIn(prng) * spacing * HOUR_MS) {
    const plan = drawHotspot(prng)
    const centre = pick(prng)
    const index = plants.length
    const arrivals = hotspotArrivals(prng, plan)
    for (const a of arrivals) {
      const t = start + a.at * HOUR_MS
      drafts.push(draft(prng, t, drawReport(prng, plan.category, t), centre, a.east, a.north, index))
    }
    plants.push({
      category: plan.category.code,
      centre: [centre.lng, centre.lat],
      radiusM: plan.radiusM,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + plan.hours * HOUR_MS).toISOString(),
      ratePerHour: plan.ratePerHour,
      cases: 0,
    })
  }

  drafts.sort((a, b) => a.at - b.at)
  const cases: HistoryCase[] = []
  drafts.forEach((d, n) => {
    if (d.at >= opts.end) return
    cases.push({ ...d, externalId: `hist-${opts.seed}-${n + 1}`, steps: d.steps.filter((s) => s.at < opts.end) })
    if (d.plant !== null) plants[d.plant].cases++
  })
  return { cases, plants: plants.filter((p) => Date.parse(p.startsAt) < opts.end) }
}

function draft(rng: Rng, at: number, report: Report, place: HistoryPlace, east: number, north: number, plant: number | null): Omit<HistoryCase, 'externalId'> {
  // Background reports land a few metres off the building's centre, as the live simulator's do.
  const point = plant === null ? offsetMetres(place, rng.between(-3, 3), rng.between(-3, 3)) : offsetMetres(place, east, north)
  const text = describeReport(rng, report)
  const steps = planLifecycle(rng, { id: 0, gridId: place.gridId, communityId: place.communityId, streetId: place.streetId }, report)
  return {
    at,
    report,
    text,
    point,
    location: reportedLocation(point, report.crs),
    place,
    steps: steps.map((s) => ({ at: at + s.at * HOUR_MS, actor: s.actor, body: s.body })),
    plant,
  }
}

/** Weighted draws over many places in O(log n): cumulative weights and a binary search. */
function placePicker(places: readonly HistoryPlace[]): (rng: Rng) => HistoryPlace {
  if (places.length === 0) throw new Error('a history needs at least one place')
  const cum = new Float64Array(places.length)
  let sum = 0
  places.forEach((p, i) => {
    if (!(p.weight >= 0)) throw new Error(`place ${i} has weight ${p.weight}; weights must be ≥ 0`)
    cum[i] = sum += p.weight
  })
  if (sum <= 0) throw new Error('the places weigh nothing together')
  return (rng) => {
    const r = rng.next() * sum
    let lo = 0
    let hi = places.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] > r) hi = mid
      else lo = mid + 1
    }
    return places[lo]
  }
}
