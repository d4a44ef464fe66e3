/**
 * Station kinds and statuses with the Chinese names registers use. Copied from web/src/vocab.ts for now;
 * the shared vocabulary module (server/domain/vocabulary.ts) will replace this copy.
 */
export const STATION_KINDS = {
  district_center: ['区党群服务中心', '区级党群服务中心', '区级中心'],
  street_center: ['街道党群服务中心', '街道中心'],
  community_center: ['社区党群服务中心', '社区中心'],
  compound_station: ['小区党群服务站', '小区服务站'],
  red_post: ['红色驿站'],
  rider_station: ['暖心驿家', '骑手驿站', '新就业群体驿站'],
  deliberation_room: ['红色议事厅', '议事厅'],
} as const
export type StationKind = keyof typeof STATION_KINDS

export const STATION_STATUSES = {
  in_service: ['在用', '运行', '已建成', '开放'],
  renovating: ['改造中', '提升改造'],
  under_construction: ['在建', '建设中'],
  planned: ['规划', '拟建', '计划'],
} as const
export type StationStatus = keyof typeof STATION_STATUSES

/** A code from its code or any of its Chinese names, or null. */
export function lookup<K extends string>(table: Record<K, readonly string[]>, value: string): K | null {
  const v = value.trim()
  for (const [code, names] of Object.entries(table) as [K, readonly string[]][]) {
    if (code === v.toLowerCase() || names.includes(v)) return code
  }
  return null
}
