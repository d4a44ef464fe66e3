/**
 * Walkable roads from a Tilezen (Nextzen) roads layer, as in the Shanghai Bund/Lujiazui sample.
 *
 * Kept: kind path, minor_road, major_road. Left out, and why:
 * - ferries: a crossing by boat is not walking (it waits for a timetable), so the Huangpu stays the
 *   barrier it is for a 15-minute walk; isochrones show the far bank as unreached. (In this layer the
 *   ferry lines do not even share vertices with the piers, so they could not be walked onto anyway.)
 * - road tunnels (major_road with is_tunnel: 延安东路隧道, 外滩隧道 …) and trunk roads: no pedestrians;
 * - ways with access no/private, unless foot is yes/designated/permissive (cycleways are kept, as in
 *   osm-walk-network.ts: Chinese cycle tracks are shared with pedestrians);
 * - rail, subway, funicular.
 */
import type { LngLat, WalkNetworkInput } from '../../../server/engine/index.ts'
import { linesToWalkNetwork, type WalkLine } from './lines-to-walk-network.ts'

export interface TilezenFeature {
  properties: Record<string, unknown>
  geometry: { type: string; coordinates: unknown }
}

const FOOT_OK = new Set(['yes', 'designated', 'permissive'])

export function isWalkableTilezen(p: Record<string, unknown>): boolean {
  const kind = p.kind, detail = String(p.kind_detail ?? '')
  if (kind !== 'path' && kind !== 'minor_road' && kind !== 'major_road') return false
  const footOk = FOOT_OK.has(String(p.foot))
  if (p.foot === 'no') return false
  if (kind === 'major_road' && p.is_tunnel) return false
  if (detail.startsWith('trunk') || detail.startsWith('motorway')) return footOk
  if (p.access === 'no' || p.access === 'private') return footOk
  return true
}

/** The walkable lines of a Tilezen roads layer, each with the properties of its feature. */
export function tilezenWalkLines(features: readonly TilezenFeature[]): { lines: WalkLine[]; props: Record<string, unknown>[] } {
  const lines: WalkLine[] = []
  const props: Record<string, unknown>[] = []
  for (const f of features) {
    if (!f.geometry || !isWalkableTilezen(f.properties ?? {})) continue
    const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates as LngLat[]] : f.geometry.type === 'MultiLineString' ? (f.geometry.coordinates as LngLat[][]) : []
    for (const coords of parts) {
      lines.push({ coords })
      props.push(f.properties)
    }
  }
  return { lines, props }
}

export function tilezenWalkNetwork(features: readonly TilezenFeature[]): WalkNetworkInput {
  return linesToWalkNetwork(tilezenWalkLines(features).lines)
}
