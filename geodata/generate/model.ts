import type { BuildingKind } from '../dataset/index.ts'
import type { Pt } from './geom.ts'
import type { Region } from './lattice.ts'

/** Internal drafts shared by the generator modules (before ids and output coordinates exist). */

export type Era = 'old' | 'mid' | 'new'

export type BuildingRole =
  | 'community_center'
  | 'street_center'
  | 'district_center'
  | 'market'
  | 'office'
  | 'clinic'
  | 'shop'

export interface BldDraft {
  kind: BuildingKind
  /** Short label inside its place: "3栋", "门诊楼", "柳巷12号". */
  label: string
  /** Full display name. */
  name: string
  floors: number
  /** Dwelling units the building can hold (0 for non-residential). */
  capacity: number
  footprint: Pt[]
  /** Walk node id of the door. */
  entrance: number
  compound: CompoundDraft | null
  block: number
  /** Road used for its postal address. */
  road: string
  role?: BuildingRole
  /** Inside a compound: 0 west of the spine path, 1 east of it (a big compound may span two grids). */
  half?: 0 | 1
  // Filled in after calibration and grid formation:
  households: number
  residents: number
  partyHouseholds: number
  partyMembers: number
  id: string
  gridId: string
  hasGroup: boolean
}

export interface CompoundDraft {
  id: string
  name: string
  era: Era
  builtYear: number
  geom: Pt[]
  gates: { id: string; name: string; node: number }[]
  block: number
  road: string
  buildings: BldDraft[]
  /** The spine path line (two points) and the site rotation: where a big compound can be cut in two grids. */
  cut: { k: number; a: Pt; b: Pt }
}

export type BlockUse = 'compound' | 'oldhood' | 'public' | 'school' | 'hospital' | 'office' | 'industrial' | 'campus' | 'park' | 'green' | 'mixed'

export interface Block {
  index: number
  cell: number
  region: Region
  use: BlockUse
  buildings: BldDraft[]
  compound: CompoundDraft | null
  /** Buildable site polygon (for land use), if any. */
  site: Pt[] | null
  /** Name of the institution or neighbourhood occupying it (school, hospital, 老街区 …). */
  label: string
}

/** Completes a building draft with the fields filled in later (mutates and returns the literal). */
export function newBuilding(b: Omit<BldDraft, 'households' | 'residents' | 'partyHouseholds' | 'partyMembers' | 'id' | 'gridId' | 'hasGroup'>): BldDraft {
  const o = b as BldDraft
  o.households = 0
  o.residents = 0
  o.partyHouseholds = 0
  o.partyMembers = 0
  o.id = ''
  o.gridId = ''
  o.hasGroup = false
  return o
}
