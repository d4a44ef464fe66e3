/**
 * The walkable street network of an OSM extract: ways tagged highway=* that a pedestrian may use become
 * edges, split at nodes shared with another walkable way (junctions) and at their ends. Walk node ids
 * are the OSM node ids, edge ids count up from 1; lengths are great-circle metres.
 */
import { haversineM, type LngLat, type WalkEdgeInput, type WalkNetworkInput } from '../../../server/engine/index.ts'
import type { OsmData, OsmWay } from './read-osm.ts'

/** Highway values people walk on by default (OSM wiki: Key:highway, and foot access defaults). */
const WALKABLE = new Set([
  'footway', 'path', 'pedestrian', 'steps', 'living_street', 'residential', 'service', 'unclassified',
  'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'primary', 'primary_link', 'track', 'corridor',
  'road', 'platform',
])
/** Walkable only when foot access is stated: motorways, trunk roads and cycleways. */
const FOOT_REQUIRED = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'cycleway', 'bridleway'])
const FOOT_OK = new Set(['yes', 'designated', 'permissive'])

export function isWalkableWay(tags: Record<string, string>): boolean {
  const highway = tags.highway
  if (!highway) return false
  const foot = tags.foot
  if (foot === 'no' || foot === 'private') return false
  if (FOOT_OK.has(foot)) return WALKABLE.has(highway) || FOOT_REQUIRED.has(highway)
  if (!WALKABLE.has(highway)) return false
  if (tags.access === 'no' || tags.access === 'private') return false
  return tags.area !== 'yes' || highway === 'pedestrian'
}

export interface OsmWalkNetworkOptions {
  /** Ways to use. @default isWalkableWay */
  filter?: (way: OsmWay) => boolean
}

export function osmWalkNetwork(osm: OsmData, options: OsmWalkNetworkOptions = {}): WalkNetworkInput {
  const { filter = (w: OsmWay) => isWalkableWay(w.tags) } = options
  // Ways whose nodes are missing from the extract keep only their present stretches.
  const ways = osm.ways.filter(filter)
  const uses = new Map<number, number>()
  for (const w of ways) {
    w.refs.forEach((r, i) => uses.set(r, (uses.get(r) ?? 0) + (i === 0 || i === w.refs.length - 1 ? 2 : 1)))
  }
  const nodeIds = new Set<number>()
  const edges: WalkEdgeInput[] = []
  for (const w of ways) {
    let piece: number[] = []
    const flush = () => {
      if (piece.length >= 2) {
        const coords = piece.map((r) => osm.nodes.get(r)!) as LngLat[]
        let lengthM = 0
        for (let k = 1; k < coords.length; k++) lengthM += haversineM(coords[k - 1][0], coords[k - 1][1], coords[k][0], coords[k][1])
        edges.push({ id: edges.length + 1, source: piece[0], target: piece[piece.length - 1], lengthM, compoundId: null, coords })
        nodeIds.add(piece[0]).add(piece[piece.length - 1])
      }
    }
    for (let i = 0; i < w.refs.length; i++) {
      const r = w.refs[i]
      if (!osm.nodes.has(r)) {
        flush()
        piece = []
        continue
      }
      piece.push(r)
      if (piece.length >= 2 && (uses.get(r)! > 1 || i === w.refs.length - 1)) {
        flush()
        piece = [r]
      }
    }
    flush()
  }
  const nodes = [...nodeIds].sort((a, b) => a - b).map((id) => ({ id, lngLat: osm.nodes.get(id)! as LngLat }))
  return { nodes, edges }
}
