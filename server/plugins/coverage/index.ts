import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from '@sinclair/typebox'
import { stringify } from 'csv-stringify/sync'
import { findGaps, isochrones, suggestSites, whatIf, type AreaLevel, type ChangedBuilding } from '../../engine/index.ts'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { sendExport } from '../../lib/export/send.ts'
import { compoundAt, CoverageCache } from './model-cache.ts'
import { parseMinutes } from './params.ts'
import { gapPages } from './gap-export.ts'
import { buildingFootprints } from './queries.ts'
import {
  CoverageQuery,
  CoverageResponse,
  GapsExportQuery,
  GapsQuery,
  IsochroneQuery,
  StationIsochroneQuery,
  StationParams,
  SuggestBody,
  SuggestResponse,
  WhatIfBody,
  WhatIfResponse,
} from './schemas.ts'

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits
const changedRow = (c: ChangedBuilding) => ({ id: c.id, lng: c.entrance[0], lat: c.entrance[1], residents: c.residents })
const levelsOf = (level?: AreaLevel): AreaLevel[] | undefined => (level ? ['district', level] : undefined)

/**
 * 党群服务圈: walking coverage of the stations (5/15 minutes), gaps, isochrones, what-if and siting,
 * answered by the in-memory engine from a model of the district built once per dataset revision.
 */
/** The engine's heavy routes, per account: a planner dragging a station sends a few a second at most. */
const HEAVY_LIMIT = { max: 240, timeWindow: '1 minute' }

