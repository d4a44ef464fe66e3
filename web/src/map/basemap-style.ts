/**
 * The built-in dark basemap, drawn from the project's own vector tiles (/tiles/basemap) so the map works
 * on an intranet with no tile server or font server. Colours are tuned for a command-center wall:
 * near-black navy ground, water and green just distinguishable, roads as faint blue lines.
 *
 * There is no `glyphs` URL: maplibre-gl 6 then draws label glyphs itself with TinySDF from the
 * browser's fonts (CJK through the map's localIdeographFontFamily), so road and compound names need no
 * font server. Checked in headless Chromium: Chinese road names and digits render.
 */
import type { StyleSpecification } from 'maplibre-gl'

export interface BasemapOptions {
  /** Vector tile URL template ({z}/{x}/{y}). */
  tiles: string
  /** Draw road and compound names. @default true */
  labels?: boolean
  /** Multiplier for label sizes (the wall display's labels grow with it and stay readable from afar). @default 1 */
  textScale?: number
}

/** The server cuts tiles for zooms 10–17; maplibre overzooms beyond. */
const TILE_MIN_ZOOM = 10
const TILE_MAX_ZOOM = 17

export const BASEMAP_BACKGROUND = '#060b18'

export function basemapStyle({ tiles, labels = true, textScale = 1 }: BasemapOptions): StyleSpecification {
  const t = (px: number) => Math.round(px * textScale * 10) / 10
  return {
    version: 8,
    name: 'hongse-dark',
    sources: {
      basemap: { type: 'vector', tiles: [tiles], minzoom: TILE_MIN_ZOOM, maxzoom: TILE_MAX_ZOOM },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP_BACKGROUND } },
      {
        id: 'landuse',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'landuse',
        paint: {
          'fill-color': [
            'match', ['get', 'kind'],
            'school', '#141a33',
            'hospital', '#1a1630',
            'industrial', '#12161f',
            'commercial', '#171528',
            '#0d1322',
          ],
        },
      },
      {
        id: 'compounds',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'compounds',
        minzoom: 13,
        paint: { 'fill-color': '#0b1428' },
      },
      {
        // Compound walls decide where people can walk in; draw them where a user looks at one compound.
        id: 'compound-walls',
        type: 'line',
        source: 'basemap',
        'source-layer': 'compounds',
        minzoom: 14,
        filter: ['==', ['get', 'walled'], true],
        paint: { 'line-color': '#2a3b62', 'line-width': ['interpolate', ['linear'], ['zoom'], 14, 0.5, 17, 2] },
      },
      { id: 'green', type: 'fill', source: 'basemap', 'source-layer': 'green', paint: { 'fill-color': '#0b2119' } },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': '#0a2440' } },
      {
        id: 'roads-path',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['==', ['get', 'kind'], 'park_path'],
        minzoom: 14,
        paint: { 'line-color': '#1d3a2c', 'line-width': 1, 'line-dasharray': [2, 2] },
      },
      {
        id: 'roads-alley',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['==', ['get', 'kind'], 'alley'],
        minzoom: 13.5,
        paint: { 'line-color': '#17223a', 'line-width': ['interpolate', ['linear'], ['zoom'], 14, 0.5, 17, 3] },
      },
      {
        id: 'roads-local',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['==', ['get', 'kind'], 'local'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#1c2a47', 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 12, 0.6, 17, 7] },
      },
      {
        id: 'roads-major',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        filter: ['in', ['get', 'kind'], ['literal', ['arterial', 'bridge']]],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ['match', ['get', 'kind'], 'bridge', '#3b5580', '#283c63'],
          'line-width': [
            'interpolate', ['exponential', 1.6], ['zoom'],
            11, 1,
            17, 14,
          ],
        },
      },
      {
        id: 'buildings',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'buildings',
        minzoom: 14,
        paint: { 'fill-color': '#121b30', 'fill-outline-color': '#1d2a46' },
      },
      ...(labels
        ? [
            {
              id: 'compound-labels',
              type: 'symbol' as const,
              source: 'basemap',
              'source-layer': 'compounds',
              minzoom: 15,
              layout: { 'text-field': ['get', 'name'] as never, 'text-size': t(12), 'text-max-width': 8 },
              paint: { 'text-color': '#6f82aa', 'text-halo-color': BASEMAP_BACKGROUND, 'text-halo-width': 1.2 },
            },
            {
              id: 'road-labels',
              type: 'symbol' as const,
              source: 'basemap',
              'source-layer': 'roads',
              filter: ['all', ['has', 'name'], ['in', ['get', 'kind'], ['literal', ['arterial', 'local', 'bridge']]]] as never,
              minzoom: 13,
              layout: {
                'symbol-placement': 'line' as const,
                'text-field': ['get', 'name'] as never,
                'text-size': ['interpolate', ['linear'], ['zoom'], 13, t(11), 17, t(15)] as never,
                'text-max-angle': 30,
                'symbol-spacing': 400,
              },
              paint: { 'text-color': '#7f92b8', 'text-halo-color': BASEMAP_BACKGROUND, 'text-halo-width': 1.5 },
            },
          ]
        : []),
    ],
  }
}

/** The style to open: the district's external style when configured, else the built-in one. */
export function resolveBasemap(externalUrl: string | null, tiles: string, textScale = 1): StyleSpecification | string {
  return externalUrl ?? basemapStyle({ tiles, textScale })
}
