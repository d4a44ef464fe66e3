/**
 * The map and coverage routes: areas, stations, buildings, coverage, isochrones, what-if and siting,
 * and the basemap tiles. Every call returns parsed JSON or throws an ApiError (request.ts).
 */
import { config } from '../config.ts'
import { apiUrl, getJson, postJson } from './request.ts'
import type {
  AppConfig,
  AreaCollection,
  AreaDetail,
  AreaLevel,
  BBox,
  BuildingCollection,
  BuildingDetail,
  CoverageResponse,
  GapCollection,
  Health,
  IsochroneCollection,
  PlaceDescription,
  Scenario,
  SuggestBody,
  SuggestResponse,
  WhatIfBody,
  WhatIfResponse,
  StationCollection,
  StationKind,
  StationStatus,
} from './types.ts'

export const api = {
  health: (signal?: AbortSignal) => getJson<Health>('/api/health', {}, signal),
  config: (signal?: AbortSignal) => getJson<AppConfig>('/api/config', {}, signal),
  areas: (q: { level: AreaLevel; parent?: string }, signal?: AbortSignal) =>
    getJson<AreaCollection>('/api/areas', q, signal),
  area: (id: string, signal?: AbortSignal) => getJson<AreaDetail>(`/api/areas/${encodeURIComponent(id)}`, {}, signal),
  stations: (q: { kind?: StationKind; status?: StationStatus; area?: string } = {}, signal?: AbortSignal) =>
    getJson<StationCollection>('/api/stations', q, signal),
  buildingsInBox: (bbox: BBox, signal?: AbortSignal) =>
    getJson<BuildingCollection>('/api/buildings', { bbox: bbox.map((n) => n.toFixed(6)).join(',') }, signal),
  buildingsInArea: (areaId: string, signal?: AbortSignal) =>
    getJson<BuildingCollection>('/api/buildings', { area: areaId }, signal),
  building: (id: string, signal?: AbortSignal) =>
    getJson<BuildingDetail>(`/api/buildings/${encodeURIComponent(id)}`, {}, signal),
  coverage: (q: { minutes: number[]; scenario: Scenario; level?: AreaLevel }, signal?: AbortSignal) =>
    getJson<CoverageResponse>('/api/coverage', { ...q, minutes: q.minutes.join(',') }, signal),
  gaps: (q: GapsQuery, signal?: AbortSignal) => getJson<GapCollection>('/api/coverage/gaps', { ...q }, signal),
  isochrones: (q: { minutes: number[]; scenario: Scenario }, signal?: AbortSignal) =>
    getJson<IsochroneCollection>('/api/isochrones', { ...q, minutes: q.minutes.join(',') }, signal),
  stationIsochrone: (id: string, minutes: number[], signal?: AbortSignal) =>
    getJson<IsochroneCollection>(`/api/stations/${encodeURIComponent(id)}/isochrone`, { minutes: minutes.join(',') }, signal),
  whatIf: (body: WhatIfBody, signal?: AbortSignal) => postJson<WhatIfResponse>('/api/coverage/what-if', body, signal),
  suggest: (body: SuggestBody, signal?: AbortSignal) =>
    postJson<SuggestResponse>('/api/coverage/suggest', body, signal),
  /** What points are near, in the words people use (at most 200 per call). */
  describePlaces: (points: { lng: number; lat: number }[], signal?: AbortSignal) =>
    postJson<{ items: PlaceDescription[] }>('/api/places/describe', { points }, signal),
}

export interface GapsQuery {
  minutes: number
  scenario: Scenario
  area?: string
  /** The server's default is 2,000 buildings. */
  limit?: number
}

/** Download formats: CSV (UTF-8 with BOM, geometry as WKT), GeoJSON, GeoPackage (one file for QGIS/ArcGIS). */
export type ExportFormat = 'csv' | 'geojson' | 'gpkg'

/** Download link of the uncovered buildings (the server answers with Content-Disposition: attachment). */
export function gapsExportUrl(format: ExportFormat, q: GapsQuery): string {
  // The CSV is for a spreadsheet: Chinese headers and names (the other formats keep field names for GIS).
  return apiUrl(`/api/coverage/gaps.${format}`, format === 'csv' ? { ...q, lang: 'zh' } : { ...q })
}

/** Layers the server exports whole (OGC collection ids, /ogc/collections/{id}/export.{format}). */
export type ExportLayer = 'grids' | 'buildings' | 'compounds' | 'stations' | 'walk-edges' | 'cases'

/**
 * Download link of one layer: the features of an area (each feature belongs to the one area its point
 * on surface lies in; the file is named after the area), or within a bounding box.
 */
export function layerExportUrl(layer: ExportLayer, format: ExportFormat, scope: { area?: string; bbox?: BBox | null } = {}): string {
  return apiUrl(`/ogc/collections/${layer}/export.${format}`, { area: scope.area, bbox: scope.bbox?.join(',') })
}

/** URL template of the basemap's vector tiles, absolute because maplibre fetches them from workers. */
export function basemapTilesUrl(): string {
  // Built by concatenation: URL() would percent-encode the {z}/{x}/{y} placeholders.
  return `${config.apiOrigin}/tiles/basemap/{z}/{x}/{y}.pbf`
}
