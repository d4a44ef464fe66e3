/**
 * Colours of the command-center theme, as deck.gl RGBA arrays. CSS variables in styles/theme.css use the
 * same values so legends match the map.
 */
import type { StationKind, StationStatus } from '../api/types.ts'

export type RGBA = [number, number, number, number]

export const PARTY_RED: RGBA = [230, 42, 42, 255]
export const GOLD: RGBA = [255, 196, 64, 255]

/** Sequential ramp from deep navy to party red and gold; reads on a dark basemap. */
export const CHOROPLETH_RAMP: RGBA[] = [
  [35, 52, 92, 120],
  [72, 58, 110, 130],
  [128, 52, 100, 140],
  [186, 45, 70, 150],
  [225, 70, 50, 160],
  [250, 150, 60, 170],
]

export const STATION_KIND_COLORS: Record<StationKind, RGBA> = {
  district_center: [230, 30, 40, 255],
  street_center: [255, 90, 60, 255],
  community_center: [255, 160, 60, 255],
  compound_station: [255, 210, 90, 255],
  red_post: [240, 80, 140, 255],
  rider_station: [70, 190, 255, 255],
  deliberation_room: [170, 130, 255, 255],
}

/** Status is read from the ring and the fill: solid = in service, hollow = not yet open. */
export const STATION_STATUS_STYLE: Record<StationStatus, { ring: RGBA; fillAlpha: number; ringWidth: number }> = {
  in_service: { ring: [255, 255, 255, 230], fillAlpha: 255, ringWidth: 1.5 },
  renovating: { ring: [255, 170, 0, 255], fillAlpha: 150, ringWidth: 3 },
  under_construction: { ring: [120, 220, 255, 255], fillAlpha: 90, ringWidth: 3 },
  planned: { ring: [200, 200, 210, 220], fillAlpha: 0, ringWidth: 2 },
}

export function cssColor([r, g, b, a]: RGBA): string {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`
}

/** Picks a ramp colour for a value in 0..1 (clamped). */
export function rampColor(t: number, ramp: RGBA[] = CHOROPLETH_RAMP): RGBA {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0
  return ramp[Math.min(ramp.length - 1, Math.floor(x * ramp.length))] as RGBA
}
