import type pg from 'pg'
import type { TileLayer, TileSet } from './tilesets.ts'

/** Rows of one layer for cutting in memory: attributes as JSON, geometry as GeoJSON text. */
export interface LayerRow {
  props: Record<string, unknown>
  geometry: string | null
}

export function layerRows(db: pg.Pool, layer: TileLayer) {
  return db.query<LayerRow>(`SELECT to_jsonb(t) - 'geom' AS props, ST_AsGeoJSON(t.geom, 7) AS geometry FROM (${layer.sql}) t`)
}

/** Standard MVT extent and the buffer (in tile units) kept around each tile so lines join up. */
export const MVT_EXTENT = 4096
export const MVT_BUFFER = 64

/**
 * One statement that cuts every layer of a tile set for one tile with ST_AsMVT and concatenates the
 * layers (an MVT is a sequence of layer messages, so concatenation is a valid tile). The tile envelope
 * (with its buffer) is turned into EPSG:4326 once, so each table's GiST index on its 4326 geometry is
 * used; only the clipped rows are transformed to web mercator.
 */
export function mvtSql(set: TileSet): string {
  const margin = MVT_BUFFER / MVT_EXTENT
  const layers = set.layers.map((l) => {
    const cols = Object.keys(l.fields).map((f) => `t."${f}"`).join(', ')
    return `coalesce((SELECT ST_AsMVT(q, '${l.id}', ${MVT_EXTENT}, 'geom') FROM (
        SELECT * FROM (
          SELECT ${cols}, ST_AsMVTGeom(ST_Transform(t.geom, 3857), bounds.merc, ${MVT_EXTENT}, ${MVT_BUFFER}, true) AS geom
          FROM (${l.sql}) t, bounds WHERE ${l.minzoom ? `$1 >= ${l.minzoom} AND ` : ''}t.geom && bounds.wgs) c
        WHERE c.geom IS NOT NULL) q), ''::bytea)`
  })
  return `WITH bounds AS (
      SELECT ST_TileEnvelope($1, $2, $3) AS merc, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${margin}), 4326) AS wgs)
    SELECT ${layers.join(' || ')} AS mvt FROM bounds`
}

export async function mvtTile(db: pg.Pool, sql: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
  const { rows } = await db.query<{ mvt: Buffer }>(sql, [z, x, y])
  const mvt = rows[0]?.mvt
  return mvt && mvt.length > 0 ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.length) : null
}

/** Whether this PostGIS can encode MVT (the embedded build has no protobuf and cannot). */
export async function canEncodeMvt(db: pg.Pool): Promise<boolean> {
  try {
    await db.query(
      `SELECT ST_AsMVT(q, 'probe') FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_TileEnvelope(0, 0, 0), ST_TileEnvelope(0, 0, 0)) AS geom) q`,
    )
    return true
  } catch {
    return false
  }
}

/** Where live layers stand: the newest case event id (cheap: the primary key's last entry). */
export async function caseLogVersion(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ v: string }>('SELECT coalesce(max(id), 0)::text AS v FROM case_events')
  return Number(rows[0]?.v ?? 0)
}

/** The data's extent and a centre for TileJSON (the district areas; the world if there are none). */
export async function dataBounds(db: pg.Pool): Promise<[number, number, number, number] | null> {
  const { rows } = await db.query<{ b: [number, number, number, number] | null }>(
    `SELECT CASE WHEN e IS NULL THEN NULL ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) END AS b
     FROM (SELECT ST_Extent(geom)::geometry AS e FROM areas) x`,
  )
  return rows[0]?.b ?? null
}
