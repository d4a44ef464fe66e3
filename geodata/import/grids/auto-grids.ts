import type pg from 'pg'
import { idFromCode } from '../lib/ids.ts'
import { countLoaded, ImportError, newReport, type ImportReport } from '../lib/report.ts'
import { runImport } from '../lib/transaction.ts'
import { drawGrids } from './draw-grids.ts'
import { growGrids } from './grow-grids.ts'
import { splitLargeBlocks } from './split-blocks.ts'
import { assignBlocks, blockAdjacency, blockCentres, cutBlocks, placeUnits } from './street-blocks.ts'

export interface AutoGridOptions {
  /** Households a grid should hold (many cities use 300–500). @default 400 */
  targetHouseholds?: number
  /** Only this community (id or code); default every community that has no grids yet. */
  community?: string
}

/**
 * Draw grids (网格) for communities that have none, following streets: the community is cut by its
 * streets into blocks (street-blocks.ts), each walled compound and each building outside one goes wholly
 * to the block holding most of it, blocks too big for one grid are divided along their buildings
 * (split-blocks.ts), and neighbouring blocks are grown into grids of about `targetHouseholds` households
 * (grow-grids.ts), numbered from the north-west, named "<社区名>第N网格" and coded community code + two
 * digits. The grids cover the community exactly once (draw-grids.ts); buildings and compounds are
 * re-pointed to them. The report gives the spread of households per grid.
 */
export async function autoGrids(pool: pg.Pool, options: AutoGridOptions = {}): Promise<ImportReport> {
  const started = Date.now()
  const target = options.targetHouseholds ?? 400
  if (!(target > 0)) throw new ImportError('--target-households must be a positive number')
  const report = newReport('grids', options.community ?? 'all communities')
  await runImport(pool, { source: `import:grids --auto ${target}` }, async (client) => {
    const communities = (await client.query<{ id: string; code: string; name: string; lat: number }>(
      `SELECT id, code, name, ST_Y(ST_Centroid(geom)) AS lat FROM areas c WHERE level = 'community' AND ($1::text IS NULL OR $1 IN (id, code))
         AND NOT EXISTS (SELECT 1 FROM areas g WHERE g.parent_id = c.id) ORDER BY id`,
      [options.community ?? null],
    )).rows
    if (!communities.length) throw new ImportError(options.community ? `community ${options.community} does not exist or already has grids` : 'no community without grids')
    const spread: number[] = []
    const perCommunity: Record<string, unknown>[] = []
    for (const c of communities) {
      const blocks = await cutBlocks(client, c.id)
      let units = await placeUnits(client, c.id)
      if (!units.length) {
        report.warnings.push(`${c.name} (${c.id}): no buildings, no grids drawn`)
        continue
      }
      const divided = await splitLargeBlocks(client, units, target)
      if (divided) units = await assignBlocks(client)
      const perBlock = new Map<number, number>()
      for (const u of units) perBlock.set(u.block, (perBlock.get(u.block) ?? 0) + u.households)
      // Metres east/north, so "nearest" and "north-west" mean what they say at any latitude.
      const kx = 111_320 * Math.cos((c.lat * Math.PI) / 180), ky = 110_574
      const centres = (await blockCentres(client)).map((b) => ({ id: b.id, households: perBlock.get(b.id) ?? 0, x: b.x * kx, y: b.y * ky }))
      const groups = growGrids(centres, await blockAdjacency(client), target)
      const drafts = groups.map((blocksOf, i) => {
        const code = `${c.code}${String(i + 1).padStart(2, '0')}`
        return { blocks: blocksOf, id: idFromCode('area', code), code, name: `${c.name}第${i + 1}网格` }
      })
      const households = await drawGrids(client, c.id, drafts)
      countLoaded(report, 'areas', drafts.length)
      spread.push(...households)
      perCommunity.push({ community: c.id, streetBlocks: blocks, blocksDivided: divided, grids: drafts.length, households })
    }
    const moved = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM buildings b JOIN areas a ON a.id = b.grid_id WHERE a.level = 'grid' AND a.parent_id = ANY($1)`,
      [communities.map((c) => c.id)],
    )
    countLoaded(report, 'buildings re-pointed', moved.rows[0].n)
    spread.sort((a, b) => a - b)
    report.details.householdsPerGrid = spread.length
      ? { grids: spread.length, min: spread[0], median: spread[Math.floor(spread.length / 2)], max: spread[spread.length - 1], target }
      : null
    report.details.communities = perCommunity
  })
  report.durationMs = Date.now() - started
  return report
}
