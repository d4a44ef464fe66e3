/**
 * Code lists of the district's geography: area levels, building kinds, the party organisation and its
 * workers, walk-network and land-use kinds. Each list is one `as const` tuple; the database's CHECK
 * constraints (migrations/001_geography.sql) are held against these by tests/server/vocabulary-db.test.ts.
 */

/** 区 → 街道 → 社区 → 网格. `street` is the 街道 (sub-district), never a road. */
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]
export const AREA_LEVEL_NAMES: Record<AreaLevel, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
}

export const BUILDING_KINDS = ['residential', 'mixed', 'public', 'commercial', 'school', 'industrial'] as const
export type BuildingKind = (typeof BUILDING_KINDS)[number]
export const BUILDING_KIND_NAMES: Record<BuildingKind, string> = {
  residential: '住宅',
  mixed: '商住',
  public: '公共建筑',
  commercial: '商业',
  school: '学校',
  industrial: '工业',
}

/** One party organisation per level, from the district committee down to the building group (组织进楼). */
export const PARTY_ORG_KINDS = [
  'district_committee',
  'street_working_committee',
  'community_committee',
  'grid_branch',
  'building_group',
] as const
export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number]
export const PARTY_ORG_KIND_NAMES: Record<PartyOrgKind, string> = {
  district_committee: '区委',
  street_working_committee: '街道党工委',
  community_committee: '社区党委',
  grid_branch: '网格党支部',
  building_group: '楼栋党小组',
}

/** 党员中心户: a party member's household named as the first point of contact in its building. */
export const PARTY_HOUSEHOLD_NAME = '党员中心户'

export const WORKER_ROLES = ['grid_worker', 'police_liaison', 'community_worker'] as const
export type WorkerRole = (typeof WORKER_ROLES)[number]
export const WORKER_ROLE_NAMES: Record<WorkerRole, string> = {
  grid_worker: '网格员',
  police_liaison: '政法干警',
  community_worker: '社区工作者',
}

/** Kinds of walk-network edge; `gate`, `compound_path` and `entrance` lie inside walled compounds. */
export const EDGE_KINDS = ['arterial', 'local', 'alley', 'bridge', 'park_path', 'gate', 'compound_path', 'entrance'] as const
export type EdgeKind = (typeof EDGE_KINDS)[number]

// 'vacant': land awaiting use (OSM brownfield, greenfield, construction), where siting may look.
export const LANDUSE_KINDS = ['water', 'park', 'green', 'school', 'industrial', 'commercial', 'hospital', 'vacant'] as const
export type LanduseKind = (typeof LANDUSE_KINDS)[number]
