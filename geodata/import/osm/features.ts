/**
 * What an OSM extract holds besides the walk network, as plain records for the loader: building outlines
 * with estimated floors and population, residential landuse that may be a walled compound, barrier rings,
 * gates, water and parks for the basemap, and places that could host a service station.
 */
import { area as turfArea } from '@turf/area'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { OsmData, OsmWay } from './read-osm.ts'
import { buildingFloors, buildingKind, buildingPopulation, type PopulationFactors } from './buildings.ts'
import { assembleMultipolygon, type Ring } from './multipolygon.ts'

/** A polygon's rings: the outer ring first, then its holes (courtyards, islands cut out of a lake). */
type Rings = Ring[]

/** amenity=* values worth showing planners as candidate station sites (党群服务站 are often housed in them). */
export const CANDIDATE_AMENITIES = new Set(['community_centre', 'social_facility', 'social_centre', 'townhall', 'library', 'arts_centre'])

const BARRIERS = new Set(['wall', 'fence'])

/** Ways worth keeping while reading (everything else is dropped as the file streams by). */
export function keepWay(t: Record<string, string>): boolean {
  return Boolean(t.highway || t.building || t.landuse || t.leisure || t.natural || t.waterway === 'riverbank' || BARRIERS.has(t.barrier) || t.amenity)
}

/** Multipolygon relations worth keeping: buildings with courtyards, compounds, lakes, parks (boundaries are not read). */
export function keepRelation(t: Record<string, string>): boolean {
  return t.type === 'multipolygon' && Boolean(t.building || t.landuse || t.leisure || t.natural || t.waterway === 'riverbank' || t.amenity)
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
  // Land awaiting use: where a planner may site a new station (domain LAND_SITE_KINDS).
  if (['brownfield', 'greenfield', 'construction'].includes(t.landuse)) return 'vacant'
  return null
}

export interface OsmFeatures {
  buildings: { id: string; name: string; kind: string; floors: number; floorsEstimated: boolean; households: number; residents: number; rings: Rings }[]
  residential: { id: string; name: string; walled: boolean; rings: Rings }[]
  barriers: { rings: Rings }[]
  gates: { id: string; name: string; lngLat: [number, number] }[]
  landuse: { id: string; kind: string; name: string | null; rings: Rings }[]
  candidates: { id: string; kind: string; name: string | null; address: string | null; lngLat: [number, number] }[]
  /** Areas that could not be used: a node outside the extract, too few nodes, member ways that do not close. */
  skipped: { where: string; reasons: string[] }[]
  /** Multipolygon relations read, and the polygons they gave (after leaving out those their own outer way already gives). */
  multipolygons: { relations: number; polygons: number }
}

/** What an area (a closed way or a polygon of a relation) becomes: its categories, as a set of labels. */
function categories(t: Record<string, string>): string[] {
  const out: string[] = []
  if (t.building && t.building !== 'no') out.push('building')
  else if (t.landuse === 'residential') out.push('residential')
  else if (BARRIERS.has(t.barrier)) out.push('barrier')
  const lk = landuseKind(t)
  if (lk) out.push(`landuse:${lk}`)
  if (CANDIDATE_AMENITIES.has(t.amenity)) out.push('candidate')
  return out
}

interface Area {
  id: string
  tags: Record<string, string>
  rings: Rings
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
  const out: OsmFeatures = { buildings: [], residential: [], barriers: [], gates: [], landuse: [], candidates: [], skipped: [], multipolygons: { relations: 0, polygons: 0 } }
  const areas = [...wayAreas(osm, out), ...relationAreas(osm, out)]
  const buildingAreas: Area[] = []
  for (const a of areas) {
    const t = a.tags
    const ring = a.rings[0]
    if (t.building && t.building !== 'no') buildingAreas.push(a)
    else if (t.landuse === 'residential') out.residential.push({ id: a.id, name: t.name ?? '未命名小区', walled: BARRIERS.has(t.barrier), rings: a.rings })
    else if (BARRIERS.has(t.barrier)) out.barriers.push({ rings: a.rings })
    const lk = landuseKind(t)
    if (lk) out.landuse.push({ id: a.id, kind: lk, name: t.name ?? null, rings: a.rings })
    if (CANDIDATE_AMENITIES.has(t.amenity)) out.candidates.push({ id: a.id, kind: t.amenity, name: t.name ?? null, address: address(t), lngLat: centroid(ring) })
  }

