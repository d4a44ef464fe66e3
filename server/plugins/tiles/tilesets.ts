/**
 * The tile sets the server cuts: each a list of layers, each layer one fixed SELECT (never built from
 * user input) that yields its attribute columns and a `geom` in EPSG:4326. Both tile backends read the
 * same definitions, so a layer is described once whether geojson-vt or ST_AsMVT cuts it.
 */

/** Attribute types as TileJSON's vector_layers name them. */
export type FieldType = 'String' | 'Number' | 'Boolean'

export interface TileLayer {
  id: string
  /** SELECT … geom FROM …: columns are the tile's attributes; `geom` is cut and dropped. */
  sql: string
  fields: Record<string, FieldType>
  description: string
  /** Left out of tiles below this zoom (a city's buildings at zoom 12 are megabytes nobody can read). */
  minzoom?: number
}

export interface TileSet {
  id: string
  name: string
  description: string
  minzoom: number
  maxzoom: number
  /** geography: rebuilt when a dataset is (re)loaded or imported; cases: follows the case log. */
  follows: 'geography' | 'cases'
  layers: TileLayer[]
}

// Paths inside compounds and entrance stubs would be clutter on a basemap; streets, alleys, bridges
// and park paths are what people read a map by.
const BASEMAP_ROAD_KINDS = `('arterial', 'local', 'alley', 'bridge', 'park_path')`

const basemap: TileSet = {
  id: 'basemap',
  name: '底图',
  description: 'Water, green, landuse, roads, buildings, compounds and area boundaries from the project data',
  minzoom: 0,
  maxzoom: 17,
  follows: 'geography',
  layers: [
    { id: 'water', sql: `SELECT kind, name, geom FROM landuse WHERE kind = 'water'`, fields: { kind: 'String', name: 'String' }, description: '水系' },
    { id: 'green', sql: `SELECT kind, name, geom FROM landuse WHERE kind IN ('park', 'green')`, fields: { kind: 'String', name: 'String' }, description: '绿地' },
    {
      id: 'landuse',
      sql: `SELECT kind, name, geom FROM landuse WHERE kind NOT IN ('water', 'park', 'green')`,
      fields: { kind: 'String', name: 'String' },
      description: '用地',
    },
    {
      id: 'roads',
      sql: `SELECT kind, name, geom FROM walk_edges WHERE kind IN ${BASEMAP_ROAD_KINDS}`,
      fields: { kind: 'String', name: 'String' },
      description: '道路',
    },
    {
      id: 'buildings',
      sql: `SELECT id, floors, kind, footprint AS geom FROM buildings`,
      fields: { id: 'String', floors: 'Number', kind: 'String' },
      description: '楼栋',
      minzoom: 14,
    },
    {
      id: 'compounds',
      sql: `SELECT id, name, walled, geom FROM compounds`,
      fields: { id: 'String', name: 'String', walled: 'Boolean' },
      description: '小区',
      minzoom: 13,
    },
    {
      id: 'boundaries',
      sql: `SELECT id, level, name, ST_Boundary(geom) AS geom FROM areas`,
      fields: { id: 'String', level: 'String', name: 'String' },
      description: '区 / 街道 / 社区 / 网格边界',
    },
  ],
}

const areas: TileSet = {
  id: 'areas',
  name: '治理区划',
  description: 'District, sub-district (街道), community and grid polygons',
  minzoom: 0,
  maxzoom: 16,
  follows: 'geography',
  layers: [
    {
      id: 'areas',
      sql: `SELECT id, code, level, name, parent_id AS "parentId", geom FROM areas`,
      fields: { id: 'String', code: 'String', level: 'String', name: 'String', parentId: 'String' },
      description: '区划面',
    },
  ],
}

const stations: TileSet = {
  id: 'stations',
  name: '党群服务阵地',
  description: 'Party-mass service centres and stations with kind and status',
  minzoom: 0,
  maxzoom: 17,
  follows: 'geography',
  layers: [
    {
      id: 'stations',
      sql: `SELECT id, name, kind, status, area_id AS "areaId", geom FROM stations`,
      fields: { id: 'String', name: 'String', kind: 'String', status: 'String', areaId: 'String' },
      description: '阵地',
    },
  ],
}

// Open cases and the last 30 days, without any personal data: enough for density and hot spots at any
// scale, small enough to cut in memory.
const cases: TileSet = {
  id: 'cases',
  name: '群众诉求',
  description: 'Residents’ requests (open, or created in the last 30 days) for density maps; no personal data',
  minzoom: 0,
  maxzoom: 17,
  follows: 'cases',
  layers: [
    {
      id: 'cases',
      sql: `SELECT id, category, class_721 AS "class721", status, priority,
                   extract(epoch FROM created_at)::bigint AS created, grid_id AS "gridId", geom
            FROM cases
            WHERE created_at > now() - interval '30 days' OR status NOT IN ('resolved', 'evaluated', 'closed')`,
      fields: { id: 'Number', category: 'String', class721: 'String', status: 'String', priority: 'String', created: 'Number', gridId: 'String' },
      description: '诉求点',
    },
  ],
}

export const TILE_SETS: readonly TileSet[] = [basemap, areas, stations, cases]

const BY_ID = new Map(TILE_SETS.map((s) => [s.id, s]))

export function findTileSet(id: string): TileSet | undefined {
  return BY_ID.get(id)
}
