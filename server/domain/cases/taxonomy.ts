/**
 * The case vocabulary: sources, categories (with their "721" class, base deadline and the district
 * department that answers a whistle about them), priorities and levels. Category codes double as
 * Open311 service_code values, so they are stable identifiers: rename the label, never the code.
 */

export const SOURCES = ['hotline_12345', 'wechat', 'app', 'patrol', 'visit', 'petition', 'open311'] as const
export type Source = (typeof SOURCES)[number]

export const SOURCE_NAMES: Record<Source, string> = {
  hotline_12345: '12345热线',
  wechat: '微信红管家',
  app: '随手拍App',
  patrol: '网格员巡查',
  visit: '来访',
  petition: '信访',
  open311: 'Open311接口',
}

/** "721": about 70% of problems are solved by service, 20% by management, 10% by enforcement. */
export const CLASSES_721 = ['service', 'management', 'enforcement'] as const
export type Class721 = (typeof CLASSES_721)[number]
export const CLASS_721_NAMES: Record<Class721, string> = { service: '服务', management: '管理', enforcement: '执法' }

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = (typeof PRIORITIES)[number]

/**
 * Deadline multipliers by priority: 接诉即办 practice answers urgent matters within hours and lets
 * low-priority suggestions run longer than the category's normal time.
 */
const PRIORITY_FACTOR: Record<Priority, number> = { urgent: 0.25, high: 0.5, normal: 1, low: 1.5 }

/** District departments that a community or street can whistle for (吹哨报到). */
export const DEPARTMENTS = [
  { code: 'housing', name: '区住房和城乡建设局' },
  { code: 'water', name: '区水务局' },
  { code: 'utilities', name: '区城市运行保障中心' },
  { code: 'urban_management', name: '区城市管理委员会' },
  { code: 'enforcement', name: '区综合行政执法局' },
  { code: 'transport', name: '区交通委员会' },
  { code: 'public_security', name: '公安分局' },
  { code: 'civil_affairs', name: '区民政局' },
  { code: 'ecology', name: '生态环境分局' },
  { code: 'market', name: '区市场监督管理局' },
] as const
export type DepartmentCode = (typeof DEPARTMENTS)[number]['code']
export const DEPARTMENT_CODES = DEPARTMENTS.map((d) => d.code) as DepartmentCode[]

export interface Category {
  code: string
  name: string
  /** Short English gloss, used as the Open311 description. */
  gloss: string
  class721: Class721
  /** Hours allowed at normal priority. */
  deadlineHours: number
  /** Relative frequency in a typical district; the weights of each class add up to its 721 share. */
  weight: number
  department: DepartmentCode
}

