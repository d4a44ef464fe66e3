/**
 * Layers for the area being looked at: its boundary, the world outside it dimmed, and its children
 * coloured by a metric and labelled. Pure: the same state gives equal layers, with data references
 * derived once per loaded collection so deck.gl does not re-upload on every hover.
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import type { AreaCollection, AreaDetail, AreaFeature } from '../api/types.ts'
import { type AreaMetric, metricScale } from './area-metrics.ts'
import { GOLD, PARTY_RED, type RGBA, rampColor } from './palette.ts'

export interface AreaLayerState {
  current: AreaDetail | null
  children: AreaCollection | null
  hoveredId: string | null
  metric: AreaMetric
}

export interface AreaLayerOptions {
  /** Children can be clicked to drill down. @default true */
  pickable?: boolean
  /** Draw child names on the map. @default true */
  labels?: boolean
  /** Fill children by the metric; off when buildings carry the colour instead. @default true */
  fill?: boolean
  /** Label text size in pixels. @default 18 */
  labelSize?: number
}

export interface AreaLabel {
  id: string
  name: string
  position: [number, number]
}

export const CJK_FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'

const labelCache = new WeakMap<AreaCollection, AreaLabel[]>()

/** "钟楼社区第8网格" inside 钟楼社区 reads as "第8网格": the map already says which community it is. */
export function shortName(name: string, parentName: string | undefined): string {
  return parentName && name.startsWith(parentName) && name.length > parentName.length ? name.slice(parentName.length) : name
}

/** Where each child's name sits; also the point tests click to drill into that child. */
export function childLabels(children: AreaCollection, parentName?: string): AreaLabel[] {
  let labels = labelCache.get(children)
  if (!labels) {
    labels = []
    for (const f of children.features) {
      const at = f.properties?.labelPoint
      if (!at) {
        console.warn(`area ${f.properties?.id} has no label point; left off the map`)
        continue
      }
      labels.push({ id: f.properties.id, name: shortName(f.properties.name, parentName), position: at })
    }
    labelCache.set(children, labels)
  }
  return labels
}

const maskCache = new WeakMap<AreaDetail, Feature<Polygon>>()

/** A polygon covering the world with the current area cut out, to dim everything outside it. */
function outsideMask(area: AreaDetail): Feature<Polygon> {
  let mask = maskCache.get(area)
  if (!mask) {
    const world: Position[] = [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]
    const holes = (area.geometry as MultiPolygon).coordinates.map((poly) => poly[0] as Position[])
    mask = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [world, ...holes] } }
    maskCache.set(area, mask)
  }
  return mask
}

export function areaLayers(state: AreaLayerState, options: AreaLayerOptions = {}) {
  const { pickable = true, labels = true, fill = true, labelSize = 18 } = options
  const { current, children, hoveredId, metric } = state
  const scale = children ? metricScale(children, metric) : null

  return [
    current?.geometry &&
      new GeoJsonLayer({
        id: 'area-outside',
        data: outsideMask(current),
        stroked: false,
        getFillColor: [3, 6, 14, 150],
      }),
    children &&
      new GeoJsonLayer<AreaFeature['properties']>({
        id: 'area-children',
        data: children,
        pickable,
        filled: true,
        stroked: true,
        getFillColor: (f) => {
          const id = f.properties.id
          if (!fill) return id === hoveredId ? [255, 255, 255, 40] : [0, 0, 0, 0]
          const c = rampColor(scale?.get(id) ?? 0)
          return id === hoveredId ? [Math.min(255, c[0] + 50), Math.min(255, c[1] + 50), Math.min(255, c[2] + 50), 230] : c
        },
        getLineColor: (f) => (f.properties.id === hoveredId ? GOLD : ([190, 200, 230, 170] as RGBA)),
        getLineWidth: (f) => (f.properties.id === hoveredId ? 3 : 1.2),
        lineWidthUnits: 'pixels',
        updateTriggers: { getFillColor: [hoveredId, metric, fill], getLineColor: hoveredId, getLineWidth: hoveredId },
      }),
    current?.geometry &&
      new GeoJsonLayer({
        id: 'area-boundary-glow',
        data: current,
        filled: false,
        getLineColor: [PARTY_RED[0], PARTY_RED[1], PARTY_RED[2], 90],
        getLineWidth: 10,
        lineWidthUnits: 'pixels',
      }),
    current?.geometry &&
      new GeoJsonLayer({
        id: 'area-boundary',
        data: current,
        filled: false,
        getLineColor: [255, 90, 80, 255],
        getLineWidth: 2.5,
        lineWidthUnits: 'pixels',
      }),
    labels &&
      children &&
      new TextLayer<AreaLabel>({
        id: 'area-labels',
        data: childLabels(children, current?.properties.name),
        getText: (d) => d.name,
        getPosition: (d) => d.position,
        getSize: labelSize,
        getColor: (d) => (d.id === hoveredId ? GOLD : [240, 244, 255, 255]),
        background: true,
        getBackgroundColor: [8, 14, 30, 190],
        backgroundPadding: [6, 3],
        backgroundBorderRadius: 4,
        characterSet: 'auto',
        fontFamily: CJK_FONT,
        fontWeight: 600,
        updateTriggers: { getColor: hoveredId },
      }),
  ]
}
