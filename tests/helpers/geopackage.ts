/**
 * Reading back the GeoPackage files the server sends: with better-sqlite3 (what is in the tables) and,
 * where Debian's gdal-bin is installed, with GDAL itself (what QGIS will see).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { readGpkgGeometry } from '../../server/lib/export/gpkg-geometry.ts'

const run = promisify(execFile)

export const gdalMissing = await run('ogrinfo', ['--version']).then(() => false, () => true)
export const NO_GDAL = 'needs ogrinfo and ogr2ogr (Debian gdal-bin); skipped where they are missing'
if (gdalMissing) console.warn('GeoPackage export GDAL checks skipped: ogrinfo not found on PATH (install gdal-bin)')

export interface SavedGeoPackage {
  path: string
  db: Database.Database
  /** Rows of the one feature table, geometry decoded. */
  features(table: string): (Record<string, unknown> & { fid: number; wkb: Buffer | null })[]
  close(): void
}

/** Saves a response body as a .gpkg file in a new temporary folder and opens it read-only. */
export function saveGeoPackage(body: Buffer): SavedGeoPackage {
  const dir = mkdtempSync(join(tmpdir(), 'hl-gpkg-test-'))
  const path = join(dir, 'export.gpkg')
  writeFileSync(path, body)
  const db = new Database(path, { readonly: true, fileMustExist: true })
  return {
    path,
    db,
    features: (table) =>
      db.prepare(`SELECT * FROM "${table}" ORDER BY fid`).all().map((row) => {
        const { geom, ...rest } = row as Record<string, unknown> & { geom: Buffer | null; fid: number }
        return { ...rest, fid: rest.fid, wkb: geom ? readGpkgGeometry(geom).wkb : null }
      }),
    close() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `ogrinfo -so` of one layer: its feature count, geometry type and the lines about its CRS. */
export async function ogrSummary(path: string, layer: string): Promise<{ count: number; geometry: string; text: string }> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', path, layer])
  const count = Number(/Feature Count: (\d+)/.exec(stdout)?.[1])
  const geometry = /Geometry: (.+)/.exec(stdout)?.[1]?.trim() ?? ''
  return { count, geometry, text: stdout }
}

/** Features of a layer as GDAL reads them, through ogr2ogr's GeoJSON writer (7 decimals, as PostGIS writes them). */
export async function ogrFeatures(path: string, layer: string, where?: string): Promise<{ properties: Record<string, unknown>; geometry: unknown }[]> {
  const args = ['-f', 'GeoJSON', '/vsistdout/', path, layer, '-lco', 'COORDINATE_PRECISION=7', ...(where ? ['-where', where] : [])]
  const { stdout } = await run('ogr2ogr', args, { maxBuffer: 256 * 1024 * 1024 })
  return JSON.parse(stdout).features
}
