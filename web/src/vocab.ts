/**
 * Chinese names for the codes the API uses, for the UI. The code lists and their names are defined once
 * in server/domain/vocabulary (pure TypeScript, bundled as is); this module adds what only the screen
 * needs (the building level, station glyphs, status tones) and never spells a code list itself.
 */
import {
  AREA_LEVEL_NAMES,
  BUILDING_KIND_NAMES as BUILDING_KINDS_ZH,
  CASE_STATUS_NAMES as CASE_STATUSES_ZH,
  CLASS_721_NAMES,
  PARTY_ORG_KIND_NAMES as PARTY_ORG_KINDS_ZH,
  PRIORITY_NAMES,
  type CaseStatus,
  type StationKind,
} from '../../server/domain/vocabulary/index.ts'
import type { AreaLevel } from './api/types.ts'

export {
  CASE_STATUSES,
  CLASSES_721,
  CLASS_721_NAMES,
  OPEN_STATUSES,
  SCENARIO_NAMES,
  SOURCES as CASE_SOURCES,
  SOURCE_NAMES as CASE_SOURCE_NAMES,
  STATION_KIND_NAMES,
  STATION_KIND_CIRCLE_MINUTES,
  SITE_SOURCES,
  SITE_SOURCE_NAMES,
  STATION_KINDS,
  STATION_STATUS_NAMES,
  STATION_STATUSES,
  WORKER_ROLE_NAMES,
  ROLES,
  ROLE_NAMES,
  KEY_PURPOSES,
  KEY_PURPOSE_NAMES,
  AUDIT_ACTION_NAMES,
  SOURCES,
  SOURCE_NAMES,
  DISPATCH_LEVEL_NAMES,
  RESOLVED_LEVEL_NAMES,
} from '../../server/domain/vocabulary/index.ts'

export const LEVEL_NAMES: Record<AreaLevel | 'building', string> = { ...AREA_LEVEL_NAMES, building: '楼栋' }

export const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
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

// Looked up with codes the API sends as plain strings; an unknown code falls back to itself at the call site.
export const PARTY_ORG_KIND_NAMES: Readonly<Record<string, string>> = PARTY_ORG_KINDS_ZH
export const BUILDING_KIND_NAMES: Readonly<Record<string, string>> = BUILDING_KINDS_ZH
export const CASE_STATUS_NAMES: Readonly<Record<string, string>> = CASE_STATUSES_ZH
export const CASE_PRIORITY_NAMES: Readonly<Record<string, string>> = PRIORITY_NAMES

/** ok: done; busy: being worked on; new: not yet dispatched. */
export const CASE_STATUS_TONE: Readonly<Record<string, 'new' | 'busy' | 'ok'>> = {
  received: 'new',
  dispatched: 'busy',
  handling: 'busy',
  resolved: 'ok',
  evaluated: 'ok',
  closed: 'ok',
} satisfies Record<CaseStatus, 'new' | 'busy' | 'ok'>

/** Used until the taxonomy has loaded (and if it never does). */
export const CLASS_721_FALLBACK_NAMES: Readonly<Record<string, string>> = CLASS_721_NAMES
