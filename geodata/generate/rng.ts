/**
 * Seeded randomness. Every random choice in the generator goes through an Rng so that the same
 * seed (and scale) always gives the same district, byte for byte. No Math.random anywhere.
 */

/** mulberry32: a tiny 32-bit generator; integer-only state, so identical on every JS engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a, used to derive independent sub-streams from a label. */
export function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Rng {
  private readonly next: () => number
  constructor(readonly seed: number) {
    this.next = mulberry32(seed)
  }

  /**
   * An independent stream for one concern (lattice, names, party …). Forking by label rather than by
   * drawing from this stream means that changing how many numbers one module uses does not reshuffle
   * every other module's output.
   */
  fork(label: string): Rng {
    return new Rng(hash32(`${this.seed}:${label}`))
  }

  float(): number {
    return this.next()
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next()
  }
  /** Integer in [a, b], both inclusive. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]
      if (r < 0) return items[i]
    }
    return items[items.length - 1]
  }
  /** Fisher–Yates, in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = items[i]
      items[i] = items[j]
      items[j] = tmp
    }
    return items
  }
  /** Rounds x up or down at random so that the expected value stays x (keeps totals unbiased). */
  roundStochastic(x: number): number {
    const f = Math.floor(x)
    return f + (this.next() < x - f ? 1 : 0)
  }
}
