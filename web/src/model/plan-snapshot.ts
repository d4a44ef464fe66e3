/**
 * A plan as it stands in the planner, as plain data: the scenario, the stations added, moved and taken
 * out (with the names people use for where they are), the suggested sites, and the coverage by street
 * and community before and after. The exports and the printable report are made from it; it is what
 * the planner hands the report page (sessionStorage), so it holds no functions and no geometry.
 */
import type { AreaCoverage, CoverageResponse, LngLat, PlaceDescription, Scenario, StationFeature, StationKind } from '../api/types.ts'
import type { RankedSite } from './planner.ts'
import { SITE_SOURCE_NAMES, STATION_KIND_NAMES } from '../vocab.ts'

/** Where a point is, by part, as /api/places/describe says; all null until its names arrive. */
export interface PlaceNames {
  place: string | null
  road: string | null
  building: string | null
  compound: string | null
  community: string | null
  grid: string | null
}

/** 新增 / 移位 / 撤除, as the what-if list tags them. */
export const CHANGE_NAMES = { added: '新增', moved: '移位', removed: '撤除' } as const

export interface PlanStationRow extends PlaceNames {
  change: 'added' | 'moved' | 'removed'
  /** The station's id; for an added one, the planner's key ("h1"). */
  id: string
  name: string
  kind: StationKind | null
  /** Where it stands under the plan (a removed one: where it stood). */
  lng: number
  lat: number
  /** A moved station's position today. */
  fromLng: number | null
  fromLat: number | null
}

export interface PlanSiteRow extends PlaceNames {
  rank: number
  gain: number
  households: number | null
  buildings: number | null
  lng: number
  lat: number
  adopted: boolean
  /** Under a budget: the station kind's name; null otherwise. */
  kindName: string | null
  /** What the site is when it is a candidate place ("公共建筑：清风小区物业用房"); null at a street corner. */
  candidate: string | null
}

export interface PlanAreaRow {
  level: 'street' | 'community'
  id: string
  name: string
  /** The street of a community. */
  parentName: string | null
  residents: number
  /** Residents covered per minute value ("5", "15"), today and under the plan (null without changes). */
  before: Record<string, number>
  after: Record<string, number> | null
}

export interface PlanSnapshot {
  version: 1
  /** ISO time the snapshot was taken. */
  createdAt: string
  districtName: string | null
  scenario: Scenario
  scenarioName: string
  speedKmh: number
  minutes: number[]
  stationCount: { before: number; after: number }
  /** District residents covered per minute value, today and under the plan. */
  headline: { minutes: number; residents: number; before: number; after: number | null }[]
  stations: PlanStationRow[]
  /** The last suggestion, if any, for `sitesMinutes`. */
  sites: PlanSiteRow[]
  sitesMinutes: number | null
  areas: PlanAreaRow[]
}

export interface PlanSnapshotInput {
  districtName: string | null
  scenario: Scenario
  scenarioName: string
  speedKmh: number
  minutes: readonly number[]
  added: readonly { key: string; lngLat: LngLat; kind?: string }[]
  moved: ReadonlyMap<string, LngLat>
  removed: ReadonlySet<string>
  byId: ReadonlyMap<string, StationFeature>
  /** Stations of the scenario before the plan. */
  stationsBefore: number
  /** The scenario's coverage and the what-if's answer (null without changes). */
  before: CoverageResponse | null
  after: CoverageResponse | null
  sites: readonly RankedSite[]
  adoptedRanks: ReadonlySet<number>
  sitesMinutes: number | null
  describe: (lngLat: LngLat) => PlaceDescription | null
  now?: Date
}

const NO_NAMES: PlaceNames = { place: null, road: null, building: null, compound: null, community: null, grid: null }

/** The parts of a point's description the tables show. */
export function placeNames(d: PlaceDescription | null): PlaceNames {
  if (!d) return NO_NAMES
  return {
    place: d.label,
    road: d.road?.name ?? null,
    building: d.building ? d.building.name : null,
    compound: d.compound?.name ?? d.building?.compound?.name ?? null,
    community: d.community?.name ?? null,
    grid: d.grid?.name ?? null,
  }
}

