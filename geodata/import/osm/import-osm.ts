import { readFileSync } from 'node:fs'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type pg from 'pg'
import { negativeId, stableId } from '../lib/ids.ts'
import { silentProgress, type Progress } from '../lib/progress.ts'
import { readFeatures } from '../lib/read-features.ts'
import { countLoaded, ImportError, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { keepNode, keepRelation, keepWay, osmFeatures, type OsmFeatures } from './features.ts'
import { loadOsmFeatures, loadWalkNetwork, walledCompoundsIn, type WalkRows } from './load-osm.ts'
import { readOsm, type OsmData } from './read-osm.ts'
import { linesToWalkNetwork } from './lines-to-walk-network.ts'
import { osmWalkNetwork } from './osm-walk-network.ts'
import { cutAtWalls, type WalkNet } from './walls.ts'
import { tilezenWalkLines, type TilezenFeature } from './tilezen-walk-network.ts'
import type { PopulationFactors } from './buildings.ts'

export interface OsmImportOptions extends PopulationFactors {
  /** Only what lies inside [west, south, east, north]. */
  bbox?: [number, number, number, number]
  /** A polygon file (GeoJSON/Shapefile, WGS-84): only what lies inside it. */
  boundary?: string
  /** With no areas in the database: create a district of this name from the boundary (else the data's extent). */
  makeDistrict?: string
  clearDemo?: boolean
  progress?: Progress
}

type Polygonal = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }

/**
 * Load an OSM extract (.osm.pbf, .osm) — walk network, buildings with estimated population, walled
 * compounds and gates (whose walls then cut the walk network, walls.ts), water and parks, candidate
 * station sites — or a GeoJSON line layer (Tilezen roads: walk network only). Everything lands in the areas already imported; buildings and compounds outside
 * every area are rejected and reported.
 */
export async function importOsm(pool: pg.Pool, file: string, options: OsmImportOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const progress = options.progress ?? silentProgress
  const report = newReport('osm', file)
  const areas = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')).rows[0].n
  if (areas === 0 && !options.makeDistrict) {
    throw new ImportError(
      'the database has no areas, and every building needs a grid: import boundaries first ' +
        '(npm run import -- areas <file> --level district …) or pass --make-district <name> to make one district from ' +
        '--boundary (or from the extent of the data)',
    )
  }
  const boundary = options.boundary ? await readBoundary(options.boundary) : null
  const bbox = options.bbox ?? (boundary ? boundsOf(boundary) : undefined)
  const isGeoJson = /\.(geo)?json$/i.test(file)

  let walk: WalkRows | null = null
  let osmNet: WalkNet | null = null
  let features: OsmFeatures | null = null
  let extent: [number, number, number, number]
  if (isGeoJson) {
    ;({ walk, extent } = await readLineLayer(file, bbox, boundary))
    report.warnings.push('a GeoJSON line layer gives the walk network only (no buildings, compounds or landuse)')
  } else {
    progress.stage('reading', 0)
    const osm = await readOsm(file, { bbox, keepWay, keepNode, keepRelation, onProgress: (d) => progress.update(d) })
    if (boundary) clipToBoundary(osm, boundary)
    extent = boundsOfPoints(osm.nodes.values())
    osmNet = osmWalkNetwork(osm)
    features = osmFeatures(osm, options)
    const cut = features.skipped.filter((s) => s.reasons[0].includes('outside the extract'))
    if (cut.length) report.warnings.push(`${cut.length} outline(s) cut by the edge of the extract or bbox were left out`)
    report.rejected.push(...features.skipped.filter((s) => !s.reasons[0].includes('outside the extract')))
    report.details.estimated = {
      buildingsWithEstimatedFloors: features.buildings.filter((b) => b.floorsEstimated).length,
      m2PerHousehold: options.m2PerHousehold ?? 90,
      residentsPerHousehold: options.residentsPerHousehold ?? 2.62,
    }
    report.details.multipolygons = features.multipolygons
  }
  if ((walk ?? osmNet!).nodes.length === 0) throw new ImportError(`${file}: no walkable way${bbox ? ' inside the bbox/boundary' : ''}`)

  await runImport(pool, { source: `import:osm ${file}`, clearDemo: options.clearDemo }, async (client) => {
    const now = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')).rows[0].n
    if (now === 0) await makeDistrict(client, options.makeDistrict!, boundary, extent, report)
    if (features) {
      progress.stage('buildings etc.', 0)
      await loadOsmFeatures(client, features, `osm:${file}`, report)
    }
    if (osmNet) {
      // Compounds are in place now (this import's and any loaded before): their walls cut the network.
      const walled = await walledCompoundsIn(client, extent)
      const net = cutAtWalls(osmNet, walled.compounds, walled.gates)
      report.details.walls = { compounds: walled.compounds.length, gates: walled.gates.length, edgesCut: net.cutEdges, nodesParted: net.sealedNodes }
      progress.stage('walk network', net.edges.length)
      const record = (e: (typeof net.edges)[number]) => ({
        id: e.id, source: e.source, target: e.target, lengthM: e.lengthM, kind: e.compoundId ? 'compound_path' : e.kind, name: e.name, compoundId: e.compoundId, coords: e.coords,
      })
      await loadWalkNetwork(client, net.nodes, net.edges, record, report, (d) => progress.update(d))
    } else {
      progress.stage('walk network', walk!.edges.length)
      await loadWalkNetwork(client, walk!.nodes, walk!.edges, (e) => e, report, (d) => progress.update(d))
    }
  })
  progress.stop()
  report.durationMs = Date.now() - started
  return report
}

