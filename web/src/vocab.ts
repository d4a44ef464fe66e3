/** Chinese names for the codes the API uses. One table per code list, so the UI never spells them twice. */
import type { AreaLevel, Scenario, StationKind, StationStatus, WorkerRole } from './api/types.ts'

export const LEVEL_NAMES: Record<AreaLevel | 'building', string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
}

export const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
}

export const STATION_KINDS: StationKind[] = [
  'district_center',
  'street_center',
  'community_center',
  'compound_station',
  'red_post',
  'rider_station',
  'deliberation_room',
]

export const STATION_KIND_NAMES: Record<StationKind, string> = {
  district_center: '区党群服务中心',
  street_center: '街道党群服务中心',
  community_center: '社区党群服务中心',
  compound_station: '小区党群服务站',
  red_post: '红色驿站',
  rider_station: '暖心驿家',
  deliberation_room: '红色议事厅',
}

/** One character drawn inside each station marker. */
export const STATION_KIND_GLYPHS: Record<StationKind, string> = {
  district_center: '区',
  street_center: '街',
  community_center: '社',
  compound_station: '站',
  red_post: '驿',
  rider_station: '骑',
  deliberation_room: '议',
}

export const STATION_STATUSES: StationStatus[] = ['in_service', 'renovating', 'under_construction', 'planned']

export const STATION_STATUS_NAMES: Record<StationStatus, string> = {
  in_service: '在用',
  renovating: '改造中',
  under_construction: '在建',
  planned: '规划',
}

export const WORKER_ROLE_NAMES: Record<WorkerRole, string> = {
  grid_worker: '网格员',
  police_liaison: '政法干警',
  community_worker: '社区工作者',
}

export const PARTY_ORG_KIND_NAMES: Record<string, string> = {
  district_committee: '区委',
  street_working_committee: '街道党工委',
  community_committee: '社区党委',
  grid_branch: '网格党支部',
  building_group: '楼栋党小组',
}

export const BUILDING_KIND_NAMES: Record<string, string> = {
  residential: '住宅',
  mixed: '商住',
  public: '公共建筑',
  commercial: '商业',
  school: '学校',
  industrial: '工业',
}

/** Coverage scenarios (cumulative by station status), as the planner reads them. */
export const SCENARIO_NAMES: Record<Scenario, string> = {
  current: '现状在用',
  renovated: '+改造',
  built: '+在建',
  planned: '+规划',
}

/**
 * Case codes the API does not name itself (statuses, priorities). Sources, categories, 721 classes and
 * departments are named by GET /api/cases/categories.
 */
export const CASE_STATUS_NAMES: Record<string, string> = {
  received: '已受理',
  dispatched: '已派单',
  handling: '处置中',
  resolved: '已办结',
  evaluated: '已评价',
  closed: '已结案',
}

/** ok: done; busy: being worked on; new: not yet dispatched. */
export const CASE_STATUS_TONE: Record<string, 'new' | 'busy' | 'ok'> = {
  received: 'new',
  dispatched: 'busy',
  handling: 'busy',
  resolved: 'ok',
  evaluated: 'ok',
  closed: 'ok',
}

export const CASE_PRIORITY_NAMES: Record<string, string> = {
  low: '低',
  normal: '一般',
  high: '紧急',
  urgent: '特急',
}

/** Used until the taxonomy has loaded (and if it never does). */
export const CLASS_721_FALLBACK_NAMES: Record<string, string> = { service: '服务', management: '管理', enforcement: '执法' }
