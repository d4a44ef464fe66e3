import { describe, expect, it } from 'vitest'
import { generateDistrict } from '../../geodata/generate/index.ts'

describe('generateDistrict at scale 10', () => {
  it('generates about ten times the default district in well under a minute', () => {
    const t0 = performance.now()
    const d = generateDistrict({ scale: 10 })
    const seconds = (performance.now() - t0) / 1000
    expect(seconds).toBeLessThan(60)
    const n = (l: string) => d.areas.filter((a) => a.level === l).length
    expect(n('street')).toBeGreaterThanOrEqual(60)
    expect(n('community')).toBeGreaterThanOrEqual(400)
    expect(n('grid')).toBeGreaterThanOrEqual(2600)
    expect(d.buildings.length).toBeGreaterThanOrEqual(60_000)
    const residents = d.buildings.reduce((s, b) => s + b.residents, 0)
    expect(residents).toBeGreaterThan(2_200_000)
    expect(residents).toBeLessThan(2_800_000)
    expect(d.meta.scale).toBe(10)
  }, 120_000)
})
