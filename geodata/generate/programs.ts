import type { FrontSpec } from './frontage.ts'

/**
 * Building programmes of non-residential blocks: which buildings line the street fronts, with floor
 * counts and footprint sizes (length along the street × depth, metres) typical of each use.
 */

type Range = [number, number]
const S = (label: string, kind: FrontSpec['kind'], floors: Range, len: Range, depth: Range, extra: Partial<FrontSpec> = {}): FrontSpec => ({
  label,
  kind,
  floors,
  len,
  depth,
  ...extra,
})

export interface Programme {
  /** Placed first, in order (only in the first block of a multi-block institution). */
  core: FrontSpec[]
  /** Repeated at random while street front remains, at most maxFill times. */
  fill: FrontSpec[]
  maxFill: number
}

/** Shops on the ground floor, flats above (商住楼). */
export const MIXED = S('商住楼', 'mixed', [5, 7], [36, 60], [12, 14], { role: 'shop' })
export const SHOPS = S('沿街商铺', 'commercial', [2, 3], [24, 40], [10, 14], { role: 'shop' })

export const centreSpec = {
  district: (name: string) => S('党群服务中心', 'public', [5, 8], [40, 60], [18, 24], { role: 'district_center', name }),
  street: (name: string) => S('党群服务中心', 'public', [4, 5], [32, 48], [14, 18], { role: 'street_center', name }),
}

/** The community's service block: party-mass service centre, market, clinic, then shop housing. */
export function communityServices(community: string): Programme {
  return {
    core: [
      S('党群服务中心', 'public', [3, 4], [28, 40], [14, 18], { role: 'community_center', name: `${community}党群服务中心` }),
      S('农贸市场', 'commercial', [1, 2], [40, 60], [24, 32], { role: 'market', name: `${community.replace(/社区$/, '')}农贸市场` }),
      S('卫生服务站', 'public', [2, 3], [18, 26], [12, 14], { role: 'clinic', name: `${community}卫生服务站` }),
    ],
    fill: [MIXED, MIXED, SHOPS],
    maxFill: 6,
  }
}

const TEACHING = S('教学楼', 'school', [4, 5], [50, 70], [14, 16])
export const PRIMARY_SCHOOL: Programme = { core: [TEACHING, S('综合楼', 'school', [3, 4], [30, 45], [14, 16])], fill: [TEACHING], maxFill: 1 }

export const HOSPITAL: Programme = {
  core: [S('门诊楼', 'public', [5, 8], [50, 80], [20, 26]), S('住院楼', 'public', [12, 20], [40, 60], [16, 20]), S('医技楼', 'public', [4, 6], [40, 60], [18, 24])],
  fill: [S('住院楼', 'public', [10, 18], [40, 60], [16, 20]), S('综合楼', 'public', [5, 8], [30, 50], [16, 20]), S('康复楼', 'public', [4, 6], [30, 45], [14, 18])],
  maxFill: 3,
}

export const MIDDLE_SCHOOL: Programme = {
  core: [S('教学楼', 'school', [5, 6], [60, 80], [16, 18]), S('实验楼', 'school', [4, 5], [40, 60], [16, 18]), S('图书馆', 'school', [3, 5], [40, 50], [24, 30]), S('体育馆', 'school', [2, 3], [50, 70], [36, 44])],
  fill: [S('教学楼', 'school', [5, 6], [50, 70], [16, 18]), S('学生宿舍', 'school', [6, 7], [50, 70], [14, 16])],
  maxFill: 3,
}

export const OFFICE_DISTRICT: Programme = {
  core: [],
  fill: [S('写字楼', 'commercial', [15, 32], [30, 45], [22, 28], { role: 'office' }), S('商业综合体', 'commercial', [4, 6], [60, 90], [36, 50], { role: 'office' })],
  maxFill: 6,
}
export const govServices = (district: string) => S('政务服务中心', 'public', [6, 10], [50, 70], [20, 26], { name: `${district}政务服务中心` })

export const INDUSTRIAL_PARK: Programme = {
  core: [],
  fill: [S('厂房', 'industrial', [1, 2], [50, 90], [25, 40]), S('仓库', 'industrial', [1, 1], [40, 70], [20, 30]), S('综合楼', 'industrial', [4, 5], [30, 45], [14, 18], { role: 'office' })],
  maxFill: 8,
}

/** Other uses of single blocks inside residential superblocks. */
export const SHOP_STREET: Programme = { core: [], fill: [MIXED, SHOPS, SHOPS], maxFill: 99 }
export const OLD_FACTORY: Programme = {
  core: [],
  fill: [S('车间', 'industrial', [1, 2], [40, 70], [20, 30]), S('仓库', 'industrial', [1, 1], [30, 50], [16, 24]), S('办公楼', 'industrial', [3, 4], [24, 36], [12, 14])],
  maxFill: 6,
}
export const OFFICE_BLOCK: Programme = { core: [], fill: [S('写字楼', 'commercial', [12, 24], [30, 45], [20, 26], { role: 'office' }), SHOPS], maxFill: 4 }
export const FACTORIES = ['第二纺织厂', '机械厂', '印刷厂', '食品厂', '轴承厂', '电缆厂', '服装厂', '家具厂', '包装厂', '建材厂', '塑料厂', '五金厂']
