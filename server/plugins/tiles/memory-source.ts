import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import type pg from 'pg'
import { layerRows } from './queries.ts'
import type { TileSet } from './tilesets.ts'

export interface MemoryTiles {
  /** Encoded Mapbox Vector Tile, or null when no layer has anything in it. */
  tile(z: number, x: number, y: number): Uint8Array | null
  features: number
}

/**
 * Cut a tile set in memory with geojson-vt: the path for the embedded PostGIS, whose build has no
 * protobuf (no ST_AsMVT), and for small sets where one in-memory index beats a query per tile.
 */
export async function buildMemoryTiles(db: pg.Pool, set: TileSet): Promise<MemoryTiles> {
  const indexes = new Map<string, GeoJSONVT>()
  const minzoom = new Map(set.layers.map((l) => [l.id, l.minzoom ?? 0]))
  let features = 0
  for (const layer of set.layers) {
    const { rows } = await layerRows(db, layer)
    const list: GeoJSON.Feature[] = []
    for (const r of rows) {
      if (r.geometry) list.push({ type: 'Feature', geometry: JSON.parse(r.geometry), properties: r.props })
    }
    features += list.length
    if (list.length > 0) {
      indexes.set(layer.id, new GeoJSONVT({ type: 'FeatureCollection', features: list }, { maxZoom: set.maxzoom, buffer: 64, tolerance: 3 }))
    }
  }
  return {
    features,
    tile(z, x, y) {
      const tiles: Record<string, unknown> = {}
      let any = false
      for (const [name, index] of indexes) {
        if (z < minzoom.get(name)!) continue
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
