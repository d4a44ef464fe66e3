/**
 * The SQL of a GeoPackage 1.2 vector file (OGC 12-128r15): the required tables, the spatial reference
 * systems, and the R-tree spatial index extension with its triggers, as GDAL writes them, so QGIS and
 * GDAL open the file with an index and keep the index right if someone edits the layer later.
 */

/** 'GPKG' and version 1.2.0: what GDAL 3.6 writes and every GeoPackage reader since 2018 opens. */
export const APPLICATION_ID = 0x47504b47
export const USER_VERSION = 10200

export const CORE_TABLES = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL,
  min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL,
  CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL,
  matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL,
  pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL, CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),
  CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
`

/** WGS 84 as EPSG publishes it in WKT 1; GeoPackage also requires the two "undefined" systems. */
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]'

export const SPATIAL_REF_SYS: readonly [name: string, id: number, org: string, orgId: number, definition: string, description: string][] = [
  ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'],
  ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'],
  ['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'],
]

export const WGS84 = 4326

/** Double quotes for an SQLite identifier; names come from code (layer ids, SQL column aliases), never requests. */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The spec's triggers (GeoPackage 1.2 Annex F.3) that keep the R-tree in step with edits made after export. */
export function rtreeTriggers(table: string, geom: string, fid: string): string {
  const t = quote(table)
  const c = quote(geom)
  const i = quote(fid)
  const r = quote(`rtree_${table}_${geom}`)
  const name = (suffix: string) => quote(`rtree_${table}_${geom}_${suffix}`)
  const valid = (row: 'NEW' | 'OLD') => `(${row}.${c} NOTNULL AND NOT ST_IsEmpty(${row}.${c}))`
  const cleared = (row: 'NEW' | 'OLD') => `(${row}.${c} ISNULL OR ST_IsEmpty(${row}.${c}))`
  const upsert = `INSERT OR REPLACE INTO ${r} VALUES (NEW.${i}, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));`
  return `
CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} WHEN ${valid('NEW')} BEGIN ${upsert} END;
CREATE TRIGGER ${name('update1')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND ${valid('NEW')} BEGIN ${upsert} END;
CREATE TRIGGER ${name('update2')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.${i} = NEW.${i} AND ${cleared('NEW')}
  BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END;
CREATE TRIGGER ${name('update3')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND ${valid('NEW')}
  BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; ${upsert} END;
CREATE TRIGGER ${name('update4')} AFTER UPDATE ON ${t} WHEN OLD.${i} != NEW.${i} AND ${cleared('NEW')}
  BEGIN DELETE FROM ${r} WHERE id IN (OLD.${i}, NEW.${i}); END;
CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} WHEN OLD.${c} NOT NULL BEGIN DELETE FROM ${r} WHERE id = OLD.${i}; END;
`
}
