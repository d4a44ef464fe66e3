/**
 * The explore and wall-display layer builders as descriptions: ids and order, data kept by reference,
 * layers left out when there is nothing to draw, update triggers, and accessors on sample features.
 */
import { describe, expect, it } from 'vitest'
import type { CaseLite } from '../../web/src/composables/recent-cases.ts'
import type { Pulse } from '../../web/src/composables/useLiveCases.ts'
import { areaLayers, childLabels, shortName } from '../../web/src/layers/area-layers.ts'
import { buildingLayers } from '../../web/src/layers/building-layers.ts'
import { activePulses, caseHeatLayers, casePulseLayers } from '../../web/src/layers/case-heat-layers.ts'
import { GOLD, STATION_KIND_COLORS } from '../../web/src/layers/palette.ts'
import { screenLayers } from '../../web/src/layers/screen-layers.ts'
import { stationLayers, visibleStations } from '../../web/src/layers/station-layers.ts'
import { buildings, community, grids, stations } from './fixtures/map-features.ts'
import { byId, call, drawn, ids, type AnyLayer } from './layer-helpers.ts'

describe('areaLayers', () => {
  it('draws the outside mask, children, boundary and labels; only what it has data for', () => {
    const current = community()
    const children = grids()
    const full = areaLayers({ current, children, hoveredId: null, metric: 'density' })
    expect(ids(full)).toEqual(['area-outside', 'area-children', 'area-boundary-glow', 'area-boundary', 'area-labels'])
    expect(byId(full, 'area-children').props.data).toBe(children)
    expect(byId(full, 'area-boundary').props.data).toBe(current)
    expect(ids(areaLayers({ current: null, children: null, hoveredId: null, metric: 'density' }))).toEqual([])
    expect(ids(areaLayers({ current, children, hoveredId: null, metric: 'density' }, { labels: false }))).not.toContain('area-labels')
  })

  it('labels children by their short name at a stable array, and highlights the hovered child', () => {
    const current = community()
    const children = grids()
    expect(shortName('钟楼社区第1网格', '钟楼社区')).toBe('第1网格')
    expect(shortName('钟楼社区', '钟楼社区')).toBe('钟楼社区')
    const labels = byId(areaLayers({ current, children, hoveredId: 'g2', metric: 'density' }), 'area-labels')
    expect(labels.props.data).toBe(childLabels(children, '钟楼社区'))
    expect((labels.props.data as { name: string }[]).map((l) => l.name)).toEqual(['第1网格', '第2网格'])
    expect(call(labels, 'getColor', { id: 'g2' })).toEqual(GOLD)
    expect(labels.props.updateTriggers).toEqual({ getColor: 'g2' })

    const kids = byId(areaLayers({ current, children, hoveredId: 'g2', metric: 'partyCoverage' }, { fill: false }), 'area-children')
    expect(call(kids, 'getFillColor', children.features[0])).toEqual([0, 0, 0, 0])
    expect(call(kids, 'getFillColor', children.features[1])).toEqual([255, 255, 255, 40])
    expect(call(kids, 'getLineWidth', children.features[1])).toBe(3)
    expect(kids.props.updateTriggers.getFillColor).toEqual(['g2', 'partyCoverage', false])
  })
})

describe('stationLayers', () => {
  const none = new Set<never>()

  it('filters hidden kinds and statuses into an array that stays the same while the inputs do', () => {
    const fc = stations()
    const state = { stations: fc, hiddenKinds: new Set(['red_post'] as const), hiddenStatuses: none, hoveredId: null }
    const visible = visibleStations(state)
    expect(visible.map((f) => f.properties.id)).toEqual(['s1', 's3'])
    expect(visibleStations({ ...state, hiddenKinds: new Set(['red_post'] as const) })).toBe(visible)
    expect(visibleStations({ ...state, hiddenStatuses: new Set(['renovating'] as const) }).map((f) => f.properties.id)).toEqual(['s1'])
  })

  it('sizes by kind and hover, colours by kind and status, and lists its triggers', () => {
    const fc = stations()
    const layers = stationLayers({ stations: fc, hiddenKinds: none, hiddenStatuses: none, hoveredId: 's1' }, { scale: 2 })
    expect(ids(layers)).toEqual(['stations', 'station-glyphs'])
    const dots = byId(layers, 'stations')
    const [s1, s2] = fc.features
    expect(call(dots, 'getRadius', s1)).toBeCloseTo(9 * 2 * 1.3)
    expect(call(dots, 'getRadius', s2)).toBe(7 * 2)
    expect(call(dots, 'getLineColor', s1)).toEqual(GOLD)
    // Planned stations are hollow, ringed in their kind's colour.
    expect(call(dots, 'getFillColor', s2)[3]).toBe(0)
    expect(call(dots, 'getLineColor', s2)).toEqual(STATION_KIND_COLORS.red_post)
    expect(dots.props.updateTriggers).toEqual({ getRadius: ['s1', 2], getLineColor: 's1' })
    expect(stationLayers({ stations: null, hiddenKinds: none, hiddenStatuses: none, hoveredId: null })).toEqual([])
  })
})

