import type { LngLat } from '../dataset/index.ts'

/**
 * Defaults of the demo district. Everything that sizes the city lives here, not scattered through the
 * modules, so that tuning is one edit (and bumps GENERATOR_VERSION if output changes on purpose).
 */
export const GENERATOR_VERSION = 1

export const DEFAULT_SEED = 20240701

/**
 * Geographic origin of the local metric frame. Anqing (安庆) on the north bank of the Yangtze: a real
 * place with the climate, latitude and urban form we imitate, while the district itself is fictional.
 */
export const DEFAULT_CENTER: LngLat = [117.06, 30.53]

export const DISTRICT_NAME = '澜溪区'
export const RIVER_NAME = '澜溪河'
/** Prefix of the 12-digit area codes: a province+city+county-shaped code that belongs to no real county. */
export const CODE_PREFIX = '340899'

/** Lattice at scale 1 (≈ 大观区's urban core): superblock columns × rows, river row not counted. */
export const BASE_COLS = 8
export const BASE_ROWS = 7
export const BASE_CELLS = BASE_COLS * BASE_ROWS

/** Targets per BASE_CELLS superblocks; multiplied by (actual cells / BASE_CELLS). */
export const TARGETS = {
  residents: 250_000,
  residentsPerHousehold: 2.7,
  streets: 7,
  /** Aim a little above 大观区's 274 grids. */
  grids: 285,
  propertyCompanies: 25,
  partyCentralHouseholds: 1_600,
  compoundStations: 25,
  redPosts: 10,
  riderStations: 8,
  deliberationRooms: 8,
  parks: 4,
  hospitals: 1,
  offices: 2,
  industrial: 1,
  campuses: 1,
}

export const GEOMETRY = {
  /** Arterial spacing (m): irregular like a real city's grid of main roads. */
  arterialSpacing: [550, 900] as [number, number],
  /** Distance between the two river bank roads (m). */
  riverRowWidth: [140, 170] as [number, number],
  /** From bank-road centreline: road half width, then embankment green, then water (m). */
  bankRoadHalf: 10,
  embankment: 22,
  /** Random lattice rotation (degrees), node jitter (m), low-frequency warp amplitude (m). */
  rotationDeg: [5, 12] as [number, number],
  jitter: 35,
  warp: 70,
  /** BSP: split a region if its longer axis exceeds the threshold; never make a side shorter than min. */
  residentialSplit: [290, 360] as [number, number],
  specialSplit: [380, 480] as [number, number],
  minBlock: 140,
  splitFraction: [0.35, 0.65] as [number, number],
  /** Share of last-level local roads that stop partway (dead ends). */
  deadEndShare: 0.3,
  /** Building setback from a road centreline (m): half the road plus pavement. */
  setbackArterial: 20,
  setbackLocal: 9,
}

/** Grid sizing: a grid is a group of blocks holding about 300–500 households. */
export const GRID_HOUSEHOLDS = { min: 250, max: 450, tiny: 100 }

/** Station status mix of 包河区 (22 in service, 12 renovating, 6 under construction, 8 planned). */
export const STATION_STATUS_MIX = {
  in_service: 22,
  renovating: 12,
  under_construction: 6,
  planned: 8,
} as const
