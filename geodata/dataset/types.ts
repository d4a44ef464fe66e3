/**
 * The shape of a generated (or imported) district, as handed to the loader (geodata/lib/load-dataset.ts).
 * Its own module so that the demo generator, importers and the loader share it without depending on
 * one another.
 * This is the contract between geodata/ and the database: one record type per table in migrations/001.
 * Coordinates are WGS-84 [lng, lat], rounded to 7 decimals (≈1 cm) so that output is byte-stable.
 * Code lists (levels, kinds, statuses, roles) come from server/domain/vocabulary.
 */
import type {
  AreaLevel, BuildingKind, EdgeKind, LanduseKind, PartyOrgKind, StationKind, StationStatus, WorkerRole,
} from '../../server/domain/vocabulary/index.ts'

export type {
  AreaLevel, BuildingKind, EdgeKind, LanduseKind, PartyOrgKind, StationKind, StationStatus, WorkerRole,
} from '../../server/domain/vocabulary/index.ts'

export type LngLat = [number, number]
/** A polygon as GeoJSON coordinates: outer ring first, rings closed (first point repeated last). */
export type PolygonCoords = LngLat[][]


export interface AreaRecord {
  /** Hierarchical id, also used in URLs: D01, D01S02, D01S02C03, D01S02C03G04. */
  id: string
  /** Administrative-style numeric code (12 digits, unique). */
  code: string
  name: string
  level: AreaLevel
  parentId: string | null
  /** MultiPolygon coordinates; areas of one level tile their parent without gaps or overlaps. */
  geom: PolygonCoords[]
}

export interface PropertyCompanyRecord {
  id: string
  name: string
  phone: string
}

export interface CompoundRecord {
  id: string
  name: string
  communityId: string
  /** The grid the compound (or most of it) lies in. */
  gridId: string
  propertyCompanyId: string | null
  /** Walled compounds are entered only through their gates. */
  walled: boolean
  builtYear: number
  geom: PolygonCoords
  gates: { id: string; name: string; lngLat: LngLat }[]
}

export interface BuildingRecord {
  id: string
  name: string
  kind: BuildingKind
  compoundId: string | null
  gridId: string
  floors: number
  households: number
  residents: number
  partyMemberHouseholds: number
  footprint: PolygonCoords
  /** Door on the walk network: always exactly a walk node (an 'entrance' edge joins it to a path). */
  entrance: LngLat
}

export interface PartyOrgRecord {
  id: string
  kind: PartyOrgKind
  name: string
  areaId: string
  buildingId: string | null
  parentId: string | null
  members: number
  secretary: string
}

/** 党员中心户: a party-member household that its building group relies on. Personal data. */
export interface PartyHouseholdRecord {
  id: string
  buildingId: string
  orgId: string
  householder: string
  phone: string
}

export interface WorkerRecord {
  id: string
  name: string
  phone: string
  role: WorkerRole
  /** A grid for grid workers and police liaisons, a community for community workers. */
  areaId: string
}

export interface StationRecord {
  id: string
  name: string
  kind: StationKind
  status: StationStatus
  /** The area the station serves (district, street or community). */
  areaId: string
  compoundId: string | null
  floorArea: number
  hours: string
  services: string[]
  address: string
  lngLat: LngLat
}

export interface WalkNodeRecord {
  id: number
  lngLat: LngLat
}

export interface WalkEdgeRecord {
  id: number
  source: number
  target: number
  /** Metres along coords (geodesic), rounded to cm. */
  lengthM: number
  kind: EdgeKind
  name: string | null
  /** Set for paths inside a walled compound (and its gate and entrance edges). */
  compoundId: string | null
  coords: LngLat[]
}

export interface LanduseRecord {
  id: string
  kind: LanduseKind
  name: string
  geom: PolygonCoords
}

export interface Dataset {
  meta: {
    name: string
    seed: number
    scale: number
    /** Generator version: bump when output changes on purpose. */
    version: number
    center: LngLat
    bbox: [number, number, number, number]
  }
  areas: AreaRecord[]
  propertyCompanies: PropertyCompanyRecord[]
  compounds: CompoundRecord[]
  buildings: BuildingRecord[]
  partyOrgs: PartyOrgRecord[]
  partyHouseholds: PartyHouseholdRecord[]
  workers: WorkerRecord[]
  stations: StationRecord[]
  walkNodes: WalkNodeRecord[]
  walkEdges: WalkEdgeRecord[]
  landuse: LanduseRecord[]
}
