import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip, createGzip } from 'node:zlib'
import type { Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'

/**
 * PostGIS for the embedded database without the parts the server never creates.
 *
 * pglite-postgis 0.2.8 unpacks its whole bundle (95 MB: postgis, postgis_raster, postgis_topology and
 * the tiger geocoder) into PGlite's in-memory file system and loads all three libraries into the WASM
 * heap, whether or not their extensions exist. A bundle of postgis alone (the library, its extension
 * scripts, PROJ's data) starts the embedded server with about 300 MB less resident memory. It is cut
 * from the installed bundle once per version into the temporary folder; if that fails the stock
 * bundle is used.
 */
export async function lightPostgis(log: (message: string) => void = () => {}): Promise<Extension> {
  try {
    const source = await stockBundlePath()
    const { size, mtimeMs } = statSync(source)
    const dir = join(tmpdir(), 'hongse-linghang')
    const target = join(dir, `postgis-${size}-${Math.round(mtimeMs)}.tar.gz`)
    if (!existsSync(target)) {
      mkdirSync(dir, { recursive: true })
      const partial = `${target}.${process.pid}.partial`
      try {
        await pipeline(createReadStream(source), createGunzip(), new TarFilter(keepInBundle), createGzip({ level: 1 }), createWriteStream(partial))
        renameSync(partial, target)
      } finally {
        rmSync(partial, { force: true })
      }
    }
    const bundlePath = new URL(`file://${target}`)
    return {
      name: postgis.name,
      setup: async (pg, options) => ({ ...(await postgis.setup(pg, options)), bundlePath }),
    }
  } catch (err) {
    log(`using the full PostGIS bundle (${(err as Error).message})`)
    return postgis
  }
}

async function stockBundlePath(): Promise<string> {
  // The extension's setup names its bundle (and only sets a few variables on the options it is given).
  const { bundlePath } = await postgis.setup({} as never, { PGLITE_ENV: {} } as never)
  if (!bundlePath) throw new Error('pglite-postgis names no bundle')
  return fileURLToPath(bundlePath)
}

const EXTENSION_DIR = 'share/postgresql/extension/'

/** postgis itself and its upgrade scripts; not raster, topology, the geocoder or the legacy contrib scripts. */
export function keepInBundle(path: string): boolean {
  if (path.startsWith('lib/postgresql/')) return !/postgis_(raster|topology)/.test(path)
  if (path.startsWith('share/postgresql/contrib/')) return false
  if (path.startsWith(EXTENSION_DIR)) {
    const file = path.slice(EXTENSION_DIR.length)
    return file === '' || file === 'postgis.control' || (file.startsWith('postgis--') && !file.startsWith('postgis--unpackaged'))
  }
  return true
}

const BLOCK = 512

/**
 * Passes the entries of a tar stream whose path `keep` accepts, header and data blocks unchanged.
 * Only plain v7/ustar entries are understood; a long-name or pax header stops it (the caller then
 * falls back to the unfiltered bundle) rather than guessing which entry it belongs to.
 */
export class TarFilter extends Transform {
  private pending: Buffer = Buffer.alloc(0)
  private dataLeft = 0
  private keeping = false
  private ended = false

  constructor(private readonly keep: (path: string) => boolean) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    try {
      this.drain()
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback) {
    if (!this.ended) return done(new Error('tar archive ends without its end-of-archive blocks'))
    this.push(Buffer.alloc(2 * BLOCK))
    done()
  }

  private drain() {
    while (!this.ended) {
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, this.pending.length)
        if (n === 0) return
        if (this.keeping) this.push(this.pending.subarray(0, n))
        this.pending = this.pending.subarray(n)
        this.dataLeft -= n
        continue
      }
      if (this.pending.length < BLOCK) return
      const header = this.pending.subarray(0, BLOCK)
      this.pending = this.pending.subarray(BLOCK)
      if (header.every((b) => b === 0)) {
        this.ended = true
        return
      }
      const type = String.fromCharCode(header[156] || 0x30)
      if (!'0125'.includes(type)) throw new Error(`tar entry of type ${type} is not handled`)
      const name = cString(header, 0, 100)
      const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? cString(header, 345, 155) : ''
      const size = parseInt(cString(header, 124, 12).trim() || '0', 8)
      this.keeping = this.keep(prefix ? `${prefix}/${name}` : name)
      if (this.keeping) this.push(header)
      this.dataLeft = type === '0' ? Math.ceil(size / BLOCK) * BLOCK : 0
    }
  }
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? length : end).toString('utf8')
}
