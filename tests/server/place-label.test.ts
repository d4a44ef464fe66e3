import { describe, expect, it } from 'vitest'
import { NEAR_BUILDING_M, placeLabel, type PlaceFacts } from '../../server/domain/places/place-label.ts'

const nothing: PlaceFacts = { road: null, building: null, compound: null, landuse: null, street: null, community: null, grid: null }
const area = { street: { name: '湖滨街道' }, community: { name: '湖滨社区' }, grid: { name: '湖滨社区第3网格' } }

describe('placeLabel: a point as people say it', () => {
  it('says road, building and grid: "翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格"', () => {
    const f: PlaceFacts = { ...nothing, ...area, road: { name: '翠湖路', distanceM: 40 }, building: { name: '3栋', distanceM: 12, compoundName: '翠湖小区' } }
    expect(placeLabel(f)).toBe('翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格')
  })

  it('does not repeat the compound when the building is already named after it, and drops 附近 inside it', () => {
    const f: PlaceFacts = { ...nothing, ...area, compound: { name: '雅居花园' }, building: { name: '雅居花园1栋', distanceM: 0, compoundName: '雅居花园' } }
    expect(placeLabel(f)).toBe('雅居花园1栋 · 湖滨社区第3网格')
  })

  it('falls back from a far building to the compound, then to named land, and leaves a far building out', () => {
    const far = { name: '友谊新村2栋', distanceM: NEAR_BUILDING_M + 1, compoundName: '友谊新村' }
    expect(placeLabel({ ...nothing, ...area, building: far, compound: { name: '翠湖小区' } })).toBe('翠湖小区内 · 湖滨社区第3网格')
    expect(placeLabel({ ...nothing, ...area, building: far, landuse: { name: '澜溪河' }, road: { name: '滨河南路', distanceM: 72 } })).toBe(
      '滨河南路旁 · 澜溪河 · 湖滨社区第3网格',
    )
    expect(placeLabel({ ...nothing, ...area, building: far })).toBe('湖滨社区第3网格')
    expect(placeLabel({ ...nothing, ...area, building: { ...far, distanceM: NEAR_BUILDING_M } })).toBe('友谊新村2栋附近 · 湖滨社区第3网格')
  })

  it('puts the community in front of a grid named without it, and uses the community or street without a grid', () => {
    expect(placeLabel({ ...nothing, ...area, grid: { name: '第3网格' } })).toBe('湖滨社区第3网格')
    expect(placeLabel({ ...nothing, ...area, grid: null })).toBe('湖滨社区')
    expect(placeLabel({ ...nothing, street: { name: '湖滨街道' } })).toBe('湖滨街道')
  })

  it('gives the coordinates when nothing around is known', () => {
    expect(placeLabel(nothing, [117.048541, 30.5271459])).toBe('117.04854, 30.52715')
    expect(placeLabel(nothing)).toBe('未命名位置')
  })
})
