/**
 * The walkable street network of an OSM extract: ways tagged highway=* that a pedestrian may use become
 * edges, split at nodes shared with another walkable way (junctions) and at their ends. Walk node ids
 * are the OSM node ids; an edge id is osmEdgeId(way id, piece index), so the same extract always gives
 * the same ids and a re-import updates rows instead of adding them. Lengths are great-circle metres.
 *
 * What counts as walkable (OSM wiki Key:highway and the foot access defaults), adapted to China:
 * - footway (incl. footway=crossing/sidewalk), path, steps, pedestrian, living_street, residential,
 *   service, unclassified, tertiary/secondary/primary and their links, track, corridor, road, platform;
 * - cycleway even without a foot tag: Chinese cycle tracks (非机动车道) are shared with pedestrians in
 *   practice, and dropping them cuts many campus and riverside networks apart;
 * - motorway and trunk only with foot=yes/designated/permissive (expressways and elevated roads);
 * - foot=no/private and access=no/private respected (foot=yes overrides access);
 * - ferries are not highway=* ways and are never included (a crossing by boat is not a walk);
 * - area=yes ways only for pedestrian squares.
 */
import { haversineM, type LngLat, type WalkEdgeInput, type WalkNetworkInput } from '../../../server/engine/index.ts'
import type { OsmData, OsmWay } from './read-osm.ts'

/** Highway values people walk on by default (OSM wiki: Key:highway, and foot access defaults). */
const WALKABLE = new Set([
  'footway', 'path', 'pedestrian', 'steps', 'living_street', 'residential', 'service', 'unclassified',
  'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'primary', 'primary_link', 'track', 'corridor',
  'road', 'platform', 'cycleway',
])
/** Walkable only when foot access is stated: motorways, trunk roads and bridleways. */
const FOOT_REQUIRED = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'bridleway'])
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

/**
 * Room for 2048 pieces per way: the OSM API caps a way at 2000 nodes, so at most 1999 pieces. Way ids
 * (≈1.4e9 in 2025) times 2048 stay below 2^53 (the server reads bigint ids as JS numbers) until way
 * ids pass 4.4e12, and two ways can never share an id.
 */
export const PIECES_PER_WAY = 2048

export function osmEdgeId(wayId: number, piece: number): number {
  if (piece >= PIECES_PER_WAY) throw new RangeError(`way ${wayId} has more than ${PIECES_PER_WAY} walkable pieces`)
  return wayId * PIECES_PER_WAY + piece
}

export interface OsmWalkEdge extends WalkEdgeInput {
  wayId: number
  /** What the basemap draws it as (edgeKind of its way's tags), and the way's name. */
  kind: string
  name: string | null
}

/** OSM highway=* → the edge kinds the basemap draws (arterial, local, alley, bridge). */
export function edgeKind(tags: Record<string, string>): string {
  if (tags.bridge && tags.bridge !== 'no') return 'bridge'
  const h = tags.highway ?? ''
  if (/^(motorway|trunk|primary|secondary|tertiary)/.test(h)) return 'arterial'
  if (['residential', 'unclassified', 'living_street', 'road'].includes(h)) return 'local'
  return 'alley'
}

export function osmWalkNetwork(osm: Pick<OsmData, 'nodes' | 'ways'>, options: OsmWalkNetworkOptions = {}): { nodes: WalkNetworkInput['nodes']; edges: OsmWalkEdge[] } {
  const { filter = (w: OsmWay) => isWalkableWay(w.tags) } = options
  // Ways whose nodes are missing from the extract keep only their present stretches.
  const ways = osm.ways.filter(filter)
  const uses = new Map<number, number>()
  for (const w of ways) {
    w.refs.forEach((r, i) => uses.set(r, (uses.get(r) ?? 0) + (i === 0 || i === w.refs.length - 1 ? 2 : 1)))
  }
  const nodeIds = new Set<number>()
  const edges: OsmWalkEdge[] = []
  for (const w of ways) {
    let piece: number[] = []
    let index = 0
    const kind = edgeKind(w.tags), name = w.tags.name ?? null
    const flush = () => {
      if (piece.length >= 2) {
        const coords = piece.map((r) => osm.nodes.get(r)!) as LngLat[]
        let lengthM = 0
        for (let k = 1; k < coords.length; k++) lengthM += haversineM(coords[k - 1][0], coords[k - 1][1], coords[k][0], coords[k][1])
        edges.push({ id: osmEdgeId(w.id, index++), wayId: w.id, kind, name, source: piece[0], target: piece[piece.length - 1], lengthM, compoundId: null, coords })
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
