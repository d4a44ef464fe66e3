import type pg from 'pg'
import { datasetRevision, perRevision, type PerRevision } from '../../db/per-revision.ts'
import { buildMemoryTiles, type MemoryTiles } from './memory-source.ts'
import { canEncodeMvt, caseLogVersion, mvtSql, mvtTile } from './queries.ts'
import { TileCache } from './tile-cache.ts'
import { TILE_SETS, type TileSet } from './tilesets.ts'

export type TileBackend = 'geojson-vt' | 'postgis'

export interface TileAnswer {
  tile: Uint8Array | null
  /** The data version the tile was cut from (dataset revision, or the case log position). */
  version: number
}

export interface TileService {
  backend: TileBackend
  tile(set: TileSet, z: number, x: number, y: number): Promise<TileAnswer>
  version(set: TileSet): Promise<number>
}

/** How often a set's data version is looked at: geography changes on import, cases all the time. */
const CHECK_EVERY_MS: Record<TileSet['follows'], number> = { geography: 10_000, cases: 5_000 }

const versionOf = (set: TileSet) => (set.follows === 'cases' ? caseLogVersion : datasetRevision)

/**
 * Tiles for every set from one backend: ST_AsMVT in the database where PostGIS can encode MVT (a real
 * server), else geojson-vt over an in-memory index per data version (the embedded PostGIS has no
 * protobuf). Either way tiles are cached by (set, version, z, x, y), so an import or new cases make the
 * old ones unreachable.
 */
export async function createTileService(
  db: pg.Pool,
  options: { backend?: 'auto' | TileBackend; cacheBytes?: number } = {},
): Promise<TileService> {
  const wanted = options.backend ?? 'auto'
  const backend: TileBackend =
    wanted === 'auto' ? ((await canEncodeMvt(db)) ? 'postgis' : 'geojson-vt') : wanted
  if (backend === 'postgis' && wanted === 'postgis' && !(await canEncodeMvt(db))) {
    throw new Error('TILE_BACKEND=postgis, but this PostGIS cannot encode vector tiles (ST_AsMVT needs protobuf)')
  }
  const cache = new TileCache(options.cacheBytes)
  const versions = new Map<string, PerRevision<number>>()
  const memory = new Map<string, PerRevision<{ version: number; tiles: MemoryTiles }>>()
  const sql = new Map(TILE_SETS.map((s) => [s.id, mvtSql(s)]))
  for (const set of TILE_SETS) {
    const opts = { checkEveryMs: CHECK_EVERY_MS[set.follows], version: versionOf(set) }
    versions.set(set.id, perRevision(db, async (v) => v, opts))
    if (backend === 'geojson-vt') {
      memory.set(set.id, perRevision(db, async (version) => ({ version, tiles: await buildMemoryTiles(db, set) }), opts))
    }
  }

  return {
    backend,
    version: async (set) => (backend === 'geojson-vt' ? (await memory.get(set.id)!.get()).version : versions.get(set.id)!.get()),
    async tile(set, z, x, y) {
      const index = backend === 'geojson-vt' ? await memory.get(set.id)!.get() : null
      const version = index ? index.version : await versions.get(set.id)!.get()
      const key = `${set.id}/${version}/${z}/${x}/${y}`
      const hit = cache.get(key)
      if (hit !== undefined) return { version, tile: hit }
      // geojson-vt keeps its cut tiles but encodes them anew each time; the cache keeps the encoding too.
      const tile = index ? index.tiles.tile(z, x, y) : await mvtTile(db, sql.get(set.id)!, z, x, y)
      cache.set(key, tile)
      return { version, tile }
    },
  }
}
