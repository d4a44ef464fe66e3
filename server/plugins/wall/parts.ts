import type pg from 'pg'
import type { FastifyInstance } from 'fastify'
import type { Scope } from '../../domain/access/policy.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { resolveWindow, startOfDayCst } from '../../domain/cases/time-window.ts'
import { HEAT_HOURS } from '../../domain/vocabulary/index.ts'
import { buildingMinutes, circleComparison, residentialBuildings, type BuildingMinutes, type BuildingRows } from '../circles/compare.ts'
import { caseStats } from '../cases/stats.ts'
import { valueOf } from '../coverage/index.ts'
import type { AreaCoverageT, CoverageResponseT } from '../coverage/schemas.ts'
import { leagueAnswer } from '../property/league.ts'
import { listStations } from '../stations/queries.ts'
import { todayFigures } from './queries.ts'

/** The windows of the wall's panels, as the wall labels them. */
export const WALL_WINDOWS = { cases: '7d', circles: '30d', property: '30d', propertyTop: 5 } as const

export interface PartContext {
  /** Inside the snapshot's transaction: read only through this. */
  db: pg.PoolClient
  asOf: Date
  /** The area the wall shows (the principal's own, or the district for a principal without one). */
  area: { id: string; name: string; level: 'district' | 'street' | 'community' | 'grid' }
  /** The principal's scope narrowed to an area asked for. */
  scope: Scope
  /**
   * Read before the transaction, not database figures: the walking model of the current revision and
   * the coverage it gives. Null while the model is still being built (after a start or a reload).
   */
  walk: BuildingMinutes | null
  coverage: CoverageResponseT | null
  /** The circles' residents side: geography, cached per dataset revision. */
  buildings: BuildingRows
}

/**
 * How long a snapshot waits for the walking model. Building it takes tens of seconds after a start; the
 * wall's KPIs must not wait that long, so the circles and coverage parts are null until it is there
 * (the wall says 正在计算… and its next refresh fills them in).
 */
const MODEL_WAIT_MS = 1500

/** `p`'s value if it settles within `ms`, else null (a later failure is logged, not thrown). */
function within<T>(p: Promise<T>, ms: number, onError: (err: unknown) => void): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const guarded = p.catch((err) => {
    onError(err)
    return null
  })
  return Promise.race([guarded, new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)))]).finally(() => clearTimeout(timer))
}

/** What a part needs from outside the transaction, fetched first (engine answers, cached per revision). */
export async function outsideInputs(app: FastifyInstance, area: PartContext['area']) {
  const warn = (err: unknown) => app.log.warn({ err }, 'wall snapshot: the walking model is not available')
  const [walk, coverage, buildings] = await Promise.all([
    within(buildingMinutes(app).get(), MODEL_WAIT_MS, warn),
    within(
      app.coverageEngine.call('coverage', { minutes: '5,15', scenario: 'current', level: area.level }).then((a) => valueOf(a) as CoverageResponseT),
      MODEL_WAIT_MS,
      warn,
    ),
    residentialBuildings(app).get(area.id),
  ])
  return { walk, coverage, buildings }
}

/**
 * One function per named part of the snapshot, each reading through the context's transaction. They
 * run one after another (one connection); a new panel adds its part here and in schemas.ts.
 */
export const WALL_PARTS = {
  cases: (c: PartContext) => caseStats(c.db, c.area.id, resolveWindow({ window: WALL_WINDOWS.cases }, c.asOf)!, c.asOf),
  today: async (c: PartContext) => {
    const dayStart = startOfDayCst(c.asOf)
    // The wall's area, as the KPI tiles count it (caseStats): a principal's scope alone would also take in
    // cases reported outside every area, and today's categories would then add up to more than 今日诉求.
    const rows = await todayFigures(c.db, { ...c.scope, areaId: c.area.id }, dayStart, c.asOf, HEAT_HOURS)
    return {
      dayStart: dayStart.toISOString(),
      categories: rows
        .filter((r) => r.kind === 'category')
        .map((r) => ({ code: r.key, name: findCategory(r.key)?.name ?? r.key, class721: r.class_721 ?? '', count: r.n }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      lastHours: Object.fromEntries(rows.filter((r) => r.kind === 'hours').map((r) => [r.key, r.n])),
    }
  },
  circles: async (c: PartContext) => (c.walk ? circleComparison(c.db, c.walk, c.area, WALL_WINDOWS.circles, c.asOf, c.buildings) : null),
  property: (c: PartContext) => leagueAnswer(c.db, c.scope, WALL_WINDOWS.property, WALL_WINDOWS.propertyTop, c.asOf),
  coverage: async (c: PartContext): Promise<AreaCoverageT | null> => c.coverage?.areas.find((a) => a.id === c.area.id) ?? null,
  stations: async (c: PartContext) => {
    const { rows } = await listStations(c.db, { area: c.area.id })
    const byStatus: Record<string, number> = {}
    const byKind: Record<string, number> = {}
    for (const s of rows) {
      byStatus[s.status] = (byStatus[s.status] ?? 0) + 1
      byKind[s.kind] = (byKind[s.kind] ?? 0) + 1
    }
    return { total: rows.length, byStatus, byKind }
  },
} satisfies Record<string, (c: PartContext) => Promise<unknown>>

export type WallParts = { [K in keyof typeof WALL_PARTS]: Awaited<ReturnType<(typeof WALL_PARTS)[K]>> }

/** Every part, in order, through one context. */
export async function buildParts(c: PartContext): Promise<WallParts> {
  const out: Record<string, unknown> = {}
  for (const [name, build] of Object.entries(WALL_PARTS)) out[name] = await build(c)
  return out as WallParts
}
