/**
 * Encoded tiles kept by key within a byte budget, least recently used out first. Keys carry the data
 * version, so a reload or an import makes old entries unreachable and they age out.
 */
export class TileCache {
  private entries = new Map<string, Uint8Array | null>()
  private bytes = 0

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): Uint8Array | null | undefined {
    const hit = this.entries.get(key)
    if (hit === undefined) return undefined
    // Re-insert so the Map's order stays least-recently-used first.
    this.entries.delete(key)
    this.entries.set(key, hit)
    return hit
  }

  set(key: string, tile: Uint8Array | null): void {
    const old = this.entries.get(key)
    if (old !== undefined) {
      this.bytes -= old?.byteLength ?? 0
      this.entries.delete(key)
    }
    this.entries.set(key, tile)
    this.bytes += tile?.byteLength ?? 0
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= v?.byteLength ?? 0
    }
  }

  get size(): number {
    return this.entries.size
  }

  get byteSize(): number {
    return this.bytes
  }
}
