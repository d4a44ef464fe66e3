import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import * as shapefile from 'shapefile'
import { ImportError } from './report.ts'

export interface InputFeature {
  /** 1-based position in the file, for reports ("feature 3"). */
  n: number
  properties: Record<string, unknown>
  geometry: { type: string; coordinates: unknown } | null
}

export interface FeatureFile {
  features: InputFeature[]
  /** What the file says about its CRS, when it says anything ('cgcs2000' from a .prj or a GeoJSON crs member). */
  crsHint: 'wgs84' | 'cgcs2000' | null
  notes: string[]
}

/**
 * Read a GeoJSON file (a FeatureCollection, a bare array of Features as DataV writes, or one Feature) or a
 * Shapefile (.shp with its .dbf, decoded by its .cpg or `encoding`). GeoPackage is not read: there is no
 * maintained pure-JS reader (the GeoPackage library needs native SQLite), so convert it with
 * `ogr2ogr -f GeoJSON out.geojson in.gpkg`.
 */
export async function readFeatures(file: string, options: { encoding?: string } = {}): Promise<FeatureFile> {
  if (!existsSync(file)) throw new ImportError(`no such file: ${file}`)
  const ext = extname(file).toLowerCase()
  if (ext === '.shp') return readShapefile(file, options.encoding)
  if (ext === '.gpkg') throw new ImportError(`${file}: GeoPackage is not supported; convert it first: ogr2ogr -f GeoJSON out.geojson ${file}`)
  return readGeoJson(file)
}

function readGeoJson(file: string): FeatureFile {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new ImportError(`reading ${file} as GeoJSON: ${(err as Error).message}`)
  }
  const d = doc as { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } }
  const raw = Array.isArray(doc) ? doc : d.type === 'FeatureCollection' ? d.features ?? [] : d.type === 'Feature' ? [doc] : null
  if (!raw) throw new ImportError(`${file}: expected a GeoJSON FeatureCollection, Feature or array of Features (found type ${String(d.type)})`)
  const crsName = d.crs?.properties?.name ?? ''
  const notes: string[] = []
  let crsHint: FeatureFile['crsHint'] = null
  if (/4490/.test(crsName)) crsHint = 'cgcs2000'
  else if (/4326|CRS84/.test(crsName)) crsHint = 'wgs84'
  else if (crsName) throw new ImportError(`${file}: its crs member says ${crsName}; only geographic WGS-84/CGCS2000 coordinates are read (reproject with ogr2ogr -t_srs EPSG:4326)`)
  const features = raw.map((f, i) => {
    const g = f as InputFeature
    return { n: i + 1, properties: (g.properties ?? {}) as Record<string, unknown>, geometry: g.geometry ?? null }
  })
  return { features, crsHint, notes }
}

/** .cpg code pages as ArcGIS and QGIS write them → WHATWG encoding labels. */
const CODE_PAGES: Record<string, string> = { '65001': 'utf-8', utf8: 'utf-8', '936': 'gbk', cp936: 'gbk', gb2312: 'gbk', '54936': 'gb18030' }

async function readShapefile(file: string, encodingOption?: string): Promise<FeatureFile> {
  const base = file.slice(0, -4)
  const sibling = (ext: string) => [base + ext, base + ext.toUpperCase()].find(existsSync)
  const notes: string[] = []
  const dbf = sibling('.dbf')
  if (!dbf) throw new ImportError(`${file}: the .dbf with the attributes is missing (names and codes are read from it)`)
  let encoding = encodingOption?.toLowerCase()
  const cpg = sibling('.cpg')
  if (!encoding && cpg) {
    const page = readFileSync(cpg, 'utf8').trim().toLowerCase().replace(/[-_ ]/g, '')
    encoding = CODE_PAGES[page] ?? page
  }
  if (!encoding) {
    encoding = 'utf-8'
    notes.push('no .cpg beside the .shp and no --encoding: attributes decoded as UTF-8 (pass --encoding gbk if names look garbled)')
  }
  try {
    new TextDecoder(encoding)
  } catch {
    throw new ImportError(`${file}: unknown attribute encoding '${encoding}'`)
  }
  let crsHint: FeatureFile['crsHint'] = null
  const prj = sibling('.prj')
  if (prj) {
    const wkt = readFileSync(prj, 'utf8')
    if (/^\s*PROJCS/i.test(wkt)) {
      throw new ImportError(`${file}: its .prj is a projected CRS (${wkt.slice(0, 60)}…); reproject to longitude/latitude first: ogr2ogr -t_srs EPSG:4326 out.shp ${file}`)
    }
    crsHint = /China_Geodetic_Coordinate_System_2000|CGCS.?2000/i.test(wkt) ? 'cgcs2000' : /WGS.?(19)?84/i.test(wkt) ? 'wgs84' : null
  }
  const features: InputFeature[] = []
  try {
    const source = await shapefile.open(file, dbf, { encoding })
    for (let r = await source.read(); !r.done; r = await source.read()) {
      const f = r.value as unknown as { properties: Record<string, unknown>; geometry: InputFeature['geometry'] }
      features.push({ n: features.length + 1, properties: f.properties ?? {}, geometry: f.geometry })
    }
  } catch (err) {
    throw new ImportError(`reading ${file} (feature ${features.length + 1}): ${(err as Error).message}`)
  }
  if (features.some((f) => Object.values(f.properties).some((v) => typeof v === 'string' && v.includes('\uFFFD')))) {
    notes.push(`some attributes did not decode as ${encoding}: pass --encoding gbk (or utf-8) to say how the .dbf is written`)
  }
  return { features, crsHint, notes }
}
