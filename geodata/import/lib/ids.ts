import { createHash } from 'node:crypto'

/**
 * A stable id from the parts that identify a record in its source (same input → same id), so a re-run
 * updates rows instead of adding them. 12 hex digits (48 bits): a collision needs ~16 million records.
 */
export function stableId(prefix: string, ...parts: (string | number)[]): string {
  const h = createHash('sha1').update(parts.map(String).join('\u0000')).digest('hex').slice(0, 12)
  return `${prefix}-${h}`
}

/** An id that keeps a readable code when the source gives one ("area-340111"). */
export function idFromCode(prefix: string, code: string): string {
  const safe = code.trim().replace(/[^0-9A-Za-z_.-]/g, '_')
  return safe === code.trim() && safe.length <= 40 ? `${prefix}-${safe}` : stableId(prefix, code)
}

/**
 * A signed 52-bit integer id from a text key, for walk nodes and edges that come without OSM ids
 * (GeoJSON line layers). Negative, so it can never equal an OSM id, which are positive; it stays within
 * Number.MAX_SAFE_INTEGER because the server reads bigint ids as JS numbers.
 */
export function negativeId(key: string): number {
  const h = createHash('sha1').update(key).digest()
  // 52 bits: 4 bytes + 20 bits.
  const hi = h.readUInt32BE(0) & 0xfffff
  const lo = h.readUInt32BE(4)
  return -(hi * 2 ** 32 + lo + 1)
}
