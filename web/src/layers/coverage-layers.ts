/**
 * The service circles on the map: grids or communities coloured by how much of their population is
 * outside the circle (the theme's choropleth ramp, hot = poorly covered), and the dissolved walking
 * isochrones as translucent bands (5 minutes inside, the 15-minute ring around it).
 */
import { GeoJsonLayer } from '@deck.gl/layers'
import type { AreaCollection, AreaProps, IsochroneCollection, IsochroneProps } from '../api/types.ts'
import { bandsUpTo } from '../geo/isochrone-bands.ts'
import type { AreaShare } from '../model/coverage.ts'
import { GOLD, type RGBA, rampColor } from './palette.ts'

/** Band colours by minute value; the legend (CoverageLegend.vue) reads the same table. */
export const ISOCHRONE_COLORS: Record<number, { fill: RGBA; line: RGBA }> = {
  5: { fill: [60, 207, 142, 70], line: [60, 207, 142, 210] },
  15: { fill: [70, 150, 255, 42], line: [110, 175, 255, 170] },
}

export function isochroneColor(minutes: number) {
  return ISOCHRONE_COLORS[minutes] ?? ISOCHRONE_COLORS[15]!
}

export interface ChoroplethState {
  areas: AreaCollection | null
  /** Coverage share per area id for the chosen minutes; areas missing here are drawn empty. */
  shares: ReadonlyMap<string, AreaShare>
  hoveredId: string | null
}

export interface IsochroneState {
  isochrones: IsochroneCollection | null
  /** Show the bands up to this minute value (5 → the inner band only; 15 → both). */
  minutes: number
}

/** Colour of a coverage share: the choropleth ramp turned around, so that gaps are the hot colour. */
export function shareColor(share: number): RGBA {
  return rampColor(1 - share)
}

export function choroplethLayers(state: ChoroplethState, options: { pickable?: boolean } = {}) {
  const { areas, shares, hoveredId } = state
  if (!areas) return []
  return [
    new GeoJsonLayer<AreaProps>({
      id: 'coverage-areas',
      data: areas,
      pickable: options.pickable ?? true,
      filled: true,
      stroked: true,
      getFillColor: (f) => {
        const s = shares.get(f.properties.id)
        if (!s) return [0, 0, 0, 0]
        const c = shareColor(s.share)
        return f.properties.id === hoveredId ? [c[0], c[1], c[2], Math.min(255, c[3] + 70)] : c
      },
      getLineColor: (f) => (f.properties.id === hoveredId ? GOLD : ([150, 165, 210, 110] as RGBA)),
      getLineWidth: (f) => (f.properties.id === hoveredId ? 3 : 1),
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: [shares, hoveredId], getLineColor: hoveredId, getLineWidth: hoveredId },
    }),
  ]
}

export function isochroneLayers(state: IsochroneState, options: { id?: string; lineWidth?: number; emphasis?: boolean } = {}) {
  const { isochrones, minutes } = state
  const { id = 'isochrones', lineWidth = 1.5, emphasis = false } = options
  if (!isochrones) return []
  return [
    new GeoJsonLayer<IsochroneProps>({
      id,
      data: bandsUpTo(isochrones, minutes),
      filled: true,
      stroked: true,
      getFillColor: (f) => {
        const c = isochroneColor(f.properties.minutes).fill
        return emphasis ? [c[0], c[1], c[2], Math.min(255, c[3] + 40)] : c
      },
      getLineColor: (f) => (emphasis ? [255, 255, 255, 220] : isochroneColor(f.properties.minutes).line),
      getLineWidth: lineWidth,
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: emphasis, getLineColor: emphasis },
    }),
  ]
}
