import type pg from 'pg'
import type { Static } from '@sinclair/typebox'
import { stringify } from 'csv-stringify/sync'
import { area } from '@turf/area'
import {
  DISTANCE_EPSILON_M, findGaps, isochrones, metresToMinutes, stationsForScenario, suggestByBudget, suggestSites, whatIf,
  type AreaLevel, type ChangedBuilding, type BudgetedSite, type SuggestByBudgetResult, type SuggestedSite, type SuggestSitesResult,
} from '../../engine/index.ts'
import { STATION_KIND_CIRCLE_MINUTES, type SiteSource } from '../../domain/vocabulary/index.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { compoundAt, CoverageCache, type CoverageState } from './model-cache.ts'
import { parseMinutes } from './params.ts'
import { buildingFootprints } from './queries.ts'
import { LIMITS, type CoverageQuery, type GapsExportQuery, type GapsQuery, type IsochroneQuery, type StationIsochroneQuery, type SuggestBody, type WhatIfBody } from './schemas.ts'

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits
const changedRow = (c: ChangedBuilding) => ({ id: c.id, lng: c.entrance[0], lat: c.entrance[1], residents: c.residents })
const levelsOf = (level?: AreaLevel): AreaLevel[] | undefined => (level ? ['district', level] : undefined)

/**
 * Every coverage answer, from the request's (validated) parameters to the response body: what runs
 * in an engine worker (engine-worker.ts) or, with ENGINE_WORKERS=0, in the server's own thread. Each
 * answer is plain data (or text for downloads) so that it can cross to the request thread as is.
 */
