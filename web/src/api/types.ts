/**
 * Shapes of the API's JSON, as the server documents them. Kept apart from http.ts so that components
 * can import types without pulling in fetch code.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { AreaLevel, Scenario, SiteSource, StationKind, WorkerRole } from '../../../server/domain/vocabulary/index.ts'
import type { LngLat } from '../../../server/engine/types.ts'
// Response shapes are the Static<> of the server's response schemas (type-only: nothing reaches the bundle).
import type { AreaDetailT, AreaSummaryT } from '../../../server/plugins/areas/schemas.ts'
import type { AreaCoverageT, CoverageResponseT } from '../../../server/plugins/coverage/schemas.ts'
import type { PlaceDescriptionT } from '../../../server/plugins/places/schemas.ts'
import type { StationPropsT } from '../../../server/plugins/stations/schemas.ts'

export type BBox = [number, number, number, number]

export interface Health {
  /** degraded: the server is up but cannot reach its database; `reason` says why. */
  status: 'ok' | 'degraded'
  reason?: string
  database: 'embedded' | 'external'
  postgis: string
}

export interface AppConfig {
  /** Null while the database holds no district yet. */
  district: { id: string; name: string; bbox: BBox; center: LngLat } | null
  /** An external maplibre style to use instead of the built-in one (internet deployments). */
  basemapStyleUrl: string | null
  walkSpeedKmh: number
}

export interface AreaRef {
  id: string
  name: string
  level: AreaLevel
}

/** An area in lists and on the map; `partyCoverage` is the share (0..1) of residential buildings with a party group. */
export type AreaProps = AreaSummaryT

export type AreaFeature = Feature<MultiPolygon, AreaProps>
export type AreaCollection = FeatureCollection<MultiPolygon, AreaProps>

export interface PartyOrg {
  id: string
  kind: string
  name: string
  secretary: string | null
  members: number
}

export type { WorkerRole } from '../../../server/domain/vocabulary/index.ts'

export interface Worker {
  /** Masked by the server (张*明); null where not recorded. */
  name: string | null
  role: WorkerRole | string
  phone: string | null
  areaId?: string
}

export interface CompoundRef {
  id: string
  name: string
  walled?: boolean
  propertyCompany: string | null
}

export interface AreaTotals {
  residents: number
  households: number
  buildings: number
  residentialBuildings: number
  partyGroups: number
  partyMemberHouseholds: number
  stations: number
}

/** The area panel's data: the area with its ancestors, children, totals, party organisation, workers and compounds. */
export type AreaDetailProps = AreaDetailT

export type AreaDetail = Feature<MultiPolygon, AreaDetailProps>

// Code lists shared with the server: one definition, imported as types only (nothing reaches the bundle).
export type { SiteSource, StationKind, StationStatus } from '../../../server/domain/vocabulary/index.ts'

export type StationProps = StationPropsT

export type StationFeature = Feature<Point, StationProps>
export type StationCollection = FeatureCollection<Point, StationProps>

export interface BuildingProps {
  id: string
  name: string
  kind: string
  floors: number
  households: number
  residents: number
  partyGroup: boolean
  gridId: string | null
  compoundId: string | null
}

export type BuildingFeature = Feature<Polygon, BuildingProps>
/** `truncated` is set when the server hit its row limit and left buildings out. */
export type BuildingCollection = FeatureCollection<Polygon, BuildingProps> & { truncated?: boolean }

/** The building card's data; on this route `partyGroup` is the group itself rather than a flag. */
export interface BuildingDetail {
  type: 'Feature'
  geometry: Polygon
  properties: Omit<BuildingProps, 'partyGroup'> & {
    partyMemberHouseholds: number
    compound: CompoundRef | null
    partyGroup: { name: string; secretary: string | null; members: number } | null
    partyHouseholds: { householder: string | null; phone: string | null }[]
    ancestors: AreaRef[]
  }
}

/* ---- Service-circle coverage (GET /api/coverage, /api/coverage/gaps, /api/isochrones, what-if, suggest) ---- */

