import type pg from 'pg'
import { bulkLoad } from '../lib/bulk.ts'
import { coordinatesToWgs84, type ImportCrs } from '../lib/crs.ts'
import { idFromCode, stableId } from '../lib/ids.ts'
import { silentProgress, type Progress } from '../lib/progress.ts'
import { readFeatures } from '../lib/read-features.ts'
import { countLoaded, ImportError, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { checkAreas } from './checks.ts'
import { chooseFields, parentLevel, text, type Level } from './fields.ts'

export interface AreasImportOptions {
  level: Level
  /** The coordinates' system; default: what the file says (.prj, crs member), else WGS-84. */
  crs?: ImportCrs
  nameField?: string
  codeField?: string
  /** An attribute holding the parent's code (or id, or name); without it the parent is found spatially. */
  parentField?: string
  /** .dbf text encoding when the Shapefile has no .cpg (e.g. 'gbk'). */
  encoding?: string
  /** Overlaps, gaps and spill-overs smaller than this are not reported (slivers of digitising). @default 1 */
  minAreaM2?: number
  clearDemo?: boolean
  progress?: Progress
}

interface Row {
  n: number
  id: string
  code: string
  name: string
  parentKey: string | null
  geometry: { type: string; coordinates: unknown }
}

/**
 * Load administrative or grid boundaries at one level: validate, convert to WGS-84, repair invalid rings
 * (ST_MakeValid), find each parent (by attribute, else the parent-level area it overlaps most), upsert by
 * a stable id, then report overlaps and gaps between siblings and children outside their parent.
 * Features that cannot be loaded are rejected with their number and reason; the rest load.
 */
export async function importAreas(pool: pg.Pool, file: string, options: AreasImportOptions): Promise<ImportReport> {
  const started = Date.now()
  const progress = options.progress ?? silentProgress
  const report = newReport('areas', file)
  const level = options.level
  const input = await readFeatures(file, { encoding: options.encoding })
  report.warnings.push(...input.notes)
  const crs = options.crs ?? input.crsHint ?? 'wgs84'
  report.details.crs = crs
  const fields = chooseFields(input.features, { name: options.nameField, code: options.codeField, parent: options.parentField })
  if (!fields.name) throw new ImportError(`${file}: no name attribute found; say which with --name-field (attributes: ${Object.keys(input.features[0]?.properties ?? {}).join(', ')})`)
  report.details.fields = fields

  const rows: Row[] = []
  const seen = new Map<string, number>()
  progress.stage('checking', input.features.length)
  for (const f of input.features) {
    const where = `feature ${f.n}`
    const reasons: string[] = []
    const name = text(f.properties[fields.name])
    if (!name) reasons.push(`no ${fields.name}`)
    const code = fields.code ? text(f.properties[fields.code]) : null
    const parentKey = fields.parent ? text(f.properties[fields.parent]) : null
    const g = f.geometry
    if (!g) reasons.push('no geometry')
    else if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') reasons.push(`geometry is a ${g.type}, not a Polygon or MultiPolygon`)
    let geometry: Row['geometry'] | null = null
    if (g && reasons.length === 0) {
      try {
        geometry = { type: g.type, coordinates: coordinatesToWgs84(g.coordinates as number[][][], crs) }
      } catch (err) {
        reasons.push((err as Error).message)
      }
    }
    // Same input → same id: the code when there is one, else level + parent + name.
    const id = code ? idFromCode('area', code) : stableId('area', level, parentKey ?? '', name ?? '')
    const first = seen.get(id)
    if (first !== undefined) reasons.push(`repeats the ${code ? `code ${code}` : `name ${name}`} of feature ${first}`)
    if (reasons.length) {
      report.rejected.push({ where, reasons })
      continue
    }
    seen.set(id, f.n)
    rows.push({ n: f.n, id, code: code ?? id, name: name!, parentKey, geometry: geometry! })
  }
  if (rows.length === 0) throw new ImportError(`${file}: no feature could be read (${report.rejected.length} rejected)`)

  await runImport(pool, { source: `import:areas ${file}`, clearDemo: options.clearDemo }, async (client) => {
    await client.query(`CREATE TEMP TABLE imp_areas (n int, id text, code text, name text, parent_key text, parent_id text, geom geometry) ON COMMIT DROP`)
    progress.stage('staging', rows.length)
    await bulkLoad(client, {
      label: 'areas', rows, recordType: 'n int, id text, code text, name text, "parentKey" text, geometry json',
      sql: `INSERT INTO imp_areas (n, id, code, name, parent_key, geom)
            SELECT n, id, code, name, "parentKey", ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4326) FROM r`,
      chunk: 200, onChunk: (d) => progress.update(d),
    })
    await repairGeometry(client, report)
    await assignParents(client, level, Boolean(fields.parent), report)
    const left = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM imp_areas')).rows[0].n
    if (left === 0) throw new ImportError(`${file}: nothing to load; ${report.rejected.slice(0, 3).map((x) => `${x.where}: ${x.reasons.join('; ')}`).join(' | ')}`)
    const { rowCount } = await client.query(
      `INSERT INTO areas (id, code, name, level, parent_id, geom)
       SELECT id, code, name, $1, parent_id, geom FROM imp_areas ORDER BY n
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, level = excluded.level,
         parent_id = excluded.parent_id, geom = excluded.geom`,
      [level],
    )
    countLoaded(report, 'areas', rowCount ?? 0)
    progress.stage('checking overlaps', 0)
    await checkAreas(client, level, options.minAreaM2 ?? 1, report)
  })
  progress.stop()
  report.durationMs = Date.now() - started
  return report
}

/** ST_MakeValid on invalid outlines (self-intersections, bow-ties), keeping the polygonal part; say what was wrong. */
async function repairGeometry(client: pg.PoolClient, report: ImportReport): Promise<void> {
  const { rows } = await client.query<{ n: number; reason: string }>(
    `UPDATE imp_areas i SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(i.geom), 3))
     FROM (SELECT n, ST_IsValidReason(geom) AS reason FROM imp_areas WHERE NOT ST_IsValid(geom)) bad
     WHERE i.n = bad.n RETURNING i.n, bad.reason`,
  )
  for (const r of rows.sort((a, b) => a.n - b.n)) report.repaired.push({ where: `feature ${r.n}`, reasons: [`invalid (${r.reason}); repaired with ST_MakeValid`] })
  await client.query('UPDATE imp_areas SET geom = ST_Multi(geom)')
  const empty = await client.query<{ n: number }>('DELETE FROM imp_areas WHERE ST_IsEmpty(geom) OR ST_Area(geom) = 0 RETURNING n')
  for (const r of empty.rows) report.rejected.push({ where: `feature ${r.n}`, reasons: ['the outline has no area left after repair'] })
  // An area whose code is taken by a different area already in the database cannot be upserted.
  const taken = await client.query<{ n: number; code: string; other: string }>(
    `DELETE FROM imp_areas i USING areas a WHERE a.code = i.code AND a.id <> i.id RETURNING i.n, i.code, a.id AS other`,
  )
  for (const r of taken.rows) report.rejected.push({ where: `feature ${r.n}`, reasons: [`code ${r.code} already belongs to area ${r.other}`] })
}

async function assignParents(client: pg.PoolClient, level: Level, byField: boolean, report: ImportReport): Promise<void> {
  const up = parentLevel(level)
  if (!up) return
  if (byField) {
    await client.query(
      `UPDATE imp_areas i SET parent_id = (SELECT a.id FROM areas a WHERE a.level = $1 AND i.parent_key IN (a.code, a.id, a.name)
         ORDER BY (a.code = i.parent_key) DESC, a.id LIMIT 1)
       WHERE parent_key IS NOT NULL`,
      [up],
    )
  }
  // No field, or no value in it: the parent-level area it overlaps most.
  await client.query(
    `UPDATE imp_areas i SET parent_id = (
       SELECT a.id FROM areas a WHERE a.level = $1 AND a.geom && i.geom AND ST_Intersects(a.geom, i.geom)
       ORDER BY ST_Area(ST_Intersection(a.geom, i.geom)) DESC, a.id LIMIT 1)
     WHERE parent_id IS NULL AND parent_key IS NULL`,
    [up],
  )
  const orphans = await client.query<{ n: number; parent_key: string | null }>('DELETE FROM imp_areas WHERE parent_id IS NULL RETURNING n, parent_key')
  for (const r of orphans.rows.sort((a, b) => a.n - b.n)) {
    report.rejected.push({
      where: `feature ${r.n}`,
      reasons: [r.parent_key ? `parent '${r.parent_key}' is not a ${up} in the database` : `overlaps no ${up}: import the ${up} boundaries first`],
    })
  }
}
