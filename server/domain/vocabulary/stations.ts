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
