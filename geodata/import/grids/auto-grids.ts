import type pg from 'pg'
import { bulkLoad } from '../lib/bulk.ts'
import { idFromCode } from '../lib/ids.ts'
import { countLoaded, ImportError, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { partitionUnits, type Unit } from './partition.ts'

export interface AutoGridOptions {
  /** Households a grid should hold (many cities use 300–500). @default 400 */
  targetHouseholds?: number
  /** Only this community (id or code); default every community that has no grids yet. */
  community?: string
}

/**
 * Draw grids (网格) for communities that have none: compounds kept whole and loose buildings grouped into
 * about `targetHouseholds` households each (partition.ts), each grid's outline the union of the Voronoi
 * cells of its units' centres clipped to the community, named "<社区名>第N网格" with code community
 * code + two-digit running number. Buildings and compounds are re-pointed to their new grid. Grid
 * outlines follow the spacing of buildings, not streets: street-following cuts are not done yet.
 */
export async function autoGrids(pool: pg.Pool, options: AutoGridOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const target = options.targetHouseholds ?? 400
  if (!(target > 0)) throw new ImportError('--target-households must be a positive number')
  const report = newReport('grids', options.community ?? 'all communities')
  await runImport(pool, { source: `import:grids --auto ${target}` }, async (client) => {
    const communities = (await client.query<{ id: string; code: string; name: string }>(
      `SELECT id, code, name FROM areas c WHERE level = 'community' AND ($1::text IS NULL OR $1 IN (id, code))
         AND NOT EXISTS (SELECT 1 FROM areas g WHERE g.parent_id = c.id) ORDER BY id`,
      [options.community ?? null],
    )).rows
    if (!communities.length) throw new ImportError(options.community ? `community ${options.community} does not exist or already has grids` : 'no community without grids')
    const spread: number[] = []
    for (const c of communities) {
      const units = (await client.query<Unit>(
        `SELECT coalesce(b.compound_id, b.id) AS id, avg(ST_X(ST_Centroid(b.footprint))) AS x, avg(ST_Y(ST_Centroid(b.footprint))) AS y,
                sum(b.households)::int AS households
         FROM buildings b WHERE b.grid_id = $1 GROUP BY coalesce(b.compound_id, b.id)`,
        [c.id],
      )).rows
      const total = units.reduce((s, u) => s + u.households, 0)
      if (!units.length) {
        report.warnings.push(`${c.name} (${c.id}): no buildings, no grids drawn`)
        continue
      }
      const groups = partitionUnits(units, Math.max(1, Math.round(total / target)))
      const rows = groups.flatMap((g, i) => {
        const code = `${c.code}${String(i + 1).padStart(2, '0')}`
        spread.push(g.reduce((s, u) => s + u.households, 0))
        return g.map((u) => ({ unit: u.id, x: u.x, y: u.y, grid: idFromCode('area', code), code, name: `${c.name}第${i + 1}网格` }))
      })
      await client.query('CREATE TEMP TABLE IF NOT EXISTS imp_units (unit text, x float8, y float8, grid text, code text, name text) ON COMMIT DROP')
      await client.query('TRUNCATE imp_units')
      await bulkLoad(client, { label: 'grid units', rows, recordType: 'unit text, x float8, y float8, grid text, code text, name text', sql: 'INSERT INTO imp_units SELECT * FROM r' })
      const grids = await client.query(
        `WITH pts AS (SELECT unit, grid, ST_SetSRID(ST_MakePoint(x, y), 4326) AS p FROM imp_units),
         cells AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(p), 0, (SELECT geom FROM areas WHERE id = $1)))).geom AS cell FROM pts),
         owned AS (SELECT pts.grid, ST_Intersection(cells.cell, (SELECT geom FROM areas WHERE id = $1)) AS g FROM cells JOIN pts ON ST_Intersects(cells.cell, pts.p))
         INSERT INTO areas (id, code, name, level, parent_id, geom)
         SELECT u.grid, min(u.code), min(u.name), 'grid', $1,
                coalesce((SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(o.g)), 3)) FROM owned o WHERE o.grid = u.grid),
                         (SELECT geom FROM areas WHERE id = $1))
         FROM imp_units u GROUP BY u.grid`,
        [c.id],
      )
      countLoaded(report, 'areas', grids.rowCount ?? 0)
      const moved = await client.query(
        `UPDATE buildings b SET grid_id = u.grid FROM imp_units u WHERE b.grid_id = $1 AND coalesce(b.compound_id, b.id) = u.unit`, [c.id])
      countLoaded(report, 'buildings re-pointed', moved.rowCount ?? 0)
      await client.query(`UPDATE compounds k SET grid_id = u.grid FROM imp_units u WHERE k.id = u.unit AND k.grid_id = $1`, [c.id])
    }
    spread.sort((a, b) => a - b)
    report.details.householdsPerGrid = spread.length
      ? { grids: spread.length, min: spread[0], median: spread[Math.floor(spread.length / 2)], max: spread[spread.length - 1] }
      : null
  })
  report.durationMs = Date.now() - started
  return report
}
