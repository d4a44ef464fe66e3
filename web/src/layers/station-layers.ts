/**
 * Service stations as markers: colour says the kind, ring and fill say the status (solid in service,
 * amber ring renovating, pale half-fill under construction, hollow planned), a character names the kind.
 */
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { StationCollection, StationFeature, StationKind, StationStatus } from '../api/types.ts'
import { STATION_KIND_GLYPHS } from '../vocab.ts'
import { CJK_FONT } from './area-layers.ts'
import { GOLD, STATION_KIND_COLORS, STATION_STATUS_STYLE } from './palette.ts'

export interface StationLayerState {
  stations: StationCollection | null
  hiddenKinds: ReadonlySet<StationKind>
  hiddenStatuses: ReadonlySet<StationStatus>
  hoveredId: string | null
}

export interface StationLayerOptions {
  /** @default true */
  pickable?: boolean
  /** Marker radius multiplier, larger for wall displays. @default 1 */
  scale?: number
}

/** Centres are drawn larger: they anchor the service network ("1+7+42+N"). */
const KIND_RADIUS: Record<StationKind, number> = {
  district_center: 13,
  street_center: 11,
  community_center: 9,
  compound_station: 7,
  red_post: 7,
  rider_station: 7,
  deliberation_room: 7,
}

let filterMemo: { key: string; source: StationCollection | null; out: StationFeature[] } = { key: '', source: null, out: [] }

/** The visible stations; the same array back while the inputs are the same, so deck.gl keeps its buffers. */
export function visibleStations(state: StationLayerState): StationFeature[] {
  const key = [...state.hiddenKinds].sort().join() + '|' + [...state.hiddenStatuses].sort().join()
  if (filterMemo.source !== state.stations || filterMemo.key !== key) {
    const out = (state.stations?.features ?? []).filter(
      (f) => f.geometry && !state.hiddenKinds.has(f.properties.kind) && !state.hiddenStatuses.has(f.properties.status),
    )
    filterMemo = { key, source: state.stations, out }
  }
  return filterMemo.out
}

export function stationLayers(state: StationLayerState, options: StationLayerOptions = {}) {
  const { pickable = true, scale = 1 } = options
  const data = visibleStations(state)
  const { hoveredId } = state
  if (!state.stations) return []
  return [
    new ScatterplotLayer<StationFeature>({
      id: 'stations',
      data,
      pickable,
      stroked: true,
      filled: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getRadius: (f) => KIND_RADIUS[f.properties.kind] * scale * (f.properties.id === hoveredId ? 1.3 : 1),
      getFillColor: (f) => {
        const [r, g, b] = STATION_KIND_COLORS[f.properties.kind] ?? [200, 200, 200]
        return [r, g, b, STATION_STATUS_STYLE[f.properties.status]?.fillAlpha ?? 255]
      },
      getLineColor: (f) =>
        f.properties.id === hoveredId
          ? GOLD
          : f.properties.status === 'planned'
            ? (STATION_KIND_COLORS[f.properties.kind] ?? GOLD)
            : (STATION_STATUS_STYLE[f.properties.status]?.ring ?? GOLD),
      getLineWidth: (f) => STATION_STATUS_STYLE[f.properties.status]?.ringWidth ?? 1,
      updateTriggers: { getRadius: [hoveredId, scale], getLineColor: hoveredId },
    }),
    new TextLayer<StationFeature>({
      id: 'station-glyphs',
      data,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getText: (f) => STATION_KIND_GLYPHS[f.properties.kind] ?? '',
      getSize: (f) => KIND_RADIUS[f.properties.kind] * scale * 1.15,
      getColor: (f) => (f.properties.status === 'in_service' ? [20, 10, 10, 255] : [255, 255, 255, 235]),
      characterSet: 'auto',
      fontFamily: CJK_FONT,
      fontWeight: 700,
      updateTriggers: { getSize: scale },
    }),
  ]
}
