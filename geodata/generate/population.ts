import type { Rng } from './rng.ts'
import type { BldDraft } from './model.ts'

/**
 * Households and residents. Building geometry gives each building a capacity in dwellings
 * (stairwells × flats per floor × floors); one district-wide occupancy factor then scales capacity
 * so that the district holds the target population (≈ 250,000 residents at scale 1), with ±8 %
 * noise per building and 2.45–2.95 residents per household (mean ≈ 2.7).
 * Returns the occupancy factor (a sanity figure: realistic values are ~0.8–1.0).
 */
export function populate(rng: Rng, buildings: BldDraft[], targetResidents: number, perHousehold: number): number {
  let capacity = 0
  for (const b of buildings) capacity += b.capacity
  const occupancy = targetResidents / perHousehold / capacity
  for (const b of buildings) {
    if (b.capacity <= 0) continue
    b.households = Math.max(1, Math.round(b.capacity * occupancy * rng.range(0.92, 1.08)))
    b.residents = Math.max(1, Math.round(b.households * rng.range(2.45, 2.95)))
  }
  return occupancy
}
