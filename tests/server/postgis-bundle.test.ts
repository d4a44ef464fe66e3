import { createReadStream } from 'node:fs'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { postgis } from '@electric-sql/pglite-postgis'
import { keepInBundle, lightPostgis, TarFilter } from '../../server/db/postgis-bundle.ts'

/** Paths in a tar stream, read with the filter itself keeping nothing. */
async function tarPaths(source: Readable): Promise<string[]> {
  const paths: string[] = []
  await pipeline(source, new TarFilter((p) => (paths.push(p), false)), new Writable({ write: (_c, _e, done) => done() }))
  return paths
}

const stockBundle = async () => fileURLToPath((await postgis.setup({} as never, { PGLITE_ENV: {} } as never)).bundlePath!)

/** A v7 tar header (the filter copies headers as they are, so no checksum is needed). */
function header(name: string, type: string, size = 0): Buffer {
  const h = Buffer.alloc(512)
  h.write(name, 0, 'utf8')
  h.write(size.toString(8).padStart(11, '0'), 124, 'latin1')
  h.write(type, 156, 'latin1')
  return h
}

describe('the light PostGIS bundle', () => {
  it('keeps postgis, its scripts and PROJ data, and leaves out raster, topology and the geocoder', async () => {
    const stock = await tarPaths(createReadStream(await stockBundle()).pipe(createGunzip()))
    const light = (await lightPostgis()) as { setup: typeof postgis.setup }
    const { bundlePath } = await light.setup({} as never, { PGLITE_ENV: {} } as never)
    expect(bundlePath!.href).not.toBe((await postgis.setup({} as never, { PGLITE_ENV: {} } as never)).bundlePath!.href)
    const kept = await tarPaths(createReadStream(bundlePath!).pipe(createGunzip()))
    expect(kept).toEqual(stock.filter(keepInBundle))
    for (const needed of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/postgresql/extension/postgis--3.6.2.sql', 'share/proj/proj.db']) {
      expect(kept).toContain(needed)
    }
    expect(kept.some((p) => /raster|topology|tiger/.test(p))).toBe(false)
    expect(stock.some((p) => /raster|topology|tiger/.test(p))).toBe(true)
  })

  it('passes kept entries with their data, skips the others, and ends the archive', async () => {
    const tar = Buffer.concat([
      header('keep/a.txt', '0', 3), Buffer.from('abc'.padEnd(512, '\0')),
      header('drop/b.txt', '0', 600), Buffer.alloc(1024, 1),
      header('keep/link', '2'),
      Buffer.alloc(1024),
    ])
    const out: Buffer[] = []
    // Fed in odd-sized pieces: entries straddle chunk boundaries.
    const pieces = Array.from({ length: Math.ceil(tar.length / 300) }, (_, i) => tar.subarray(i * 300, (i + 1) * 300))
    await pipeline(Readable.from(pieces), new TarFilter((p) => p.startsWith('keep/')), new Writable({ write: (c, _e, done) => (out.push(c), done()) }))
    const result = Buffer.concat(out)
    expect(result.length).toBe(512 * 5)
    expect(await tarPaths(Readable.from([result]))).toEqual(['keep/a.txt', 'keep/link'])
    expect(result.subarray(512, 515).toString()).toBe('abc')
  })

  it('refuses entry types it does not understand and archives without an end', async () => {
    await expect(tarPaths(Readable.from([Buffer.concat([header('pax', 'x', 10), Buffer.alloc(512), Buffer.alloc(1024)])]))).rejects.toThrow(/type x/)
    await expect(tarPaths(Readable.from([header('a', '0', 0)]))).rejects.toThrow(/end-of-archive/)
  })
})
