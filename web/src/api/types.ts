/**
 * Shapes of the API's JSON, as the server documents them. Kept apart from http.ts so that components
 * can import types without pulling in fetch code.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'

export type AreaLevel = 'district' | 'street' | 'community' | 'grid'
export type BBox = [number, number, number, number]
export type LngLat = [number, number]

export interface Health {
  status: 'ok'
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

export interface AreaProps extends AreaRef {
  code: string
  parentId: string | null
  residents: number
  households: number
  buildings: number
  /** Share (0..1) of residential buildings that have a building party group; null with none. */
  partyCoverage: number | null
  childCount: number
}

export type AreaFeature = Feature<MultiPolygon, AreaProps>
export type AreaCollection = FeatureCollection<MultiPolygon, AreaProps>

export interface PartyOrg {
  id: string
  kind: string
  name: string
  secretary: string | null
  members: number
}

export type WorkerRole = 'grid_worker' | 'police_liaison' | 'community_worker'

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

export interface AreaDetailProps extends AreaProps {
  ancestors: AreaRef[]
  children: AreaRef[]
  totals: AreaTotals
  party: { orgs: PartyOrg[] }
  workers: Worker[]
  compounds?: CompoundRef[]
}

export type AreaDetail = Feature<MultiPolygon, AreaDetailProps>

export type StationKind =
  | 'district_center'
  | 'street_center'
  | 'community_center'
  | 'compound_station'
  | 'red_post'
  | 'rider_station'
  | 'deliberation_room'

export type StationStatus = 'in_service' | 'renovating' | 'under_construction' | 'planned'

export interface StationProps {
  id: string
  name: string
  kind: StationKind
  status: StationStatus
  floorArea: number | null
  hours: string | null
  services: string[]
  address: string | null
  areaId: string | null
  compoundId?: string | null
}

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