/** Cumulative by station status: current = in service; renovated += renovating; built += under construction; planned += planned. */
export type { AreaLevel, Scenario } from '../../../server/domain/vocabulary/index.ts'
export type { CoveredCounts, LngLat } from '../../../server/engine/types.ts'

export interface CoverageCounts {
  residents: number
  households: number
  buildings: number
  partyMemberHouseholds?: number
}

/** One area's coverage; `covered` and `delta` (what-if answers) are keyed by the minute value as a string ("5", "15"). */
export type AreaCoverage = AreaCoverageT

/** `stations` counts the scenario's stations (after the what-if changes, for a what-if answer). */
export type CoverageResponse = CoverageResponseT

export interface GapProps {
  id: string
  name: string
  gridId: string
  residents: number
  households: number
  /** Walking minutes to the nearest station of the scenario; null when none can be reached. */
  minutes: number | null
  nearestStationId?: string | null
  entrance?: LngLat
}

export type GapCollection = FeatureCollection<Polygon | MultiPolygon, GapProps>

export interface IsochroneProps {
  minutes: number
  /** On what-if isochrones: the added station's id as sent (else "new-1", …) or the moved station's id. */
  ref?: string
}

export type IsochroneCollection = FeatureCollection<Polygon | MultiPolygon, IsochroneProps>

export interface WhatIfBody {
  add?: { lng: number; lat: number; kind?: string; id?: string }[]
  move?: { id: string; lng: number; lat: number }[]
  remove?: string[]
  minutes?: number[]
  scenario?: Scenario
  level?: AreaLevel
  isochrones?: boolean
}

export interface ChangedBuilding { id: string; lng: number; lat: number; residents: number }

export interface WhatIfResponse extends CoverageResponse {
  /** Newly covered minus lost, whole district, per minute value. */
  delta: Record<string, CoverageCounts>
  changedBuildings?: number
  changed?: Record<string, { covered: ChangedBuilding[]; uncovered: ChangedBuilding[] }>
  /** Where each added or moved station attached to the walking network. */
  placed?: { id: string; lng: number; lat: number; snapM: number | null }[]
  isochrones?: IsochroneCollection
  elapsedMs?: number
}

export interface SuggestedSite {
  lng: number
  lat: number
  /** Newly covered residents, in pick order (each gain counts only what the earlier picks left). */
  gain: number
  /** The same per weighted goal (and the asked minutes), keyed by minutes. */
  gains?: Record<string, number>
  households?: number
  buildings?: number
  /** Where it came from: a street node, or a candidate place (then its id and name). */
  source?: SiteSource
  candidateId?: string | null
  name?: string | null
  /** Under a budget: the station kind it is for, and the circle it was chosen to fill. */
  kind?: StationKind | null
  goalMinutes?: number
}

/** POST /api/coverage/suggest: siting on the plan in hand (the what-if's changes), with its constraints. */
export interface SuggestBody {
  /** Required unless a budget is given (then its total). */
  k?: number
  minutes: number
  scenario: Scenario
  add?: WhatIfBody['add']
  move?: WhatIfBody['move']
  remove?: string[]
  /** No site within this many metres (straight line) of a station of the plan. */
  minDistanceM?: number
  weight5?: number
  weight15?: number
  /** Where sites may go. @default ['street'] */
  sources?: SiteSource[]
  /** Only inside this outline (one closed ring of [lng, lat]). */
  within?: { type: 'Polygon'; coordinates: LngLat[][] }
  /** So many of each kind, each for its kind's circle. */
  budget?: { kind: StationKind; count: number }[]
}

export interface SuggestResponse {
  minutes?: number
  scenario?: Scenario
  sites: SuggestedSite[]
  /** Residents within the minutes under the plan it was asked on, before any site. */
  coveredBefore?: number
  coveredAfter?: number
  /** Residents within the minutes after 1, 2, … sites. */
  curve?: number[]
  byMinutes?: Record<string, { coveredBefore: number; curve: number[] }>
  minDistanceM?: number
  /** Candidate places of each non-street source asked for. */
  sources?: Partial<Record<SiteSource, number>>
}

/** A point's nearest road, building, compound and areas, and its label ("翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格"). */
export type PlaceDescription = PlaceDescriptionT
