/**
 * 红色物业 routes: the 红黑榜 league, a company's card and the compounds coloured by their company's
 * standing. Shapes are the server's schema types (server/plugins/property/schemas.ts), imported as types.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { CompanyCardT, CompoundMapT, LeagueT } from '../../../server/plugins/property/schemas.ts'
import type { PropertyWindow } from '../../../server/domain/property/window.ts'
import { getJson } from './request.ts'

export type { PropertyWindow }
export type PropertyLeague = LeagueT
export type CompanyStanding = LeagueT['companies'][number]
export type CompanyCard = CompanyCardT
export type CompoundStanding = CompoundMapT['features'][number]['properties']
export type CompoundStandingFeature = Feature<Polygon | MultiPolygon, CompoundStanding>
/** The server's answer with its geometry typed as GeoJSON (the schema passes PostGIS's through). */
export type CompoundStandingCollection = FeatureCollection<Polygon | MultiPolygon, CompoundStanding> &
  Pick<CompoundMapT, 'asOf' | 'window' | 'rankedOf'>

export const propertyApi = {
  /** Companies with a compound in the user's scope, ranked; red best first, black worst first. */
  league: (q: { window?: PropertyWindow; top?: number } = {}, signal?: AbortSignal) =>
    getJson<PropertyLeague>('/api/property-companies', q, signal),
  /** One company's card: its compounds in scope with their figures, its standing and latest cases. */
  company: (id: string, q: { window?: PropertyWindow } = {}, signal?: AbortSignal) =>
    getJson<CompanyCard>(`/api/property-companies/${encodeURIComponent(id)}`, q, signal),
  /** Compound outlines in scope with their company's list, rank and score. */
  compounds: (q: { window?: PropertyWindow } = {}, signal?: AbortSignal) =>
    getJson<CompoundStandingCollection>('/api/property-companies/compounds', q, signal),
}

export type PropertyApi = typeof propertyApi