export function coverageOps(db: pg.Pool, speedKmh: number) {
  const cache = new CoverageCache(db, speedKmh)

  async function gaps(query: Static<typeof GapsQuery>) {
    const { state, result } = await cache.coverage(query.scenario, [query.minutes])
    if (query.area && !state.model.areas.indexById.has(query.area)) throw notFound(`no area with id ${query.area}`)
    const rows = findGaps(state.model, result.nearest, { minutes: query.minutes, speedKmh, areaId: query.area, limit: query.limit })
    const { rows: shapes } = await buildingFootprints(db, rows.map((g) => g.id))
    const byId = new Map(shapes.map((s) => [s.id, s]))
    return rows.map((g) => ({ gap: g, shape: byId.get(g.id)! }))
  }

  const gapFeatures = (list: Awaited<ReturnType<typeof gaps>>) => ({
    type: 'FeatureCollection' as const,
    features: list.map(({ gap, shape }) => ({
      type: 'Feature' as const,
      id: gap.id,
      geometry: JSON.parse(shape.geometry),
      properties: {
        id: gap.id,
        name: shape.name,
        gridId: gap.areaId,
        residents: gap.residents,
        households: gap.households,
        minutes: gap.minutes === null ? null : round(gap.minutes),
        nearestStationId: gap.stationId,
        /** Where the building's walk starts, as in the CSV's entrance_lng/entrance_lat. */
        entrance: gap.entrance,
      },
    })),
  })

  return {
    /** Build the model now so the planner's first question is answered quickly. */
    async warm() {
      await cache.current()
      return null
    },

    async coverage(query: Static<typeof CoverageQuery>) {
      const minutes = parseMinutes(query.minutes)
      const { base } = await cache.baseline(query.scenario, minutes)
      const levels = levelsOf(query.level)
      return {
        minutes,
        scenario: query.scenario,
        speedKmh,
        stations: base.stations.length,
        areas: levels ? base.areas.filter((a) => levels.includes(a.level)) : base.areas,
      }
    },

    async gaps(query: Static<typeof GapsQuery>) {
      return gapFeatures(await gaps(query))
    },

    /** The gaps as the engine lists them, and the area's name, for the GeoPackage writer (gap-export.ts). */
    async gapList(query: Static<typeof GapsQuery>) {
      const { state, result } = await cache.coverage(query.scenario, [query.minutes])
      const areas = state.model.areas
      const index = query.area === undefined ? undefined : areas.indexById.get(query.area)
      if (query.area && index === undefined) throw notFound(`no area with id ${query.area}`)
      const rows = findGaps(state.model, result.nearest, { minutes: query.minutes, speedKmh, areaId: query.area, limit: query.limit })
      return { rows, areaName: index === undefined ? null : areas.names[index]! }
    },

    /** The gaps layer as a GeoJSON download (text, so that it is not serialised again). */
    async gapsGeojson(query: Static<typeof GapsQuery>) {
      return JSON.stringify(gapFeatures(await gaps(query)))
    },

    async gapsCsv(query: Static<typeof GapsExportQuery>) {
      const list = await gaps(query)
      const minutesOf = (m: number | null) => (m === null ? '' : round(m))
      let csv: string
      if (query.lang === 'zh') {
        const state = await cache.current()
        const areas = state.model.areas
        const index = (id: string) => areas.indexById.get(id) ?? -1
        const areaName = (i: number) => (i < 0 ? '' : areas.names[i]!)
        const stationNames = new Map(state.inputs.stations.map((s) => [s.id, s.name]))
        csv = stringify(
          list.map(({ gap, shape }) => [
            gap.id, shape.name, areaName(index(gap.areaId) < 0 ? -1 : areas.parent[index(gap.areaId)]!), areaName(index(gap.areaId)), gap.residents, gap.households, minutesOf(gap.minutes),
            gap.stationId ? (stationNames.get(gap.stationId) ?? gap.stationId) : '', gap.entrance[0], gap.entrance[1],
          ]),
          { header: true, columns: ['楼栋编号', '楼栋名称', '所属社区', '所属网格', '居民数', '户数', '到最近阵地步行（分钟）', '最近阵地', '入口经度', '入口纬度'] },
        )
      } else {
        csv = stringify(
          list.map(({ gap, shape }) => [gap.id, shape.name, gap.areaId, gap.residents, gap.households, minutesOf(gap.minutes), gap.stationId ?? '', gap.entrance[0], gap.entrance[1]]),
          { header: true, columns: ['building_id', 'name', 'grid_id', 'residents', 'households', 'minutes_to_station', 'nearest_station_id', 'entrance_lng', 'entrance_lat'] },
        )
      }
      // A byte-order mark so spreadsheet programs read the Chinese names as UTF-8.
      return '\ufeff' + csv
    },

    /**
     * Every building's walking minutes to the nearest station of the current scenario (null: none
     * reachable), from the same cached answer as the gaps, for comparing cases inside and outside the
     * circles (plugins/circles). Parallel arrays keep the message small; `epsilonMinutes` is the
     * engine's own threshold tolerance, so a building falls on the same side as in the coverage figures.
     */
    async buildingMinutes() {
      const { state, result } = await cache.coverage('current', [5, 15])
      const t = state.model.buildings
      const minutes: (number | null)[] = new Array(t.count)
      for (let b = 0; b < t.count; b++) {
        const d = result.nearest.distanceM[b]
        minutes[b] = Number.isFinite(d) ? metresToMinutes(d, speedKmh) : null
      }
      return { revision: state.revision, speedKmh, epsilonMinutes: metresToMinutes(DISTANCE_EPSILON_M, speedKmh), ids: Array.from(t.ids), minutes }
    },

    async isochrones(query: Static<typeof IsochroneQuery>) {
      return cache.scenarioIsochrones(query.scenario, parseMinutes(query.minutes, LIMITS.maxIsochroneMinutes))
    },

    async stationIsochrone({ id, ...query }: Static<typeof StationIsochroneQuery> & { id: string }) {
      const minutes = parseMinutes(query.minutes, LIMITS.maxIsochroneMinutes)
      const state = await cache.current()
      const station = state.inputs.stations.find((s) => s.id === id)
      if (!station) throw notFound(`no station with id ${id}`)
      return isochrones(state.model.graph, [station], { minutes, speedKmh })
    },

    async whatIf(body: Static<typeof WhatIfBody>) {
      const started = performance.now()
      const scenario = body.scenario
      const minutes = body.minutes ? [...new Set(body.minutes)].sort((a, b) => a - b) : [5, 15]
      const { state, base } = await cache.baseline(scenario, minutes)
      const { add, move } = planChanges(state, base.stationIndex, scenario, body)
      const result = whatIf(base, { add, move, remove: body.remove ?? [] }, { levels: levelsOf(body.level) })
      let iso
      if (body.isochrones && (add.length || move.length)) {
        iso = {
          type: 'FeatureCollection' as const,
          features: [...add, ...move].flatMap((s) =>
            isochrones(state.model.graph, [s], { minutes, speedKmh }).features.map((f) => ({ ...f, properties: { ...f.properties, ref: s.id } })),
          ),
        }
      }
      return {
        minutes: result.minutes,
        scenario,
        speedKmh,
        stations: base.stations.length + add.length - (body.remove?.length ?? 0),
        areas: result.areas,
        delta: result.delta,
        changedBuildings: result.changedBuildings,
        changed: Object.fromEntries(
          Object.entries(result.changed).map(([m, c]) => [m, { covered: c.covered.map(changedRow), uncovered: c.uncovered.map(changedRow) }]),
        ),
        placed: result.placed.map((p) => ({ id: p.id, lng: p.lngLat[0], lat: p.lngLat[1], snapM: Number.isFinite(p.snapM) ? round(p.snapM) : null })),
        isochrones: iso,
        elapsedMs: round(performance.now() - started, 2),
      }
    },

    async suggest(body: Static<typeof SuggestBody>) {
      const started = performance.now()
      const { minutes, scenario, minDistanceM = 0, budget } = body
      const k = budget ? budget.reduce((n, line) => n + line.count, 0) : body.k
      if (k === undefined) throw badRequest('k (how many sites) or a budget is required', 'NO_K')
      if (budget && body.k !== undefined && body.k !== k) throw badRequest(`k (${body.k}) differs from the budget's total (${k})`, 'BAD_BUDGET')
      if (k > LIMITS.k) throw badRequest(`a budget of at most ${LIMITS.k} sites`, 'BAD_BUDGET')
      if (budget && new Set(budget.map((b) => b.kind)).size !== budget.length) throw badRequest('budget: each station kind at most once', 'BAD_BUDGET')
      if (budget && (body.weight5 !== undefined || body.weight15 !== undefined)) throw badRequest('a budget sites each kind for its own circle: leave out weight5 and weight15', 'BAD_BUDGET')
      if (body.within) checkOutline(body.within)
      const state = await cache.current()
      const inScenario = new Set(stationsForScenario(state.inputs.stations, scenario).map((s) => s.id))
      const { add, move } = planChanges(state, inScenario, scenario, body)
      const weighted = body.weight5 !== undefined || body.weight15 !== undefined
      const goals = weighted ? [{ minutes: 5, weight: body.weight5 ?? 0 }, { minutes: 15, weight: body.weight15 ?? 0 }] : undefined
      if (goals && goals.every((g) => g.weight === 0)) throw badRequest('weight5 and weight15 cannot both be 0', 'BAD_WEIGHTS')
      const sources = new Set<SiteSource>(body.sources ?? ['street'])
      const places = state.candidates.filter((c) => sources.has(c.source))
      const byId = new Map(places.map((c) => [c.id, c]))
      const plan = { add, move, remove: body.remove ?? [] }
      const common = {
        minutes, scenario, speedKmh, plan, minDistanceM,
        candidates: places, includeNodes: sources.has('street'), within: body.within?.coordinates,
      }
      let r: SuggestByBudgetResult | SuggestSitesResult
      try {
        r = budget
          ? suggestByBudget(state.model, state.inputs.stations, { ...common, budget: budget.map((b) => ({ ...b, minutes: STATION_KIND_CIRCLE_MINUTES[b.kind] })) })
          : suggestSites(state.model, state.inputs.stations, { ...common, k, goals })
      } catch (err) {
        // The schema checks shapes; the engine finds what only the numbers show (a polygon with no area).
        if (err instanceof RangeError) throw badRequest(err.message, 'BAD_SITING')
        throw err
      }
      const counts: Record<string, number> = {}
      for (const source of sources) if (source !== 'street') counts[source] = places.filter((c) => c.source === source).length
      return {
        minutes,
        scenario,
        sites: r.sites.map((s: SuggestedSite & Partial<BudgetedSite>) => {
          const place = s.candidateId === null ? null : byId.get(s.candidateId)!
          return {
            lng: s.lngLat[0], lat: s.lngLat[1], gain: s.gain, gains: s.gains, households: s.households, buildings: s.buildings,
            source: place?.source ?? ('street' as const), candidateId: s.candidateId, name: place?.name ?? null,
            kind: s.kind ?? null, goalMinutes: s.goalMinutes ?? minutes,
          }
        }),
        sources: counts,
        coveredBefore: r.coveredBefore,
        coveredAfter: r.coveredAfter,
        curve: r.curve,
        byMinutes: r.byMinutes,
        plan: { add: add.length, move: move.length, remove: plan.remove.length },
        minDistanceM,
        candidatesConsidered: r.candidatesConsidered,
        elapsedMs: round(performance.now() - started, 2),
      }
    },
  }
}

