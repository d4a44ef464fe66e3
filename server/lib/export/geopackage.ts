import Database from 'better-sqlite3'
import { columnValue, type ExportColumn } from './columns.ts'
import { gpkgGeometry, wkbGeometryType, type Envelope, type GeometryTypeName } from './gpkg-geometry.ts'
import { APPLICATION_ID, CORE_TABLES, quote, rtreeTriggers, SPATIAL_REF_SYS, USER_VERSION, WGS84 } from './gpkg-schema.ts'

export interface GeoPackageLayer {
  /** The feature table's name: letters, digits and underscores. */
  table: string
  /** The layer's title as GIS tools list it (gpkg_contents.identifier). */
  identifier: string
  description: string
  /** What every geometry is (the source column's PostGIS type); GEOMETRY allows any. */
  geometryType: GeometryTypeName
}

export interface GeoPackageFeature {
  /** Attribute values in the order of the columns. */
  values: readonly unknown[]
  /** ISO WKB, or null for a feature without geometry. */
  wkb: Uint8Array | null
  /** Null for an empty geometry. */
  envelope: Envelope | null
}

const FID = 'fid'
const GEOM = 'geom'
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * A one-layer GeoPackage file written page by page: each `add` is one SQLite transaction, so memory holds
 * one page however large the layer, and the file grows on disk. `finish` records the extent and adds the
 * R-tree index's triggers. Features get fid 1, 2, … in the order added; every source column, the id
 * included, stays an attribute.
 */
export class GeoPackageWriter {
  private readonly db: Database.Database
  private readonly insert: Database.Statement
  private readonly index: Database.Statement
  private readonly addPage: (features: readonly GeoPackageFeature[]) => void
  private extent: [number, number, number, number] | null = null
  private fid = 0

  constructor(path: string, private readonly layer: GeoPackageLayer, private readonly columns: readonly ExportColumn[]) {
    if (!TABLE_NAME.test(layer.table)) throw new Error(`GeoPackage table name ${layer.table} is not a plain identifier`)
    const db = new Database(path)
    this.db = db
    try {
      // A file written once and streamed out: a crash loses the whole file anyway, so no journal.
      db.pragma('journal_mode = OFF')
      db.pragma('synchronous = OFF')
      // The R-tree's nodes are revisited on every insert: with SQLite's default 2 MB cache a city's walk
      // network (200k edges) spills them to disk and writes three times slower. 32 MB holds them.
      db.pragma('cache_size = -32768')
      db.pragma(`application_id = ${APPLICATION_ID}`)
      db.pragma(`user_version = ${USER_VERSION}`)
      db.exec(CORE_TABLES)
      const srs = db.prepare(
        'INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const row of SPATIAL_REF_SYS) srs.run(...row)
      const t = quote(layer.table)
      const cols = columns.map((c) => `, ${quote(c.name)} ${c.type}`).join('')
      db.exec(`CREATE TABLE ${t} (${FID} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${GEOM} ${layer.geometryType}${cols})`)
      db.exec(`CREATE VIRTUAL TABLE ${quote(`rtree_${layer.table}_${GEOM}`)} USING rtree(id, minx, maxx, miny, maxy)`)
      db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)").run(
        layer.table, layer.identifier, layer.description, WGS84,
      )
      db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(layer.table, GEOM, layer.geometryType, WGS84)
      db.prepare('INSERT INTO gpkg_extensions VALUES (?, ?, ?, ?, ?)').run(
        layer.table, GEOM, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only',
      )
      const marks = columns.map(() => ', ?').join('')
      this.insert = db.prepare(`INSERT INTO ${t} (${FID}, ${GEOM}${columns.map((c) => `, ${quote(c.name)}`).join('')}) VALUES (?, ?${marks})`)
      this.index = db.prepare(`INSERT INTO ${quote(`rtree_${layer.table}_${GEOM}`)} VALUES (?, ?, ?, ?, ?)`)
      this.addPage = db.transaction((features: readonly GeoPackageFeature[]) => {
        for (const f of features) this.addOne(f)
      })
    } catch (err) {
      db.close()
      throw err
    }
  }

  private addOne(f: GeoPackageFeature): void {
    const fid = ++this.fid
    let blob: Buffer | null = null
    if (f.wkb) {
      const type = this.layer.geometryType
      // The declared type is a promise to GIS tools (they pick a renderer by it): a mismatch is a bug here.
      if (type !== 'GEOMETRY' && wkbGeometryType(f.wkb) !== type) throw new Error(`a ${wkbGeometryType(f.wkb)} in the ${type} layer ${this.layer.table}`)
      blob = gpkgGeometry(f.wkb, f.envelope, WGS84)
      if (f.envelope) {
        const [minX, minY, maxX, maxY] = f.envelope
        this.index.run(fid, minX, maxX, minY, maxY)
        const e = this.extent
        this.extent = e ? [Math.min(e[0], minX), Math.min(e[1], minY), Math.max(e[2], maxX), Math.max(e[3], maxY)] : [minX, minY, maxX, maxY]
      }
    }
    const values = this.columns.map((c, i) => columnValue(c.type, f.values[i]))
    this.insert.run(fid, blob, ...values)
  }

  /** Adds one page of features in one transaction. */
  add(features: readonly GeoPackageFeature[]): void {
    this.addPage(features)
  }

  get count(): number {
    return this.fid
  }

  /** Writes the layer's metadata and index triggers and closes the file. */
  finish(): void {
    const e = this.extent
    this.db
      .prepare("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?")
      .run(e?.[0] ?? null, e?.[1] ?? null, e?.[2] ?? null, e?.[3] ?? null, this.layer.table)
    this.db.exec(rtreeTriggers(this.layer.table, GEOM, FID))
    this.db.close()
  }

  /** Closes without finishing (the caller deletes the file). */
  abort(): void {
    if (this.db.open) this.db.close()
  }
}