const coverage: FastifyPluginAsyncTypebox<{ speedKmh: number }> = async (app, { speedKmh }) => {
  const cache = new CoverageCache(app.db.pool, speedKmh)

  app.get(
    '/api/coverage',
    { schema: { querystring: CoverageQuery, response: { 200: CoverageResponse, 400: ErrorResponse } } },
    async (request) => {
      const minutes = parseMinutes(request.query.minutes)
      const scenario = request.query.scenario
      const { base } = await cache.baseline(scenario, minutes)
      const levels = levelsOf(request.query.level)
      return {
        minutes,
        scenario,
        speedKmh,
        stations: base.stations.length,
        areas: levels ? base.areas.filter((a) => levels.includes(a.level)) : base.areas,
      }
    },
  )

  /** The uncovered buildings, and the name of the area asked for (null for the whole district). */
  async function gapList(query: Static<typeof GapsQuery>) {
    const { state, result } = await cache.coverage(query.scenario, [query.minutes])
    const areas = state.model.areas
    const index = query.area === undefined ? undefined : areas.indexById.get(query.area)
    if (query.area && index === undefined) throw notFound(`no area with id ${query.area}`)
    const rows = findGaps(state.model, result.nearest, { minutes: query.minutes, speedKmh, areaId: query.area, limit: query.limit })
    return { rows, areaName: index === undefined ? null : areas.names[index]! }
  }

  async function gaps(query: Static<typeof GapsQuery>) {
    const { rows } = await gapList(query)
    const { rows: shapes } = await buildingFootprints(app.db.pool, rows.map((g) => g.id))
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

  app.get(
    '/api/coverage/gaps',
    { schema: { querystring: GapsQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => gapFeatures(await gaps(request.query)),
  )

  app.get(
    '/api/coverage/gaps.geojson',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const body = gapFeatures(await gaps(request.query))
      reply
        .type('application/geo+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="coverage-gaps-${request.query.minutes}min.geojson"`)
      return JSON.stringify(body)
    },
  )

  app.get(
    '/api/coverage/gaps.csv',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const list = await gaps(request.query)
      const csv = stringify(
        list.map(({ gap, shape }) => [gap.id, shape.name, gap.areaId, gap.residents, gap.households, gap.minutes === null ? '' : round(gap.minutes), gap.stationId ?? '', gap.entrance[0], gap.entrance[1]]),
        { header: true, columns: ['building_id', 'name', 'grid_id', 'residents', 'households', 'minutes_to_station', 'nearest_station_id', 'entrance_lng', 'entrance_lat'] },
      )
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="coverage-gaps-${request.query.minutes}min.csv"`)
      // A byte-order mark so spreadsheet programs read the Chinese names as UTF-8.
      return '\ufeff' + csv
    },
  )

  app.get(
    '/api/coverage/gaps.gpkg',
    { schema: { querystring: GapsExportQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      const q = request.query
      const { rows, areaName } = await gapList(q)
      const base = `coverage-gaps-${q.minutes}min`
      return sendExport(reply, {
        format: 'gpkg',
        asciiName: q.area ? `${base}-${q.area}` : base,
        name: areaName ? `${base}-${areaName}` : base,
        layer: {
          table: 'coverage_gaps',
          identifier: `覆盖缺口 ${q.minutes} 分钟 Coverage gaps`,
          description: `Residential buildings beyond ${q.minutes} walking minutes of a service station (scenario ${q.scenario}), most residents first.`,
          geometryType: 'POLYGON',
        },
        pages: () => gapPages(app.db.pool, rows),
      })
    },
  )

  app.get(
    '/api/isochrones',
    { schema: { querystring: IsochroneQuery, response: { 200: Type.Unknown(), 400: ErrorResponse } } },
    async (request) => {
      const minutes = parseMinutes(request.query.minutes)
      return cache.scenarioIsochrones(request.query.scenario, minutes)
    },
  )

  app.get(
    '/api/stations/:id/isochrone',
    { schema: { params: StationParams, querystring: StationIsochroneQuery, response: { 200: Type.Unknown(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const minutes = parseMinutes(request.query.minutes)
      const state = await cache.current()
      const station = state.inputs.stations.find((s) => s.id === request.params.id)
      if (!station) throw notFound(`no station with id ${request.params.id}`)
      return isochrones(state.model.graph, [station], { minutes, speedKmh })
    },
  )

  app.post(
    '/api/coverage/what-if',
    { config: { access: 'plan', rateLimit: HEAVY_LIMIT }, schema: { body: WhatIfBody, response: { 200: WhatIfResponse, 400: ErrorResponse } } },
    async (request) => {
      const started = performance.now()
      const body = request.body
      const scenario = body.scenario
      const minutes = body.minutes ? [...new Set(body.minutes)].sort((a, b) => a - b) : [5, 15]
      const { state, base } = await cache.baseline(scenario, minutes)
      const seen = new Set<string>()
      for (const id of [...(body.move ?? []).map((m) => m.id), ...(body.remove ?? [])]) {
        if (!base.stationIndex.has(id)) throw badRequest(`station ${id} is not in service in scenario ${scenario}`, 'UNKNOWN_STATION')
        if (seen.has(id)) throw badRequest(`station ${id} is moved or removed more than once`, 'DUPLICATE_STATION')
        seen.add(id)
      }
      // Added stations carry the client's ids (echoed in placed and isochrones) or new-1, new-2, …
      const addIds = (body.add ?? []).map((a, i) => a.id ?? `new-${i + 1}`)
      for (const id of addIds) {
        if (seen.has(id) || base.stationIndex.has(id)) throw badRequest(`station id ${id} is already used in this what-if or by a station`, 'DUPLICATE_STATION')
        seen.add(id)
      }
      const add = (body.add ?? []).map((a, i) => ({ id: addIds[i], kind: a.kind, lngLat: [a.lng, a.lat] as [number, number], compoundId: compoundAt(state, [a.lng, a.lat]) }))
      const move = (body.move ?? []).map((m) => ({ id: m.id, lngLat: [m.lng, m.lat] as [number, number], compoundId: compoundAt(state, [m.lng, m.lat]) }))
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
  )

  app.post(
    '/api/coverage/suggest',
    { config: { access: 'plan', rateLimit: HEAVY_LIMIT }, schema: { body: SuggestBody, response: { 200: SuggestResponse, 400: ErrorResponse } } },
    async (request) => {
      const started = performance.now()
      const { k, minutes } = request.body
      const scenario = request.body.scenario
      const state = await cache.current()
      const r = suggestSites(state.model, state.inputs.stations, { k, minutes, scenario, speedKmh })
      return {
        minutes,
        scenario,
        sites: r.sites.map((s) => ({ lng: s.lngLat[0], lat: s.lngLat[1], gain: s.gain, households: s.households, buildings: s.buildings })),
        coveredBefore: r.coveredBefore,
        coveredAfter: r.coveredAfter,
        candidatesConsidered: r.candidatesConsidered,
        elapsedMs: round(performance.now() - started, 2),
      }
    },
  )

  // Build the model in the background at start so the planner's first question is answered quickly.
  app.addHook('onReady', async () => {
    cache.current().catch((err) => app.log.warn({ err }, 'coverage model could not be built yet'))
  })
}

export default coverage
