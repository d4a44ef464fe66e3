/**
 * GeoPackage's geometry blob (GeoPackage 1.2, clause 2.1.3 "GeoPackageBinary"): an 8-byte header
 * ('GP', version, flags, srs_id), an optional envelope, then the ISO WKB that PostGIS's ST_AsBinary
 * already writes. Pure byte work, so the format is tested without SQLite.
 */

/** minX, minY, maxX, maxY in the layer's CRS. */
export type Envelope = readonly [minX: number, minY: number, maxX: number, maxY: number]

const MAGIC = [0x47, 0x50] // 'GP'
const LITTLE_ENDIAN = 0x01
/** Envelope contents indicator 1 (bits 1–3): [minx, maxx, miny, maxy]. */
const XY_ENVELOPE = 0x01 << 1
const EMPTY = 0x01 << 4

/** The blob for one geometry; `envelope` null marks it empty (GeoPackage readers then skip the WKB's bounds). */
export function gpkgGeometry(wkb: Uint8Array, envelope: Envelope | null, srsId: number): Buffer {
  const head = envelope ? 40 : 8
  const out = Buffer.allocUnsafe(head + wkb.length)
  out[0] = MAGIC[0]!
  out[1] = MAGIC[1]!
  out[2] = 0 // version 1 of the blob format
  out[3] = LITTLE_ENDIAN | (envelope ? XY_ENVELOPE : EMPTY)
  out.writeInt32LE(srsId, 4)
  if (envelope) {
    const [minX, minY, maxX, maxY] = envelope
    out.writeDoubleLE(minX, 8)
    out.writeDoubleLE(maxX, 16)
    out.writeDoubleLE(minY, 24)
    out.writeDoubleLE(maxY, 32)
  }
  out.set(wkb, head)
  return out
}

export interface DecodedGeometry {
  srsId: number
  envelope: Envelope | null
  empty: boolean
  wkb: Buffer
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64]

/** Reads a blob back (tests, and anything that checks a file this server wrote). */
export function readGpkgGeometry(blob: Uint8Array): DecodedGeometry {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  if (b[0] !== MAGIC[0] || b[1] !== MAGIC[1]) throw new Error('not a GeoPackage geometry: no GP magic')
  const flags = b[3]!
  const little = (flags & 1) === 1
  const indicator = (flags >> 1) & 0x07
  if (indicator >= ENVELOPE_BYTES.length) throw new Error(`GeoPackage geometry with envelope indicator ${indicator}`)
  const srsId = little ? b.readInt32LE(4) : b.readInt32BE(4)
  const d = (at: number) => (little ? b.readDoubleLE(at) : b.readDoubleBE(at))
  const envelope: Envelope | null = indicator === 0 ? null : [d(8), d(24), d(16), d(32)]
  return { srsId, envelope, empty: (flags & EMPTY) !== 0, wkb: b.subarray(8 + ENVELOPE_BYTES[indicator]!) }
}

/** WKB geometry type codes 1–7 (ISO 13249-3), as GeoPackage names them in gpkg_geometry_columns. */
const WKB_TYPES = ['GEOMETRY', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'] as const
export type GeometryTypeName = (typeof WKB_TYPES)[number]

/** The type a WKB holds; Z, M and ZM variants (ISO 1000s, EWKB flags) are refused: layers here are 2D. */
export function wkbGeometryType(wkb: Uint8Array): GeometryTypeName {
  if (wkb.length < 5) throw new Error('WKB shorter than its header')
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength)
  const code = view.getUint32(1, wkb[0] === 1)
  const name = WKB_TYPES[code]
  if (code === 0 || !name) throw new Error(`WKB geometry type ${code} is not a 2D simple feature`)
  return name
}