const coveredBy = (a: AreaCoverage, minutes: readonly number[]) =>
  Object.fromEntries(minutes.map((m) => [String(m), a.covered[String(m)]?.residents ?? 0]))

export function planSnapshot(input: PlanSnapshotInput): PlanSnapshot {
  const { minutes, byId, describe } = input
  const stations: PlanStationRow[] = [
    ...input.added.map((h, i): PlanStationRow => ({
      change: 'added',
      id: h.key,
      name: `假设站点 ${i + 1}`,
      kind: (h.kind as StationKind | undefined) ?? null,
      lng: h.lngLat[0],
      lat: h.lngLat[1],
      fromLng: null,
      fromLat: null,
      ...placeNames(describe(h.lngLat)),
    })),
    ...[...input.moved].flatMap(([id, to]): PlanStationRow[] => {
      const f = byId.get(id)
      if (!f) return []
      const [fromLng, fromLat] = f.geometry.coordinates as LngLat
      return [{ change: 'moved', id, name: f.properties.name, kind: f.properties.kind, lng: to[0], lat: to[1], fromLng, fromLat, ...placeNames(describe(to)) }]
    }),
    ...[...input.removed].flatMap((id): PlanStationRow[] => {
      const f = byId.get(id)
      if (!f) return []
      const at = f.geometry.coordinates as LngLat
      return [{ change: 'removed', id, name: f.properties.name, kind: f.properties.kind, lng: at[0], lat: at[1], fromLng: null, fromLat: null, ...placeNames(describe(at)) }]
    }),
  ]

  const afterById = new Map((input.after?.areas ?? []).map((a) => [a.id, a]))
  const beforeAreas = input.before?.areas ?? []
  const names = new Map(beforeAreas.map((a) => [a.id, a.name]))
  const areas: PlanAreaRow[] = beforeAreas
    .filter((a): a is AreaCoverage & { level: 'street' | 'community' } => a.level === 'street' || a.level === 'community')
    .map((a) => {
      const after = afterById.get(a.id)
      return {
        level: a.level,
        id: a.id,
        name: a.name,
        parentName: a.level === 'community' && a.parentId ? (names.get(a.parentId) ?? null) : null,
        residents: a.residents,
        before: coveredBy(a, minutes),
        after: after ? coveredBy(after, minutes) : null,
      }
    })
    // Streets, then communities, each in the server's order (sort is stable).
    .sort((x, y) => (x.level === y.level ? 0 : x.level === 'street' ? -1 : 1))

  const district = beforeAreas.find((a) => a.level === 'district')
  const districtAfter = input.after?.areas.find((a) => a.level === 'district')
  return {
    version: 1,
    createdAt: (input.now ?? new Date()).toISOString(),
    districtName: input.districtName,
    scenario: input.scenario,
    scenarioName: input.scenarioName,
    speedKmh: input.speedKmh,
    minutes: [...minutes],
    stationCount: { before: input.stationsBefore, after: input.after ? input.after.stations : input.stationsBefore },
    headline: minutes.map((m) => ({
      minutes: m,
      residents: district?.residents ?? 0,
      before: district?.covered[String(m)]?.residents ?? 0,
      after: districtAfter ? (districtAfter.covered[String(m)]?.residents ?? 0) : null,
    })),
    stations,
    sites: input.sites.map((s) => ({
      rank: s.rank,
      gain: s.gain,
      households: s.households ?? null,
      buildings: s.buildings ?? null,
      lng: s.lng,
      lat: s.lat,
      adopted: input.adoptedRanks.has(s.rank),
      kindName: s.kind ? STATION_KIND_NAMES[s.kind] : null,
      candidate: s.name ? `${SITE_SOURCE_NAMES[s.source ?? 'street']}：${s.name}` : null,
      ...placeNames(describe([s.lng, s.lat])),
    })),
    sitesMinutes: input.sitesMinutes,
    areas,
  }
}
