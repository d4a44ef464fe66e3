/**
 * What an OSM extract holds besides the walk network, as plain records for the loader: building outlines
 * with estimated floors and population, residential landuse that may be a walled compound, barrier rings,
 * gates, water and parks for the basemap, and places that could host a service station.
 */
import { area as turfArea } from '@turf/area'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { OsmData, OsmWay } from './read-osm.ts'
import { buildingFloors, buildingKind, buildingPopulation, type PopulationFactors } from './buildings.ts'

type Ring = [number, number][]

/** amenity=* values worth showing planners as candidate station sites (党群服务站 are often housed in them). */
export const CANDIDATE_AMENITIES = new Set(['community_centre', 'social_facility', 'social_centre', 'townhall', 'library', 'arts_centre'])

const BARRIERS = new Set(['wall', 'fence'])

/** Ways worth keeping while reading (everything else is dropped as the file streams by). */
export function keepWay(t: Record<string, string>): boolean {
  return Boolean(t.highway || t.building || t.landuse || t.leisure || t.natural || t.waterway === 'riverbank' || BARRIERS.has(t.barrier) || t.amenity)
}

/** Tagged nodes worth keeping: gates and entrances, candidate sites. */
export function keepNode(t: Record<string, string>): boolean {
  return Boolean(t.entrance || t.barrier === 'gate' || CANDIDATE_AMENITIES.has(t.amenity))
}

export function landuseKind(t: Record<string, string>): string | null {
  if (t.building && t.building !== 'no') return null
  if (t.natural === 'water' || t.waterway === 'riverbank' || t.landuse === 'reservoir' || t.landuse === 'basin') return 'water'
  if (t.leisure === 'park' || t.leisure === 'garden') return 'park'
  if (['grass', 'forest', 'meadow', 'village_green', 'recreation_ground'].includes(t.landuse) || ['wood', 'scrub', 'grassland'].includes(t.natural)) return 'green'
  if (['school', 'university', 'college', 'kindergarten'].includes(t.amenity)) return 'school'
  if (t.amenity === 'hospital') return 'hospital'
  if (t.landuse === 'industrial') return 'industrial'
  if (t.landuse === 'commercial' || t.landuse === 'retail') return 'commercial'
  return null
}

export interface OsmFeatures {
  buildings: { id: string; name: string; kind: string; floors: number; floorsEstimated: boolean; households: number; residents: number; ring: Ring }[]
  residential: { id: string; name: string; walled: boolean; ring: Ring }[]
  barriers: { ring: Ring }[]
  gates: { id: string; name: string; lngLat: [number, number] }[]
  landuse: { id: string; kind: string; name: string | null; ring: Ring }[]
  candidates: { id: string; kind: string; name: string | null; address: string | null; lngLat: [number, number] }[]
  /** Closed-looking ways that could not be used: a node outside the extract, or too few nodes. */
  skipped: { where: string; reasons: string[] }[]
}

function ringOf(w: OsmWay, nodes: OsmData['nodes']): Ring | string {
  if (w.refs.length < 4 || w.refs[0] !== w.refs[w.refs.length - 1]) return 'not a closed ring'
  const ring: Ring = []
  for (const r of w.refs) {
    const p = nodes.get(r)
    if (!p) return `node ${r} is outside the extract`
    ring.push(p)
  }
  return ring
}

const address = (t: Record<string, string>) => [t['addr:street'], t['addr:housenumber'] && `${t['addr:housenumber']}号`].filter(Boolean).join('') || null

export function osmFeatures(osm: OsmData, factors: PopulationFactors = {}): OsmFeatures {
  const out: OsmFeatures = { buildings: [], residential: [], barriers: [], gates: [], landuse: [], candidates: [], skipped: [] }
  const buildingWays: [OsmWay, Ring][] = []
  for (const w of osm.ways) {
    const t = w.tags
    const wantsRing = (t.building && t.building !== 'no') || t.landuse === 'residential' || BARRIERS.has(t.barrier) || landuseKind(t) || CANDIDATE_AMENITIES.has(t.amenity)
    if (!wantsRing) continue
    const ring = ringOf(w, osm.nodes)
    if (typeof ring === 'string') {
      // Unclosed walls and fences are ordinary lines; only report what should have been an area.
      if (!(BARRIERS.has(t.barrier) && !t.landuse && !t.building)) out.skipped.push({ where: `way ${w.id}`, reasons: [ring] })
      continue
    }
    const id = `osm-w${w.id}`
    if (t.building && t.building !== 'no') buildingWays.push([w, ring])
    else if (t.landuse === 'residential') out.residential.push({ id, name: t.name ?? '未命名小区', walled: BARRIERS.has(t.barrier), ring })
    else if (BARRIERS.has(t.barrier)) out.barriers.push({ ring })
    const lk = landuseKind(t)
    if (lk) out.landuse.push({ id, kind: lk, name: t.name ?? null, ring })
    if (CANDIDATE_AMENITIES.has(t.amenity)) out.candidates.push({ id, kind: t.amenity, name: t.name ?? null, address: address(t), lngLat: centroid(ring) })
  }

  const residentialIndex = out.residential.map((r) => ({ bbox: bboxOf(r.ring), poly: { type: 'Polygon' as const, coordinates: [r.ring] } }))
  for (const [w, ring] of buildingWays) {
    const t = w.tags
    const c = centroid(ring)
    const inResidential = residentialIndex.some((r) => c[0] >= r.bbox[0] && c[0] <= r.bbox[2] && c[1] >= r.bbox[1] && c[1] <= r.bbox[3] && booleanPointInPolygon(c, r.poly))
    const kind = buildingKind(t, inResidential)
    const footprintM2 = turfArea({ type: 'Polygon', coordinates: [ring] })
    const { floors, estimated } = buildingFloors(t, kind, footprintM2)
    const { households, residents } = buildingPopulation(kind, floors, footprintM2, factors)
    const name = t.name ?? address(t) ?? '未命名楼栋'
    out.buildings.push({ id: `osm-w${w.id}`, name, kind, floors, floorsEstimated: estimated, households, residents, ring })
  }

  for (const n of osm.taggedNodes) {
    const t = n.tags
    if (t.entrance || t.barrier === 'gate') out.gates.push({ id: `osm-n${n.id}`, name: t.name ?? (t.entrance === 'main' ? '正门' : '门'), lngLat: n.lngLat })
    if (CANDIDATE_AMENITIES.has(t.amenity)) out.candidates.push({ id: `osm-n${n.id}`, kind: t.amenity, name: t.name ?? null, address: address(t), lngLat: n.lngLat })
  }
  return out
}

function bboxOf(ring: Ring): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const [x, y] of ring) {
    w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y)
  }
  return [w, s, e, n]
}

/** Vertex mean of a ring (without its closing vertex): inside for the convex-ish outlines of buildings. */
function centroid(ring: Ring): [number, number] {
  let x = 0, y = 0
  const n = ring.length - 1
  for (let i = 0; i < n; i++) {
    x += ring[i][0]
    y += ring[i][1]
  }
  return [x / n, y / n]
}
