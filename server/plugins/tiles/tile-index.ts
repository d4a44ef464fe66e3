import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import type { BasemapRow } from './queries.ts'

export const TILE_MAX_ZOOM = 17

export interface TileIndex {
  layers: Map<string, GeoJSONVT>
  /** Encoded Mapbox Vector Tile, or null when no layer has anything in it. */
  tile(z: number, x: number, y: number): Uint8Array | null
}

/**
 * Cut the basemap into vector tiles in memory with geojson-vt. ST_AsMVT would do this in the
 * database, but the embedded PostGIS is built without protobuf, so one code path serves both modes.
 */
export function buildTileIndex(rows: BasemapRow[]): TileIndex {
  const byLayer = new Map<string, GeoJSON.Feature[]>()
  for (const r of rows) {
    if (!r.geometry) continue
    const list = byLayer.get(r.layer) ?? []
    list.push({ type: 'Feature', geometry: JSON.parse(r.geometry), properties: r.props })
    byLayer.set(r.layer, list)
  }
  const layers = new Map<string, GeoJSONVT>()
  for (const [name, features] of byLayer) {
    layers.set(name, new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: TILE_MAX_ZOOM, buffer: 64, tolerance: 3 }))
  }
  return {
    layers,
    tile(z, x, y) {
      const tiles: Record<string, unknown> = {}
      let any = false
      for (const [name, index] of layers) {
        const t = index.getTile(z, x, y)
        if (t && t.features.length > 0) {
          tiles[name] = t
          any = true
        }
      }
      return any ? fromGeojsonVt(tiles, { version: 2 }) : null
    },
  }
}
