import type { LanduseKind } from './geography.ts'

/**
 * Party-mass service stations (党群服务阵地): kinds, statuses and the coverage scenarios built on the
 * statuses. Adding a status means one entry in STATION_STATUSES, its name, its place in
 * SCENARIO_STATUSES, and a migration that widens the CHECK on stations.status.
 */

export const STATION_KINDS = [
  'district_center',
  'street_center',
  'community_center',
  'compound_station',
  'red_post',
  'rider_station',
  'deliberation_room',
] as const
export type StationKind = (typeof STATION_KINDS)[number]
export const STATION_KIND_NAMES: Record<StationKind, string> = {
  district_center: '区党群服务中心',
  street_center: '街道党群服务中心',
  community_center: '社区党群服务中心',
  compound_station: '小区党群服务站',
  red_post: '红色驿站',
  rider_station: '暖心驿家',
  deliberation_room: '红色议事厅',
}

/**
 * The walking circle each kind serves in siting (党群服务圈): the district, street and community centres
 * the 15-minute circle, compound stations and the special points (驿站, 议事厅) the 5-minute one.
 */
export const STATION_KIND_CIRCLE_MINUTES: Record<StationKind, 5 | 15> = {
  district_center: 15,
  street_center: 15,
  community_center: 15,
  compound_station: 5,
  red_post: 5,
  rider_station: 5,
  deliberation_room: 5,
}

/**
 * Where a planner may look for new sites: street nodes (anywhere public), public buildings (物业用房, 车棚,
 * 卫生服务站 …), places an import found (OSM community centres, libraries …; station_candidates) and
 * vacant land from an import (landuse 'vacant').
 */
export const SITE_SOURCES = ['street', 'public_building', 'poi', 'land'] as const
export type SiteSource = (typeof SITE_SOURCES)[number]
export const SITE_SOURCE_NAMES: Record<SiteSource, string> = {
  street: '街巷路口',
  public_building: '公共建筑',
  poi: '导入的公共服务点',
  land: '闲置用地',
}
/** landuse kinds that count as land a station could be built on. */
export const LAND_SITE_KINDS = ['vacant'] as const satisfies readonly LanduseKind[]

/** The pipeline a station goes through, open first. */
export const STATION_STATUSES = ['in_service', 'renovating', 'under_construction', 'planned'] as const
export type StationStatus = (typeof STATION_STATUSES)[number]
export const STATION_STATUS_NAMES: Record<StationStatus, string> = {
  in_service: '在用',
  renovating: '改造中',
  under_construction: '在建',
  planned: '规划',
}

/** Cumulative: current = in service; renovated adds renovating; built adds under construction; planned adds planned. */
export const SCENARIOS = ['current', 'renovated', 'built', 'planned'] as const
export type Scenario = (typeof SCENARIOS)[number]
/** As the planner reads them. */
export const SCENARIO_NAMES: Record<Scenario, string> = {
  current: '现状在用',
  renovated: '+改造',
  built: '+在建',
  planned: '+规划',
}

/** Scenarios are cumulative: each adds the station statuses of the step before it. */
export const SCENARIO_STATUSES: Readonly<Record<Scenario, readonly StationStatus[]>> = {
  current: ['in_service'],
  renovated: ['in_service', 'renovating'],
  built: ['in_service', 'renovating', 'under_construction'],
  planned: ['in_service', 'renovating', 'under_construction', 'planned'],
}
