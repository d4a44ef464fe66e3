/**
 * Station kinds and statuses as registers write them: each code's Chinese name from the shared
 * vocabulary (server/domain/vocabulary), plus the other names districts use in their spreadsheets.
 */
import { withAliases } from '../lib/labels.ts'
import {
  STATION_KIND_NAMES, STATION_KINDS, STATION_STATUS_NAMES, STATION_STATUSES, type StationKind, type StationStatus,
} from '../../../server/domain/vocabulary/index.ts'

const KIND_ALIASES: Partial<Record<StationKind, readonly string[]>> = {
  district_center: ['区级党群服务中心', '区级中心'],
  street_center: ['街道中心'],
  community_center: ['社区中心'],
  compound_station: ['小区服务站'],
  rider_station: ['骑手驿站', '新就业群体驿站'],
  deliberation_room: ['议事厅'],
}

const STATUS_ALIASES: Partial<Record<StationStatus, readonly string[]>> = {
  in_service: ['运行', '已建成', '开放'],
  renovating: ['提升改造'],
  under_construction: ['建设中'],
  planned: ['拟建', '计划'],
}

export const STATION_KIND_LABELS = withAliases(STATION_KINDS, STATION_KIND_NAMES, KIND_ALIASES)
export const STATION_STATUS_LABELS = withAliases(STATION_STATUSES, STATION_STATUS_NAMES, STATUS_ALIASES)
