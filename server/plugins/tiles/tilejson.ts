import type { TileSet } from './tilesets.ts'

/**
 * A TileJSON 3.0.0 document for one tile set (https://github.com/mapbox/tilejson-spec), so maplibre,
 * QGIS and other clients find the tile URL, zooms, extent and each layer's attributes.
 */
export function tileJson(set: TileSet, origin: string, bounds: [number, number, number, number] | null, version: number) {
  const b = bounds ?? [-180, -85.0511, 180, 85.0511]
  const centreZoom = Math.min(set.maxzoom, 13)
  return {
    tilejson: '3.0.0',
    name: set.name,
    description: set.description,
    version: '1.0.0',
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${set.id}/{z}/{x}/{y}.pbf?v=${version}`],
    minzoom: set.minzoom,
    maxzoom: set.maxzoom,
    bounds: b,
    center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, centreZoom],
    attribution: '© OpenStreetMap contributors (where the data was imported from OpenStreetMap)',
    vector_layers: set.layers.map((l) => ({ id: l.id, description: l.description, fields: l.fields, minzoom: l.minzoom ?? set.minzoom, maxzoom: set.maxzoom })),
  }
}
