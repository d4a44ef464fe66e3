/**
 * Party organisation kinds as party registers (党组织台账) write them: the vocabulary's names (区委,
 * 街道党工委, 社区党委, 网格党支部, 楼栋党小组) and the short forms of the 党委 → 支部 → 小组 chain, plus
 * 党员中心户 rows, which are households, not organisations.
 */
import { AREA_LEVELS, PARTY_ORG_KIND_NAMES, PARTY_ORG_KINDS, type AreaLevel, type PartyOrgKind } from '../../../server/domain/vocabulary/index.ts'
import { withAliases } from '../lib/labels.ts'

export const CENTRAL_HOUSEHOLD = 'central_household'
export type PartyRowKind = PartyOrgKind | typeof CENTRAL_HOUSEHOLD

const ALIASES: Partial<Record<PartyRowKind, readonly string[]>> = {
  district_committee: ['区委员会', '区党委'],
  street_working_committee: ['党工委', '街道党委', '街道党工委员会'],
  community_committee: ['党委', '社区党总支', '党总支', '社区党组织'],
  grid_branch: ['党支部', '支部', '网格支部'],
  building_group: ['党小组', '小组', '楼栋小组', '楼道党小组'],
  central_household: ['中心户', '党员示范户'],
}

export const PARTY_ROW_LABELS = withAliases<PartyRowKind>(
  [...PARTY_ORG_KINDS, CENTRAL_HOUSEHOLD], { ...PARTY_ORG_KIND_NAMES, central_household: '党员中心户' }, ALIASES,
)

/** The area level each organisation covers (building groups: their building's grid). */
export const ORG_LEVEL: Record<PartyOrgKind, AreaLevel> = {
  district_committee: 'district', street_working_committee: 'street', community_committee: 'community', grid_branch: 'grid', building_group: 'grid',
}

/** The kind of organisation that covers an area of a level, for rows that leave 类型 blank. */
export const KIND_OF_LEVEL = Object.fromEntries(
  AREA_LEVELS.map((l) => [l, PARTY_ORG_KINDS.find((k) => ORG_LEVEL[k] === l && k !== 'building_group')!]),
) as Record<AreaLevel, PartyOrgKind>

/** Rank in the chain, district committee 0 … building group 4: a parent ranks above its children. */
export const ORG_RANK = Object.fromEntries(PARTY_ORG_KINDS.map((k, i) => [k, i])) as Record<PartyOrgKind, number>
