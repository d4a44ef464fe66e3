/**
 * Code lists of the case loop (群众诉求 接诉即办). Category codes, with their 721 class, deadline and
 * department, are a table of their own in server/domain/cases/taxonomy.ts. The database's CHECK
 * constraints (migrations/002_cases.sql) are held against these by tests/server/vocabulary-db.test.ts.
 */

/** Where a resident's report (上报) came in. */
export const SOURCES = ['hotline_12345', 'wechat', 'app', 'patrol', 'visit', 'petition', 'open311'] as const
export type Source = (typeof SOURCES)[number]
export const SOURCE_NAMES: Record<Source, string> = {
  hotline_12345: '12345热线',
  wechat: '微信红管家',
  app: '随手拍应用',
  patrol: '网格员巡查',
  visit: '来访',
  petition: '信访',
  open311: 'Open311接口',
}

/** received 受理 → dispatched 派单 → handling 处置 → resolved 办结 → evaluated 评价 → closed. */
export const CASE_STATUSES = ['received', 'dispatched', 'handling', 'resolved', 'evaluated', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export const CASE_STATUS_NAMES: Record<CaseStatus, string> = {
  received: '已受理',
  dispatched: '已派单',
  handling: '处置中',
  resolved: '已办结',
  evaluated: '已评价',
  closed: '已结案',
}
/** Statuses in which a case still needs work (and can be a possible duplicate of a new one). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'dispatched', 'handling']

/**
 * What a transition request asks for. `escalate` is the whistle (吹哨) and `report` the department's
 * report-in (报到): public API values, so they keep these names.
 */
export const CASE_ACTIONS = ['dispatch', 'start', 'resolve', 'evaluate', 'close', 'reopen', 'escalate', 'report'] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]

/** Types of the append-only case log; `escalated` records a whistle, `reported` a report-in. */
export const CASE_EVENT_TYPES = [
  'created',
  'imported',
  'dispatched',
  'started',
  'resolved',
  'evaluated',
  'closed',
  'reopened',
  'escalated',
  'reported',
] as const
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number]

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = (typeof PRIORITIES)[number]
export const PRIORITY_NAMES: Record<Priority, string> = { low: '低', normal: '一般', high: '紧急', urgent: '特急' }

/** "721": about 70% of problems are solved by service, 20% by management, 10% by enforcement. */
export const CLASSES_721 = ['service', 'management', 'enforcement'] as const
export type Class721 = (typeof CLASSES_721)[number]
export const CLASS_721_NAMES: Record<Class721, string> = { service: '服务', management: '管理', enforcement: '执法' }

/** District departments that a community or street can whistle for (吹哨报到). */
export const DEPARTMENT_CODES = [
  'housing',
  'water',
  'utilities',
  'urban_management',
  'enforcement',
  'transport',
  'public_security',
  'civil_affairs',
  'ecology',
  'market',
] as const
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number]
export const DEPARTMENT_NAMES: Record<DepartmentCode, string> = {
  housing: '区住房和城乡建设局',
  water: '区水务局',
  utilities: '区城市运行保障中心',
  urban_management: '区城市管理委员会',
  enforcement: '区综合行政执法局',
  transport: '区交通委员会',
  public_security: '公安分局',
  civil_affairs: '区民政局',
  ecology: '生态环境分局',
  market: '区市场监督管理局',
}

/** Where a case can be dispatched to. */
export const DISPATCH_LEVELS = ['grid', 'community', 'street', 'department'] as const
export type DispatchLevel = (typeof DISPATCH_LEVELS)[number]
export const DISPATCH_LEVEL_NAMES: Record<DispatchLevel, string> = { grid: '网格', community: '社区', street: '街道', department: '职能部门' }

/** Where a case was resolved; "compound" covers the compound and its grid (小事不出楼栋、大事不出小区). */
export const RESOLVED_LEVELS = ['building', 'compound', 'community', 'street', 'district', 'department'] as const
export type ResolvedLevel = (typeof RESOLVED_LEVELS)[number]
/** Worded as 小事不出楼栋、大事不出小区 counts them: 楼栋 and 小区 are the local levels. */
export const RESOLVED_LEVEL_NAMES: Record<ResolvedLevel, string> = {
  building: '楼栋',
  compound: '小区',
  community: '社区',
  street: '街道',
  district: '区级',
  department: '职能部门',
}

/** Who may blow the whistle on a case. */
export const WHISTLE_LEVELS = ['community', 'street'] as const
export type WhistleLevel = (typeof WHISTLE_LEVELS)[number]

/**
 * Coordinate systems a report may arrive in: WGS-84 (GPS), GCJ-02 (the national offset used by WeChat,
 * AMap and Tencent maps) and BD-09 (Baidu's further offset of GCJ-02).
 */
export const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const
export type InputCrs = (typeof INPUT_CRS)[number]

/** Time windows for lists and KPIs: the fixed ones the screen offers, or a custom from/to. */
/** The wall's heat windows in hours: its legend's choices, each counted in the wall's snapshot. */
export const HEAT_HOURS = [1, 6, 24] as const

export const TIME_WINDOWS = ['1h', '6h', '24h', '7d', 'custom'] as const
export type WindowName = (typeof TIME_WINDOWS)[number]
