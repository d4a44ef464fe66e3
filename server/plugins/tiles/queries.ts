import type pg from 'pg'

/** Rows of the basemap layers, each with a GeoJSON geometry and its tile properties. */
export interface BasemapRow {
  layer: string
  props: Record<string, unknown>
  geometry: string
}

// Paths inside compounds and entrance stubs would be clutter on a basemap; streets, alleys, bridges
// and park paths are what people read a map by.
const BASEMAP_SQL = `
  SELECT CASE WHEN kind = 'water' THEN 'water' WHEN kind IN ('park', 'green') THEN 'green' ELSE 'landuse' END AS layer,
         json_build_object('kind', kind, 'name', name) AS props, ST_AsGeoJSON(geom, 7) AS geometry
  FROM landuse
  UNION ALL
  SELECT 'roads', json_build_object('kind', kind, 'name', name), ST_AsGeoJSON(geom, 7)
  FROM walk_edges WHERE kind IN ('arterial', 'local', 'alley', 'bridge', 'park_path')
  UNION ALL
  SELECT 'buildings', json_build_object('id', id, 'floors', floors, 'kind', kind), ST_AsGeoJSON(footprint, 7)
  FROM buildings
  UNION ALL
  SELECT 'compounds', json_build_object('id', id, 'name', name, 'walled', walled), ST_AsGeoJSON(geom, 7)
  FROM compounds
  UNION ALL
  SELECT 'boundaries', json_build_object('id', id, 'level', level, 'name', name), ST_AsGeoJSON(ST_Boundary(geom), 7)
  FROM areas`

export function basemapRows(db: pg.Pool) {
  return db.query<BasemapRow>(BASEMAP_SQL)
}
