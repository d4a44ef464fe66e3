/**
 * Building kind, floors and population from OSM tags and the footprint, where no register gives them.
 * The figures are estimates for planning maps (who is within a 15-minute walk), not a census: a building
 * register (npm run import -- buildings …) overrides them.
 */

export type BuildingKind = 'residential' | 'mixed' | 'public' | 'commercial' | 'school' | 'industrial'

export interface PopulationFactors {
  /** Gross floor area per household, common parts included. @default 90 */
  m2PerHousehold?: number
  /** People per household; 2.62 is the 2020 census mean for family households (第七次人口普查). @default 2.62 */
  residentsPerHousehold?: number
}

const KIND_BY_TAG: Record<string, BuildingKind> = {
  residential: 'residential', apartments: 'residential', house: 'residential', detached: 'residential',
  semidetached_house: 'residential', terrace: 'residential', dormitory: 'residential', bungalow: 'residential',
  commercial: 'commercial', retail: 'commercial', office: 'commercial', hotel: 'commercial', supermarket: 'commercial',
  school: 'school', university: 'school', college: 'school', kindergarten: 'school',
  industrial: 'industrial', warehouse: 'industrial', factory: 'industrial', manufacture: 'industrial',
  public: 'public', government: 'public', civic: 'public', hospital: 'public', train_station: 'public',
  church: 'public', temple: 'public', sports_hall: 'public', stadium: 'public',
}

/**
 * The kind of a building. building=yes (most of China's OSM buildings) is residential inside a
 * residential landuse and public elsewhere; the caller says which.
 */
export function buildingKind(tags: Record<string, string>, inResidentialLanduse: boolean): BuildingKind {
  const known = KIND_BY_TAG[tags.building]
  if (known) return known === 'residential' && tags.shop ? 'mixed' : known
  if (tags.shop && inResidentialLanduse) return 'mixed'
  return inResidentialLanduse ? 'residential' : 'public'
}

// Typical heights where building:levels is not tagged: Chinese compounds of the 1980s–2000s are mostly
// six-storey walk-ups (多层, no lift below 7 floors under the old GB 50096), larger footprints mostly
// slab or tower blocks; 3 m per storey for height=* (GB 50096 floor height 2.8–3 m).
const DEFAULT_FLOORS: Record<BuildingKind, number> = { residential: 6, mixed: 6, public: 3, commercial: 4, school: 4, industrial: 1 }

export function buildingFloors(tags: Record<string, string>, kind: BuildingKind, footprintM2: number): { floors: number; estimated: boolean } {
  const levels = Number.parseFloat(tags['building:levels'] ?? '')
  if (Number.isFinite(levels) && levels >= 1 && levels < 200) return { floors: Math.round(levels), estimated: false }
  const height = Number.parseFloat(tags.height ?? '')
  if (Number.isFinite(height) && height >= 2 && height < 700) return { floors: Math.max(1, Math.round(height / 3)), estimated: false }
  if (['house', 'detached', 'semidetached_house', 'terrace', 'bungalow'].includes(tags.building)) return { floors: 2, estimated: true }
  // Tiny outlines are sheds, kiosks and guard houses whatever their tag.
  if (footprintM2 < 60) return { floors: 1, estimated: true }
  return { floors: DEFAULT_FLOORS[kind], estimated: true }
}

/** Households and residents from floor area: residential floor area / m² per household, × people per household. */
export function buildingPopulation(kind: BuildingKind, floors: number, footprintM2: number, factors: PopulationFactors = {}) {
  const m2PerHousehold = factors.m2PerHousehold ?? 90
  const perHousehold = factors.residentsPerHousehold ?? 2.62
  // A mixed building's ground floor is shops.
  const share = kind === 'residential' ? 1 : kind === 'mixed' ? Math.max(0, floors - 1) / floors : 0
  const households = Math.floor((footprintM2 * floors * share) / m2PerHousehold)
  return { households, residents: Math.round(households * perHousehold) }
}
