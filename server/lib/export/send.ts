import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { attachment, CONTENT_TYPES, type ExportFormat } from './formats.ts'
import { GeoPackageWriter, type GeoPackageLayer } from './geopackage.ts'
import { attributes, envelopeOf, type ExportPage, type GeometryEncoding, type PageSource } from './pages.ts'
import { csvChunks, geojsonChunks } from './text-formats.ts'

const ENCODING: Record<ExportFormat, GeometryEncoding> = { geojson: 'geojson', csv: 'wkt', gpkg: 'wkb' }

export interface ExportTarget {
  format: ExportFormat
  /** The file name without extension in ASCII (layer and area ids), for clients that take nothing else. */
  asciiName: string
  /** The file name without extension as people read it (the area's Chinese name); defaults to asciiName. */
  name?: string
  /** What the GeoPackage calls its one layer. */
  layer: GeoPackageLayer
  pages: PageSource
  /** CSV only: end each row with the geometry as WKT (for QGIS). False for a sheet that has its own coordinates. @default true */
  geometryColumn?: boolean
}

/** Writes every page into a new GeoPackage file; returns how many features it holds. */
export async function writeGeoPackage(path: string, layer: GeoPackageLayer, pages: AsyncIterable<ExportPage>): Promise<number> {
  let writer: GeoPackageWriter | null = null
  try {
    for await (const { rows, columns } of pages) {
      writer ??= new GeoPackageWriter(path, layer, columns)
      writer.add(rows.map((r) => ({ values: attributes(r, columns), wkb: (r.wkb as Buffer | null) ?? null, envelope: envelopeOf(r) })))
    }
    if (!writer) throw new Error(`exporting ${layer.table}: the source gave no page, not even an empty one`)
    writer.finish()
    return writer.count
  } catch (err) {
    writer?.abort()
    throw err
  }
}

/**
 * Sends an export as an attachment. GeoJSON and CSV stream page by page as they are read (a database
 * failure part-way can then only cut the file short, and is logged). A GeoPackage is an SQLite file that
 * is only valid once complete, so it is written page by page to a temporary file first, then streamed
 * with its length and deleted when sent or abandoned; a failure while writing is an ordinary error reply.
 */
export async function sendExport(reply: FastifyReply, target: ExportTarget): Promise<FastifyReply> {
  const { format } = target
  const ext = format
  reply.type(CONTENT_TYPES[format]).header('content-disposition', attachment(`${target.asciiName}.${ext}`, `${target.name ?? target.asciiName}.${ext}`))
  const pages = target.pages(ENCODING[format])
  if (format !== 'gpkg') {
    const stream = Readable.from(format === 'csv' ? csvChunks(pages, target.geometryColumn ?? true) : geojsonChunks(pages))
    stream.on('error', (err) => reply.log.error({ err }, `exporting ${target.asciiName} as ${format}`))
    return reply.send(stream)
  }
  const dir = await mkdtemp(join(tmpdir(), 'hl-export-'))
  const cleanup = () => rm(dir, { recursive: true, force: true })
  try {
    const path = join(dir, `${target.layer.table}.gpkg`)
    await writeGeoPackage(path, target.layer, pages)
    const { size } = await stat(path)
    const stream = createReadStream(path)
    // 'close' follows both the end and a client that went away (fastify destroys the stream then).
    stream.once('close', () => void cleanup())
    return reply.header('content-length', size).send(stream)
  } catch (err) {
    await cleanup()
    throw err
  }
}
