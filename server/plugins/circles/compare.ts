import type { FastifyInstance } from 'fastify'
import { perRevision, type PerRevision } from '../../db/per-revision.ts'
import { findCategory } from '../../domain/cases/taxonomy.ts'
import { CIRCLE_WINDOW_NAMES, circleWindowRange, compareCircles, type CircleBuilding } from '../../domain/circles/index.ts'
import type { CircleWindow } from '../../domain/circles/windows.ts'
import { valueOf } from '../coverage/index.ts'
import { circleBuildings, circleCases, type Db } from './queries.ts'

export interface BuildingMinutes {
  revision: number
  speedKmh: number
  epsilonMinutes: number
  ids: string[]
  minutes: (number | null)[]
  byId: Map<string, number | null>
}

const UNPLACED_NOTE = '无楼栋位置（街面、广场等）或位于非住宅楼栋（商铺、学校等）的诉求单独计数，不计入圈内或圈外'

// One cache per engine (the circles route and the wall's snapshot share it: one engine call per revision).
const minutesByEngine = new WeakMap<object, PerRevision<BuildingMinutes>>()

/** Walking minutes of every residential building to the nearest current station, per dataset revision. */
export function buildingMinutes(app: FastifyInstance): PerRevision<BuildingMinutes> {
  let cache = minutesByEngine.get(app.coverageEngine)
  if (!cache) {
    cache = perRevision(app.db.pool, async () => {
      const m = valueOf(await app.coverageEngine.call('buildingMinutes', undefined)) as Omit<BuildingMinutes, 'byId'>
      return { ...m, byId: new Map(m.ids.map((id, i) => [id, m.minutes[i]])) }
    })
    minutesByEngine.set(app.coverageEngine, cache)
  }
  return cache
}

export type BuildingRows = Awaited<ReturnType<typeof circleBuildings>>

const buildingsByPool = new WeakMap<object, PerRevision<Map<string, Promise<BuildingRows>>>>()

/**
 * The residents' side of the comparison (buildings with their street) per area, read once per dataset
 * revision: it is geography, and reading it is most of a comparison's time. For the wall's snapshot,
 * which refreshes every few seconds under a stream of cases.
 */
export function residentialBuildings(app: FastifyInstance): { get(areaId: string | null): Promise<BuildingRows> } {
  let cache = buildingsByPool.get(app.db.pool)
  if (!cache) {
    cache = perRevision(app.db.pool, async () => new Map<string, Promise<BuildingRows>>())
    buildingsByPool.set(app.db.pool, cache)
  }
  const revision = cache
  return {
    async get(areaId) {
      const byArea = await revision.get()
      const key = areaId ?? ''
      let rows = byArea.get(key)
      if (!rows) {
        rows = circleBuildings(app.db.pool, areaId)
        byArea.set(key, rows)
        rows.catch(() => byArea.delete(key))
      }
      return rows
    },
  }
}

/**
 * 服务圈内外诉求对比 of an area's subtree (all when null) over a named window ending `now`: the body of
 * GET /api/circles, on any connection (the wall's snapshot reads it inside its one transaction).
 */
export async function circleComparison(
  db: Db,
  walk: BuildingMinutes,
  area: { id: string; name: string; level: string } | null,
  name: CircleWindow,
  now: Date,
  /** The buildings' side read already (residentialBuildings); else read here. */
  read?: BuildingRows,
) {
  const window = circleWindowRange(name, now)
  const areaId = area?.id ?? null
  // Sequential: `db` may be one client inside a transaction.
  const rows = read ?? (await circleBuildings(db, areaId))
  const cases = await circleCases(db, areaId, window.from, window.to)
  const streetNames = new Map<string, string>()
  // The model holds the buildings people live in; a case at another (or a newer) building is counted apart.
  const buildings: CircleBuilding[] = rows
    .filter((b) => walk.byId.has(b.id))
    .map((b) => {
      if (b.street_id) streetNames.set(b.street_id, b.street_name!)
      return { id: b.id, residents: b.residents, households: b.households, minutes: walk.byId.get(b.id)!, streetId: b.street_id }
    })
  const r = compareCircles(buildings, cases, { window, epsilonMinutes: walk.epsilonMinutes })
  return {
    asOf: now.toISOString(),
    window: { name, label: CIRCLE_WINDOW_NAMES[name], ...window },
    area,
    scenario: 'current' as const,
    speedKmh: walk.speedKmh,
    thresholds: r.thresholds,
    byCategory: r.byCategory.map((c) => ({ ...c, name: findCategory(c.category)?.name ?? c.category })),
    byStreet: r.byStreet.map((s) => ({ id: s.streetId, name: streetNames.get(s.streetId) ?? s.streetId, thresholds: s.thresholds })),
    daily: r.daily,
    unplaced: { ...r.unplaced, note: UNPLACED_NOTE },
  }
}
