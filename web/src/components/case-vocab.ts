/**
 * Chinese names for the case codes the API does not name itself (statuses, priorities, resolution
 * levels). Sources, categories, 721 classes and departments are named by GET /api/cases/categories.
 * Belongs in vocab.ts beside the other code lists once that file is free to edit.
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