  const residentialIndex = out.residential.map((r) => ({ bbox: bboxOf(r.rings[0]), poly: { type: 'Polygon' as const, coordinates: r.rings } }))
  for (const { id, tags: t, rings } of buildingAreas) {
    const c = centroid(rings[0])
    const inResidential = residentialIndex.some((r) => c[0] >= r.bbox[0] && c[0] <= r.bbox[2] && c[1] >= r.bbox[1] && c[1] <= r.bbox[3] && booleanPointInPolygon(c, r.poly))
    const kind = buildingKind(t, inResidential)
    const footprintM2 = turfArea({ type: 'Polygon', coordinates: rings })
    const { floors, estimated } = buildingFloors(t, kind, footprintM2)
    const { households, residents } = buildingPopulation(kind, floors, footprintM2, factors)
    const name = t.name ?? address(t) ?? '未命名楼栋'
    out.buildings.push({ id, name, kind, floors, floorsEstimated: estimated, households, residents, rings })
  }

  for (const n of osm.taggedNodes) {
    const t = n.tags
    if (t.entrance || t.barrier === 'gate') out.gates.push({ id: `osm-n${n.id}`, name: t.name ?? (t.entrance === 'main' ? '正门' : '门'), lngLat: n.lngLat })
    if (CANDIDATE_AMENITIES.has(t.amenity)) out.candidates.push({ id: `osm-n${n.id}`, kind: t.amenity, name: t.name ?? null, address: address(t), lngLat: n.lngLat })
  }
  return out
}

/** Closed ways tagged as areas. Unclosed walls and fences are ordinary lines; only what should have been an area is reported. */
function wayAreas(osm: OsmData, out: OsmFeatures): Area[] {
  const areas: Area[] = []
  for (const w of osm.ways) {
    const t = w.tags
    if (!categories(t).length) continue
    const ring = ringOf(w, osm.nodes)
    if (typeof ring === 'string') {
      if (!(BARRIERS.has(t.barrier) && !t.landuse && !t.building)) out.skipped.push({ where: `way ${w.id}`, reasons: [ring] })
      continue
    }
    areas.push({ id: `osm-w${w.id}`, tags: t, rings: [ring] })
  }
  return areas
}

/**
 * The polygons of multipolygon relations: osm-r<id>, or osm-r<id>-1, -2 … (largest first) when there are
 * several outers. A polygon whose outer ring is one closed way that already is the same kind of area by
 * its own tags is left out (the way and the relation describe the same thing twice).
 */
function relationAreas(osm: OsmData, out: OsmFeatures): Area[] {
  const areas: Area[] = []
  if (!osm.relations.length) return areas
  // Lookups for the member ways among the kept ways only (a city has hundreds of thousands of ways, few members).
  const members = new Set(osm.relations.flatMap((r) => r.members.filter((m) => m.type === 'way').map((m) => m.ref)))
  const wayRefs = new Map<number, number[]>()
  const wayCategories = new Map<number, Set<string>>()
  for (const w of osm.ways) {
    if (!members.has(w.id)) continue
    wayRefs.set(w.id, w.refs)
    wayCategories.set(w.id, new Set(categories(w.tags)))
  }
  for (const r of osm.relations) {
    const wanted = categories(r.tags)
    if (!wanted.length) continue
    out.multipolygons.relations++
    const made = assembleMultipolygon(r, osm, wayRefs)
    const where = `relation ${r.id}`
    if (made.cutRings) out.skipped.push({ where, reasons: [`${made.cutRings} ring(s) run outside the extract and were left out`] })
    if (made.openChains) out.skipped.push({ where, reasons: [`${made.openChains} chain(s) of member ways do not close into a ring`] })
    const polygons = made.polygons.filter((p) => p.outerWay === null || !wanted.every((c) => wayCategories.get(p.outerWay!)?.has(c)))
    polygons.forEach((p, i) => areas.push({ id: polygons.length === 1 ? `osm-r${r.id}` : `osm-r${r.id}-${i + 1}`, tags: r.tags, rings: p.rings }))
    out.multipolygons.polygons += polygons.length
  }
  return areas
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
