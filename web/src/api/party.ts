/**
 * 组织进楼 routes: the org tree under an area, the 党员中心户 buildings for the map, and the cases near
 * them. Shapes are the server's schema types (server/plugins/party/schemas.ts), imported as types.
 */
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { BuildingNearResponseT, HouseholdBuildingPropsT, HouseholdMapT, NearResponseT, OrgTreeT } from '../../../server/plugins/party/schemas.ts'
import { getJson } from './request.ts'

export type PartyOrgTree = OrgTreeT
export type PartyOrgNode = OrgTreeT['nodes'][number]
export type PartyHousehold = OrgTreeT['households'][number]
export type HouseholdBuilding = HouseholdBuildingPropsT
export type HouseholdBuildingFeature = Feature<Point, HouseholdBuilding>
export type HouseholdBuildingCollection = FeatureCollection<Point, HouseholdBuilding> & Pick<HouseholdMapT, 'area'>
export type CasesNearHouseholds = NearResponseT
export type NearCase = NearResponseT['cases'][number]
export type CasesNearBuilding = BuildingNearResponseT

export const partyApi = {
  /** The org tree under an area (the user's own without one), `depth` levels below its own org. */
  orgs: (q: { area: string; depth?: number }, signal?: AbortSignal) => getJson<PartyOrgTree>('/api/party/orgs', q, signal),
  /** Buildings with 党员中心户 under an area, as points with their counts, group and branch. */
  households: (q: { area: string }, signal?: AbortSignal) => getJson<HouseholdBuildingCollection>('/api/party/households', q, signal),
  /** Open and recent cases of an area near 中心户, and which 中心户 could help with which open case. */
  casesNear: (q: { area: string; radius?: number; limit?: number }, signal?: AbortSignal) =>
    getJson<CasesNearHouseholds>('/api/party/cases-near', q, signal),
  /** Cases near one building (open ones and the last 30 days'). */
  buildingCasesNear: (id: string, q: { radius?: number } = {}, signal?: AbortSignal) =>
    getJson<CasesNearBuilding>(`/api/party/buildings/${encodeURIComponent(id)}/cases-near`, q, signal),
}

export type PartyApi = typeof partyApi
