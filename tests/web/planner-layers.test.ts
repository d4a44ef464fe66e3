/**
 * The planner's layer builders as descriptions: ids, data references kept stable between calls,
 * layers left out (`false`) when their data is empty, update triggers, and what the accessors return
 * for sample features. deck.gl layers are plain objects until a Deck renders them, so Node can build them.
 */
import { describe, expect, it, vi } from 'vitest'
import type { AreaShare } from '../../web/src/model/coverage.ts'
import type { RankedSite } from '../../web/src/model/planner.ts'
import { gapDots } from '../../web/src/geo/gap-dots.ts'
import { bandsUpTo } from '../../web/src/geo/isochrone-bands.ts'
import { choroplethLayers, isochroneColor, isochroneLayers, shareColor } from '../../web/src/layers/coverage-layers.ts'
import { GAP_COLORS, gapColor, gapLayers } from '../../web/src/layers/gap-layers.ts'
import { GOLD } from '../../web/src/layers/palette.ts'
import { plannerLayers, type PlannerLayerState } from '../../web/src/layers/planner-layers.ts'
import { whatIfLayers } from '../../web/src/layers/what-if-layers.ts'
import { bands, gaps, grids, station, stations } from './fixtures/map-features.ts'
import { byId, call, drawn, ids, type AnyLayer } from './layer-helpers.ts'

describe('choroplethLayers', () => {
  const areas = grids()
  const shares: ReadonlyMap<string, AreaShare> = new Map([['g1', { share: 0.9, uncovered: 100 }]])

  it('is empty without areas and colours areas by share, hot where coverage is poor', () => {
    expect(choroplethLayers({ areas: null, shares, hoveredId: null })).toEqual([])
    const [layer] = choroplethLayers({ areas, shares, hoveredId: null }) as AnyLayer[]
    expect(layer!.id).toBe('coverage-areas')
    expect(layer!.props.data).toBe(areas)
    expect(call(layer!, 'getFillColor', areas.features[0])).toEqual(shareColor(0.9))
    // No share for g2: drawn empty rather than as fully uncovered.
    expect(call(layer!, 'getFillColor', areas.features[1])).toEqual([0, 0, 0, 0])
    expect(shareColor(0)).not.toEqual(shareColor(0.9))
  })

  it('highlights the hovered area and lists what the accessors depend on', () => {
    const [layer] = choroplethLayers({ areas, shares, hoveredId: 'g1' }, { pickable: false }) as AnyLayer[]
    expect(layer!.props.pickable).toBe(false)
    expect(call(layer!, 'getLineColor', areas.features[0])).toEqual(GOLD)
    expect(call(layer!, 'getLineWidth', areas.features[0])).toBe(3)
    expect(call(layer!, 'getLineWidth', areas.features[1])).toBe(1)
    const base = shareColor(0.9)
    expect(call(layer!, 'getFillColor', areas.features[0])).toEqual([base[0], base[1], base[2], Math.min(255, base[3] + 70)])
    expect(layer!.props.updateTriggers).toEqual({ getFillColor: [shares, 'g1'], getLineColor: 'g1', getLineWidth: 'g1' })
  })
})

describe('isochroneLayers and bandsUpTo', () => {
  it('draws the bands up to the chosen minutes, outer first, with the same data object every call', () => {
    const fc = bands()
    const five = isochroneLayers({ isochrones: fc, minutes: 5 }) as AnyLayer[]
    const fifteen = isochroneLayers({ isochrones: fc, minutes: 15 }) as AnyLayer[]
    expect(five[0]!.props.data).toBe(bandsUpTo(fc, 5))
    expect((five[0]!.props.data as typeof fc).features.map((f) => f.properties.minutes)).toEqual([5])
    expect((fifteen[0]!.props.data as typeof fc).features.map((f) => f.properties.minutes)).toEqual([15, 5])
    // A new layer object for the same state keeps the data reference: deck.gl does not re-upload.
    expect((isochroneLayers({ isochrones: fc, minutes: 15 }) as AnyLayer[])[0]!.props.data).toBe(fifteen[0]!.props.data)
    expect(isochroneLayers({ isochrones: null, minutes: 15 })).toEqual([])
  })

  it('takes its colour from the band and brightens it under emphasis', () => {
    const fc = bands()
    const [plain] = isochroneLayers({ isochrones: fc, minutes: 15 }) as AnyLayer[]
    const [loud] = isochroneLayers({ isochrones: fc, minutes: 15 }, { id: 'whatif-isochrones', emphasis: true }) as AnyLayer[]
    expect(loud!.id).toBe('whatif-isochrones')
    const five = fc.features[0]
    expect(call(plain!, 'getFillColor', five)).toEqual(isochroneColor(5).fill)
    expect(call(loud!, 'getFillColor', five)[3]).toBe(isochroneColor(5).fill[3] + 40)
    expect(call(loud!, 'getLineColor', five)).toEqual([255, 255, 255, 220])
    expect(loud!.props.updateTriggers).toEqual({ getFillColor: true, getLineColor: true })
  })
})