describe('buildingLayers', () => {
  it('extrudes by floors, colours by party group, dims other grids and marks the selection', () => {
    const fc = buildings()
    const [h1, h2, h3] = fc.features
    const [layer] = buildingLayers({ buildings: fc, selectedId: 'h2', hoveredId: null, focusGridId: 'g1' }) as AnyLayer[]
    expect(layer!.id).toBe('buildings')
    expect(layer!.props.data).toBe(fc)
    expect(call(layer!, 'getElevation', h1)).toBe(18)
    // Floors unknown (0): still one storey, so the building shows.
    expect(call(layer!, 'getElevation', h2)).toBe(3)
    expect(call(layer!, 'getFillColor', h1)).toEqual([214, 48, 49, 235])
    expect(call(layer!, 'getFillColor', h2)).toEqual(GOLD)
    const other = call(layer!, 'getFillColor', h3) as number[]
    expect(other[3]).toBe(255)
    expect(other[0]).toBeLessThan(70)
    expect(layer!.props.updateTriggers).toEqual({ getFillColor: ['h2', null, true, 'g1'] })
  })

  it('flat footprints are translucent and not extruded', () => {
    const fc = buildings()
    const [layer] = buildingLayers({ buildings: fc, selectedId: null, hoveredId: null }, { extruded: false }) as AnyLayer[]
    expect(layer!.props.extruded).toBe(false)
    expect(call(layer!, 'getFillColor', fc.features[0])[3]).toBe(110)
    expect(buildingLayers({ buildings: null, selectedId: null, hoveredId: null })).toEqual([])
  })
})

describe('case heat and pulses', () => {
  const cases = [{ id: 1, lng: 0.5, lat: 0.5 }, { id: 2, lng: 1.5, lat: 0.5 }] as CaseLite[]

  it('draws either the heatmap or hexagons, and nothing without cases', () => {
    expect(ids(caseHeatLayers({ cases, mode: 'heatmap' }))).toEqual(['case-heat'])
    const hex = caseHeatLayers({ cases, mode: 'hexagon' }, { hexRadius: 200 })
    expect(ids(hex)).toEqual(['case-hexagons'])
    expect(byId(hex, 'case-hexagons').props.data).toBe(cases)
    expect(byId(hex, 'case-hexagons').props.radius).toBe(200)
    expect(call(byId(hex, 'case-hexagons'), 'getPosition', cases[1])).toEqual([1.5, 0.5])
    expect(caseHeatLayers({ cases: [], mode: 'heatmap' })).toEqual([false, false])
  })

  it('animates only the pulses younger than pulseMs, growing and fading with the clock', () => {
    const pulses: Pulse[] = [
      { id: 1, lng: 0, lat: 0, at: 1000 },
      { id: 2, lng: 0, lat: 0, at: 5000 },
      { id: 3, lng: 0, lat: 0, at: 9000 },
    ]
    // 1 is over, 3 has not happened yet at this clock (a replay going backwards).
    expect(activePulses(pulses, 7500, 6000).map((p) => p.id)).toEqual([2])
    expect(casePulseLayers({ pulses, now: 20_000 })).toEqual([false, false])
    const layers = casePulseLayers({ pulses, now: 8000 }, { pulseMs: 6000 })
    const rings = byId(layers, 'case-pulse-rings')
    expect((rings.props.data as Pulse[]).map((p) => p.id)).toEqual([2])
    // Half-way through: radius 8 + 42/2, alpha half of 255.
    expect(call(rings, 'getRadius', pulses[1])).toBe(29)
    expect(call(rings, 'getLineColor', pulses[1])[3]).toBe(128)
    expect(rings.props.updateTriggers).toEqual({ getRadius: [8000, 1], getLineWidth: [8000, 1], getLineColor: 8000 })
  })
})

describe('screenLayers', () => {
  it('puts street names above the heat and stations, and the pulses on top, only a new case\'s dot pickable (it opens the case)', () => {
    const list = screenLayers({
      area: community(),
      streets: grids(),
      stations: stations(),
      heatCases: [{ id: 1, lng: 0.5, lat: 0.5 } as CaseLite],
      heatMode: 'heatmap',
      pulses: [{ id: 1, lng: 0.5, lat: 0.5, at: 0 }],
      now: 100,
    })
    expect(ids(list)).toEqual([
      'area-outside', 'area-children', 'area-boundary-glow', 'area-boundary',
      'case-heat', 'stations', 'station-glyphs', 'area-labels', 'case-pulse-rings', 'case-pulse-dots',
    ])
    expect(drawn(list).filter((l) => l.props.pickable).map((l) => l.id)).toEqual(['case-pulse-dots'])
  })
})