/** A drawn outline siting can use: closed rings around some area (a slip of the mouse draws a line). */
function checkOutline(polygon: GeoJSON.Polygon): void {
  for (const ring of polygon.coordinates) {
    const [first, last] = [ring[0], ring[ring.length - 1]]
    if (first[0] !== last[0] || first[1] !== last[1]) throw badRequest('within: each ring must end where it starts', 'BAD_OUTLINE')
  }
  if (!(area(polygon) >= 1)) throw badRequest('within: the outline encloses no area', 'BAD_OUTLINE')
}

/**
 * A what-if's (or siting's) changes checked against the scenario's stations and placed: moved or removed
 * stations must be in service in the scenario and named once; added ones get the client's ids or new-1, …
 */
function planChanges(
  state: CoverageState,
  stationIds: { has(id: string): boolean },
  scenario: string,
  body: Pick<Static<typeof WhatIfBody>, 'add' | 'move' | 'remove'>,
) {
  const seen = new Set<string>()
  for (const id of [...(body.move ?? []).map((m) => m.id), ...(body.remove ?? [])]) {
    if (!stationIds.has(id)) throw badRequest(`station ${id} is not in service in scenario ${scenario}`, 'UNKNOWN_STATION')
    if (seen.has(id)) throw badRequest(`station ${id} is moved or removed more than once`, 'DUPLICATE_STATION')
    seen.add(id)
  }
  const addIds = (body.add ?? []).map((a, i) => a.id ?? `new-${i + 1}`)
  for (const id of addIds) {
    if (seen.has(id) || stationIds.has(id)) throw badRequest(`station id ${id} is already used in this what-if or by a station`, 'DUPLICATE_STATION')
    seen.add(id)
  }
  const add = (body.add ?? []).map((a, i) => ({ id: addIds[i], kind: a.kind, lngLat: [a.lng, a.lat] as [number, number], compoundId: compoundAt(state, [a.lng, a.lat]) }))
  const move = (body.move ?? []).map((m) => ({ id: m.id, lngLat: [m.lng, m.lat] as [number, number], compoundId: compoundAt(state, [m.lng, m.lat]) }))
  return { add, move }
}

export type CoverageOps = ReturnType<typeof coverageOps>
export type CoverageOp = keyof CoverageOps