describe('gapLayers and gap dots', () => {
  it('puts one dot at each footprint centre and skips a broken footprint with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const fc = gaps()
    const dots = gapDots(fc)
    expect(dots.map((d) => d.properties.id)).toEqual(['b1', 'b2'])
    expect(dots[0]!.position[0]).toBeCloseTo(0.25)
    expect(dots[0]!.position[1]).toBeCloseTo(0.25)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('b3'))
    expect(gapDots(fc)).toBe(dots)
    warn.mockRestore()
  })

  it('draws footprints and dots; closed gaps become hollow green rings', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const fc = gaps()
    const closed = new Set(['b1'])
    const layers = gapLayers({ gaps: fc, hoveredId: 'b2', closedIds: closed })
    expect(ids(layers)).toEqual(['gap-footprints', 'gaps'])
    const dotsLayer = byId(layers, 'gaps')
    expect(dotsLayer.props.data).toBe(gapDots(fc))
    const [b1, b2] = gapDots(fc)
    expect(call(dotsLayer, 'getFillColor', b1)).toEqual([0, 0, 0, 0])
    expect(call(dotsLayer, 'getLineWidth', b1)).toBe(2)
    expect(call(dotsLayer, 'getFillColor', b2)).toEqual(GOLD)
    expect(call(dotsLayer, 'getLineWidth', b2)).toBe(1)
    expect(call(byId(layers, 'gap-footprints'), 'getFillColor', fc.features[1])).toEqual(gapColor(40))
    expect(dotsLayer.props.updateTriggers.getFillColor).toEqual(['b2', closed])
    expect(gapLayers({ gaps: null, hoveredId: null })).toEqual([])
    vi.restoreAllMocks()
  })

  it('colours by residents in steps, hottest for the largest buildings', () => {
    expect(gapColor(10)).toBe(GAP_COLORS[0])
    expect(gapColor(200)).toBe(GAP_COLORS[2])
    expect(gapColor(5000)).toBe(GAP_COLORS[GAP_COLORS.length - 1])
  })
})

describe('whatIfLayers', () => {
  const site = (rank: number): RankedSite => ({ rank, lng: 0.5, lat: 0.5 }) as RankedSite

  it('leaves out the layers of what is not being tried', () => {
    const list = whatIfLayers({ removed: [], moved: [], suggested: [], hoveredSite: null })
    expect(list).toEqual([false, false, false, false, false, false])
  })

  it('draws removed stations crossed, moved ones with a path, suggestions ranked', () => {
    const s = station('s9', 'red_post', 'in_service', [1, 1])
    const moved = [{ station: s, to: [1.1, 1.2] as [number, number] }]
    const suggested = [site(1), site(2)]
    const list = whatIfLayers({ removed: [s], moved, suggested, hoveredSite: 2 })
    expect(ids(list)).toEqual(['moved-paths', 'moved-origins', 'removed-stations', 'removed-crosses', 'suggested-sites', 'suggested-ranks'])
    expect(byId(list, 'moved-paths').props.data).toBe(moved)
    expect(call(byId(list, 'moved-paths'), 'getSourcePosition', moved[0])).toEqual([1, 1])
    expect(call(byId(list, 'moved-paths'), 'getTargetPosition', moved[0])).toEqual([1.1, 1.2])
    const sites = byId(list, 'suggested-sites')
    expect(call(sites, 'getRadius', suggested[1])).toBe(15)
    expect(call(sites, 'getRadius', suggested[0])).toBe(12)
    expect(sites.props.updateTriggers).toEqual({ getRadius: 2 })
    expect(call(byId(list, 'suggested-ranks'), 'getText', suggested[1])).toBe('2')
  })
})

describe('plannerLayers', () => {
  function state(over: Partial<PlannerLayerState> = {}): PlannerLayerState {
    return {
      areas: grids(),
      shares: new Map(),
      isochrones: bands(),
      whatIfIsochrones: null,
      minutes: 15,
      gaps: null,
      closedGaps: new Set(),
      stations: stations(),
      hovered: { area: null, gap: null, station: null, site: null },
      removed: [],
      moved: [],
      suggested: [],
      ...over,
    }
  }

  it('stacks choropleth, circles, what-if circles, gaps, stations and the what-if, bottom to top', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const list = plannerLayers(state({ whatIfIsochrones: bands('new-1'), gaps: gaps() }))
    expect(ids(list)).toEqual(['coverage-areas', 'isochrones', 'whatif-isochrones', 'gap-footprints', 'gaps', 'stations', 'station-glyphs'])
    vi.restoreAllMocks()
  })

  it('makes the areas unpickable while a click places a station', () => {
    expect(byId(plannerLayers(state()), 'coverage-areas').props.pickable).toBe(true)
    expect(byId(plannerLayers(state(), { pickableAreas: false }), 'coverage-areas').props.pickable).toBe(false)
  })
})
