/**
 * How people name a spot on the map: "翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格". Pure, so the server's
 * answer and any screen that words a place say it the same way.
 */

/** What the database found around a point (GET /api/places/describe). */
export interface PlaceFacts {
  /** Nearest named road within reach (walk_edges.name). */
  road: { name: string; distanceM: number } | null
  /** The building the point is in (distanceM 0), or the nearest within reach. */
  building: { name: string; distanceM: number; compoundName: string | null } | null
  /** The compound (小区) containing the point. */
  compound: { name: string } | null
  /** A named piece of land use containing it (a river, a park, a school), for points in no building. */
  landuse: { name: string } | null
  street: { name: string } | null
  community: { name: string } | null
  grid: { name: string } | null
}

/** Within this distance a building is "its building" ("雅居花园3栋附近"); farther, the label leaves it out. */
export const NEAR_BUILDING_M = 60

/** A building's name as said aloud: with its compound's name in front unless it already starts with it. */
function buildingName(b: { name: string; compoundName: string | null }): string {
  return b.compoundName && !b.name.startsWith(b.compoundName) ? `${b.compoundName}${b.name}` : b.name
}

/** The grid as said aloud: "湖滨社区第3网格"; the community's name is put in front when the grid's lacks it. */
function areaName(f: PlaceFacts): string | null {
  const { grid, community, street } = f
  if (grid) return community && !grid.name.startsWith(community.name) ? `${community.name}${grid.name}` : grid.name
  return community?.name ?? street?.name ?? null
}

/**
 * One label for a point: the road it is by, the building it is in or near (else the compound or the
 * named land it is in), and the grid (with its community), joined by " · ". Parts that are unknown are
 * left out; with nothing known, the coordinates.
 *
 * @example placeLabel({ road: { name: '翠湖路', distanceM: 40 }, building: { name: '3栋', distanceM: 12, compoundName: '翠湖小区' }, … grid: { name: '湖滨社区第3网格' } })
 *   // '翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格'
 */
export function placeLabel(f: PlaceFacts, lngLat?: readonly [number, number]): string {
  const parts: string[] = []
  if (f.road) parts.push(`${f.road.name}旁`)
  if (f.building && f.building.distanceM <= 0) parts.push(buildingName(f.building))
  else if (f.building && f.building.distanceM <= NEAR_BUILDING_M) parts.push(`${buildingName(f.building)}附近`)
  else if (f.compound) parts.push(`${f.compound.name}内`)
  else if (f.landuse) parts.push(f.landuse.name)
  const area = areaName(f)
  if (area) parts.push(area)
  if (parts.length) return parts.join(' · ')
  return lngLat ? `${lngLat[0].toFixed(5)}, ${lngLat[1].toFixed(5)}` : '未命名位置'
}