/**
 * A Tilezen-style roads layer. Its lines carry no node ids, so walk nodes get negativeId(rounded
 * coordinates) and edges negativeId(their vertices): stable across runs, never equal to an OSM id.
 */
async function readLineLayer(file: string, bbox: OsmImportOptions['bbox'], boundary: Polygonal[] | null) {
  const { features } = await readFeatures(file)
  const keep = (p: number[]) => (!bbox || (p[0] >= bbox[0] && p[0] <= bbox[2] && p[1] >= bbox[1] && p[1] <= bbox[3])) && (!boundary || boundary.some((b) => booleanPointInPolygon(p, b as never)))
  const { lines, props } = tilezenWalkLines(features as unknown as TilezenFeature[])
  const clipped = lines.map((l) => ({ ...l, coords: l.coords.filter((p) => keep(p as number[])) }))
  const net = linesToWalkNetwork(clipped)
  const key = (p: readonly number[]) => `${p[0].toFixed(7)},${p[1].toFixed(7)}`
  const ids = new Map(net.nodes.map((n) => [n.id, negativeId(key(n.lngLat))]))
  const kind = (p: Record<string, unknown>) => (p.is_bridge ? 'bridge' : p.kind === 'major_road' ? 'arterial' : p.kind === 'minor_road' ? 'local' : 'alley')
  const walk: WalkRows = {
    nodes: net.nodes.map((n) => ({ id: ids.get(n.id)!, lngLat: n.lngLat as [number, number] })),
    edges: net.edges.map((e) => ({
      id: negativeId(e.coords.map(key).join(';')), source: ids.get(e.source)!, target: ids.get(e.target)!, lengthM: e.lengthM,
      kind: kind(props[e.line]), name: (props[e.line].name as string | undefined) ?? null, compoundId: null, coords: e.coords as [number, number][],
    })),
  }
  return { walk, extent: boundsOfPoints(net.nodes.map((n) => n.lngLat as [number, number])) }
}

async function readBoundary(file: string): Promise<Polygonal[]> {
  const { features } = await readFeatures(file)
  const polys = features.map((f) => f.geometry).filter((g): g is Polygonal => g?.type === 'Polygon' || g?.type === 'MultiPolygon')
  if (!polys.length) throw new ImportError(`${file}: --boundary needs a Polygon or MultiPolygon feature`)
  return polys
}

function clipToBoundary(osm: OsmData, boundary: Polygonal[]) {
  for (const [id, p] of osm.nodes) if (!boundary.some((b) => booleanPointInPolygon(p, b as never))) osm.nodes.delete(id)
  osm.taggedNodes = osm.taggedNodes.filter((n) => osm.nodes.has(n.id))
}

function boundsOf(polys: Polygonal[]): [number, number, number, number] {
  const pts: [number, number][] = []
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') pts.push(c as [number, number])
    else for (const x of c as unknown[]) walk(x)
  }
  for (const p of polys) walk(p.coordinates)
  return boundsOfPoints(pts)
}

function boundsOfPoints(points: Iterable<[number, number]>): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const [x, y] of points) {
    w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y)
  }
  return [w, s, e, n]
}

/** --make-district: one district area from the boundary polygon, else the extent of the data read. */
async function makeDistrict(client: pg.PoolClient, name: string, boundary: Polygonal[] | null, extent: [number, number, number, number], report: ImportReport) {
  const id = stableId('area', 'district', name)
  const geometry = boundary ? JSON.stringify({ type: 'GeometryCollection', geometries: boundary }) : null
  await client.query(
    `INSERT INTO areas (id, code, name, level, parent_id, geom)
     VALUES ($1, $1, $2, 'district', NULL,
       CASE WHEN $3::text IS NULL THEN ST_Multi(ST_MakeEnvelope($4, $5, $6, $7, 4326))
            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_UnaryUnion(ST_GeomFromGeoJSON($3)), 4326)), 3)) END)`,
    [id, name, geometry, ...extent],
  )
  countLoaded(report, 'areas', 1)
  report.warnings.push(`made district ${name} (${id}) from ${boundary ? 'the --boundary polygon' : 'the extent of the data'}`)
}
