/**
 * The case vocabulary: sources, categories (with their "721" class, base deadline and the district
 * department that answers a whistle about them), priorities and levels. Category codes double as
 * Open311 service_code values, so they are stable identifiers: rename the label, never the code.
 * The plain code lists live in server/domain/vocabulary and are re-exported here for the case code.
 */
import {
  DEPARTMENT_CODES, DEPARTMENT_NAMES, type Class721, type DepartmentCode, type Priority, type ResolvedLevel,
} from '../vocabulary/index.ts'

export { CLASS_721_NAMES, CLASSES_721, DEPARTMENT_CODES, PRIORITIES, SOURCE_NAMES, SOURCES } from '../vocabulary/index.ts'
export type { Class721, DepartmentCode, Priority, Source } from '../vocabulary/index.ts'

/**
 * Deadline multipliers by priority: 接诉即办 practice answers urgent matters within hours and lets
 * low-priority suggestions run longer than the category's normal time.
 */
const PRIORITY_FACTOR: Record<Priority, number> = { urgent: 0.25, high: 0.5, normal: 1, low: 1.5 }

/** District departments that a community or street can whistle for (吹哨报到), in display order. */
export const DEPARTMENTS: readonly { code: DepartmentCode; name: string }[] = DEPARTMENT_CODES.map((code) => ({ code, name: DEPARTMENT_NAMES[code] }))

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

export { DISPATCH_LEVELS, RESOLVED_LEVELS, WHISTLE_LEVELS } from '../vocabulary/index.ts'
export type { DispatchLevel, ResolvedLevel, WhistleLevel } from '../vocabulary/index.ts'

/** The levels that count towards "resolved at or below the compound". */
export const LOCAL_LEVELS: readonly ResolvedLevel[] = ['building', 'compound']
