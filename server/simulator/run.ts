import { deadlineHours } from '../domain/cases/taxonomy.ts'
import { ApiClient } from './api.ts'
import { Geography, offsetMetres, type Point } from './geography.ts'
import { arrivalRate, describeReport, drawHotspot, drawReport, hotspotArrivals, nextHotspotIn, planLifecycle, reportedLocation, type PlantedHotspot, type Report, type Step } from './model.ts'
import { Rng } from './rng.ts'
import { DEMO_PASSWORD } from '../plugins/auth/bootstrap.ts'

const DEMO_COMMANDER = 'commander'

export interface SimulationOptions {
  /** The running server, e.g. http://127.0.0.1:8080. */
  url: string
  /** Simulated time per real time: 60 runs an hour a minute. @default 10 */
  speed?: number
  /** Reports per simulated day across the district. @default 800 */
  perDay?: number
  /** @default the current time */
  seed?: number
  /** Reports posted at once so that a screen has something to show. @default 20 */
  warmup?: number
  /** Requests in flight at most. @default 8 */
  concurrency?: number
  /** Seconds between status lines; 0 for none. @default 30 */
  statusEvery?: number
  log?: (message: string) => void
  /** Told of each hotspot as it is planted (a simulator inside the server records it in planted_hotspots). */
  onPlant?: (plant: PlantedHotspot) => void
  /** The account the simulator signs in as; it must be allowed every step of the loop. @default the demo's commander */
  username?: string
  password?: string
}

export interface SimulationStats {
  posted: number
  transitions: number
  refused: number
  errors: number
  hotspots: number
}

export interface Simulation {
  readonly stats: SimulationStats
  /** Every hotspot planted so far, in the server's clock (see PlantedHotspot). */
  readonly plants: PlantedHotspot[]
  stop(): Promise<void>
}

type Task = { due: number; run: () => Promise<void> }

/**
 * Feed a running server with realistic cases through its public API: arrivals follow the daily
 * rhythm, categories their usual shares, hotspots come and go, and every case walks the loop with
 * plausible times (some late, some whistled to a department, some reopened). With speed > 1 the
 * deadlines sent are scaled down too, so "overdue" means the same in simulated time.
 */
export async function startSimulation(opts: SimulationOptions): Promise<Simulation> {
  const speed = opts.speed ?? 10
  const perDay = opts.perDay ?? 800
  const seed = opts.seed ?? Date.now() % 2 ** 31
  const log = opts.log ?? ((m: string) => console.log(m))
  const rng = new Rng(seed)
  const api = new ApiClient(opts.url.replace(/\/$/, ''))
  await api.signIn(opts.username ?? DEMO_COMMANDER, opts.password ?? DEMO_PASSWORD)
  const geo = await Geography.load(api)
  const stats: SimulationStats = { posted: 0, transitions: 0, refused: 0, errors: 0, hotspots: 0 }
  const plants: PlantedHotspot[] = []
  const queue: Task[] = []
  const realStart = Date.now()
  const simNow = () => realStart + (Date.now() - realStart) * speed
  const realIn = (simHours: number) => Date.now() + (simHours * 3_600_000) / speed
  let inFlight = 0
  let serial = 0
  let stopped = false

  const schedule = (due: number, run: () => Promise<void>) => {
    let lo = 0
    let hi = queue.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (queue[mid].due <= due) lo = mid + 1
      else hi = mid
    }
    queue.splice(lo, 0, { due, run })
  }

  async function postCase(report: Report, at: Point) {
    const text = describeReport(rng, report)
    const body = {
      source: report.source,
      externalId: `sim-${seed}-${++serial}`,
      category: report.category.code,
      ...text,
      location: reportedLocation(at, report.crs),
      priority: report.priority,
      ...(speed > 1 ? { deadlineHours: deadlineHours(report.category, report.priority) / speed } : {}),
    }
    const res = await api.post('/api/cases', body)
    if (res.status !== 201 && res.status !== 200) {
      stats.errors++
      log(`simulator: intake refused (${res.status}): ${res.body?.message}`)
      return
    }
    stats.posted++
    const steps = planLifecycle(rng, res.body, report)
    const chain = (i: number) => schedule(realIn(steps[i].at - (i ? steps[i - 1].at : 0)), () => transition(res.body.id, steps, i, chain))
    chain(0)
  }

  async function transition(id: number, steps: Step[], i: number, next: (i: number) => void) {
    const res = await api.post(`/api/cases/${id}/transitions`, steps[i].body)
    if (res.status === 200) {
      stats.transitions++
      if (i + 1 < steps.length) next(i + 1)
    } else if (res.status === 409) {
      stats.refused++ // someone else moved the case; the simulator lets it go
    } else {
      stats.errors++
      log(`simulator: ${String(steps[i].body.action)} on case ${id} failed (${res.status}): ${res.body?.message}`)
    }
  }

  const arrival = async () => {
    schedule(realIn(rng.exponential(arrivalRate(perDay, simNow()))), arrival)
    await postCase(drawReport(rng, undefined, simNow()), await geo.reportPoint(rng))
  }

  const hotspot = async () => {
    schedule(realIn(nextHotspotIn(rng)), hotspot)
    const plan = drawHotspot(rng)
    const centre = await geo.reportPoint(rng)
    stats.hotspots++
    const arrivals = hotspotArrivals(rng, plan)
    for (const a of arrivals) schedule(realIn(a.at), () => postCase(drawReport(rng, plan.category, simNow()), offsetMetres(centre, a.east, a.north)))
    const plant: PlantedHotspot = {
      category: plan.category.code,
      centre: [centre.lng, centre.lat],
      radiusM: plan.radiusM,
      startsAt: new Date().toISOString(),
      endsAt: new Date(realIn(plan.hours)).toISOString(),
      ratePerHour: plan.ratePerHour * speed,
      cases: arrivals.length,
    }
    plants.push(plant)
    opts.onPlant?.(plant)
    log(`simulator: hotspot planted: ${plant.category} at ${plant.centre.map((v) => v.toFixed(5)).join(',')} r ${Math.round(plant.radiusM)} m, ` +
      `${plant.startsAt} – ${plant.endsAt}, ${plant.cases} cases`)
  }

  for (let i = 0; i < (opts.warmup ?? 20); i++) schedule(Date.now() + i * 300, async () => postCase(drawReport(rng), await geo.reportPoint(rng)))
  schedule(Date.now(), arrival)
  schedule(realIn(rng.between(0.2, 2)), hotspot)

  const tick = setInterval(() => {
    while (!stopped && inFlight < (opts.concurrency ?? 8) && queue.length && queue[0].due <= Date.now()) {
      const task = queue.shift()!
      inFlight++
      task
        .run()
        .catch((err) => {
          stats.errors++
          log(`simulator: ${(err as Error).message}`)
        })
        .finally(() => inFlight--)
    }
  }, 50)
  const every = opts.statusEvery ?? 30
  const status = every > 0 ? setInterval(() => log(statusLine(simNow(), stats, queue.length)), every * 1000) : undefined
  log(`simulator: seed ${seed}, speed ×${speed}, ${perDay} reports per simulated day, posting to ${api.baseUrl}`)

  return {
    stats,
    plants,
    async stop() {
      stopped = true
      clearInterval(tick)
      clearInterval(status)
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 20))
    },
  }
}

function statusLine(simTime: number, s: SimulationStats, queued: number): string {
  const clock = new Date(simTime + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ')
  return `simulator: ${clock} CST | ${s.posted} cases, ${s.transitions} transitions, ${s.hotspots} hotspots, ${s.refused} refused, ${s.errors} errors | ${queued} planned`
}