// Weights: service categories add up to 70, management to 20, enforcement to 10.
export const CATEGORIES: readonly Category[] = [
  { code: 'water_supply', name: '供水漏水', gloss: 'Water supply and leaks', class721: 'service', deadlineHours: 24, weight: 9, department: 'water' },
  { code: 'drainage', name: '排水堵塞', gloss: 'Blocked drains and sewers', class721: 'service', deadlineHours: 24, weight: 8, department: 'water' },
  { code: 'power_gas', name: '供电燃气', gloss: 'Power and gas supply', class721: 'service', deadlineHours: 12, weight: 5, department: 'utilities' },
  { code: 'heating', name: '供暖', gloss: 'Heating', class721: 'service', deadlineHours: 24, weight: 4, department: 'utilities' },
  { code: 'elevator', name: '电梯故障', gloss: 'Lift breakdowns', class721: 'service', deadlineHours: 24, weight: 6, department: 'housing' },
  { code: 'property_service', name: '物业服务', gloss: 'Property management service', class721: 'service', deadlineHours: 72, weight: 10, department: 'housing' },
  { code: 'sanitation', name: '环境卫生', gloss: 'Litter and refuse collection', class721: 'service', deadlineHours: 24, weight: 9, department: 'urban_management' },
  { code: 'greenery', name: '绿化养护', gloss: 'Trees and green space upkeep', class721: 'service', deadlineHours: 72, weight: 4, department: 'urban_management' },
  { code: 'street_lighting', name: '路灯照明', gloss: 'Street lighting', class721: 'service', deadlineHours: 48, weight: 4, department: 'urban_management' },
  { code: 'public_facility', name: '公共设施维修', gloss: 'Repairs to shared facilities', class721: 'service', deadlineHours: 72, weight: 5, department: 'housing' },
  { code: 'elderly_care', name: '养老助残', gloss: 'Care for the elderly and disabled', class721: 'service', deadlineHours: 72, weight: 3, department: 'civil_affairs' },
  { code: 'neighbour_dispute', name: '邻里纠纷', gloss: 'Disputes between neighbours', class721: 'service', deadlineHours: 72, weight: 3, department: 'public_security' },
  { code: 'parking', name: '停车管理', gloss: 'Parking order', class721: 'management', deadlineHours: 48, weight: 6, department: 'transport' },
  { code: 'road_damage', name: '道路破损', gloss: 'Damaged roads and pavements', class721: 'management', deadlineHours: 72, weight: 4, department: 'transport' },
  { code: 'bike_clutter', name: '共享单车乱停', gloss: 'Dockless bikes blocking the way', class721: 'management', deadlineHours: 24, weight: 3, department: 'transport' },
  { code: 'fire_access', name: '消防通道占用', gloss: 'Blocked fire access', class721: 'management', deadlineHours: 12, weight: 3, department: 'urban_management' },
  { code: 'rental_housing', name: '出租房屋管理', gloss: 'Rental housing registration and safety', class721: 'management', deadlineHours: 72, weight: 2, department: 'public_security' },
  { code: 'animals', name: '犬只与流浪动物', gloss: 'Dogs and stray animals', class721: 'management', deadlineHours: 48, weight: 2, department: 'urban_management' },
  { code: 'illegal_construction', name: '违法建设', gloss: 'Unauthorised construction', class721: 'enforcement', deadlineHours: 120, weight: 3, department: 'enforcement' },
  { code: 'street_vending', name: '占道经营', gloss: 'Street vending on the public way', class721: 'enforcement', deadlineHours: 24, weight: 3, department: 'enforcement' },
  { code: 'noise', name: '噪音扰民', gloss: 'Noise nuisance', class721: 'enforcement', deadlineHours: 24, weight: 2, department: 'ecology' },
  { code: 'market_violation', name: '市场与食品违规', gloss: 'Food safety and trading violations', class721: 'enforcement', deadlineHours: 72, weight: 2, department: 'market' },
]

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code)
const BY_CODE = new Map(CATEGORIES.map((c) => [c.code, c]))

export function findCategory(code: string): Category | undefined {
  return BY_CODE.get(code)
}

/** Hours allowed for a case of this category and priority, never under one hour. */
export function deadlineHours(category: Category, priority: Priority): number {
  return Math.max(1, Math.round(category.deadlineHours * PRIORITY_FACTOR[priority]))
}

/** Where a case can be dispatched to. */
export const DISPATCH_LEVELS = ['grid', 'community', 'street', 'department'] as const
export type DispatchLevel = (typeof DISPATCH_LEVELS)[number]

/**
 * Where a case was resolved; "compound" covers the compound and its grid (小事不出楼栋、大事不出小区).
 */
export const RESOLVED_LEVELS = ['building', 'compound', 'community', 'street', 'district', 'department'] as const
export type ResolvedLevel = (typeof RESOLVED_LEVELS)[number]
/** The levels that count towards "resolved at or below the compound". */
export const LOCAL_LEVELS: readonly ResolvedLevel[] = ['building', 'compound']

/** Who may blow the whistle on a case. */
export const WHISTLE_LEVELS = ['community', 'street'] as const
export type WhistleLevel = (typeof WHISTLE_LEVELS)[number]
