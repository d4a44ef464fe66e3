/** The hover tooltip's text for whatever the map picked: an area, a building, a station or a case. */
import type { PickingInfo } from '@deck.gl/core'
import type { CaseView } from '../api/case-types.ts'
import { handlingText } from '../model/case-handling.ts'
import type { AreaFeature, BuildingFeature, StationFeature } from '../api/types.ts'
import type { CompoundStandingFeature } from '../api/property.ts'
import type { HouseholdBuildingFeature } from '../api/party.ts'
import { PARTY_HOUSEHOLDS_LAYER } from '../layers/party-layers.ts'
import { PROPERTY_COMPOUNDS_LAYER, STANDING_CLASSES, standingClass } from '../layers/property-layers.ts'
import { BUILDING_KIND_NAMES, LEVEL_NAMES, STATION_KIND_NAMES, STATION_STATUS_NAMES } from '../vocab.ts'

export interface PickTooltip {
  x: number
  y: number
  title: string
  lines: string[]
}

const n = (v: number) => v.toLocaleString('zh-CN')

export function describePick(info: PickingInfo): PickTooltip | null {
  if (!info.object) return null
  const at = { x: info.x, y: info.y }
  switch (info.layer?.id) {
    case 'area-children': {
      const p = (info.object as AreaFeature).properties
      const cov = p.partyCoverage === null ? '—' : `${Math.round(p.partyCoverage * 100)}%`
      return {
        ...at,
        title: `${LEVEL_NAMES[p.level]} · ${p.name}`,
        lines: [`人口 ${n(p.residents)} · 户 ${n(p.households)}`, `党组织覆盖 ${cov} · 点击进入`],
      }
    }
    case 'buildings': {
      const p = (info.object as BuildingFeature).properties
      return {
        ...at,
        title: p.name,
        lines: [
          `${BUILDING_KIND_NAMES[p.kind] ?? p.kind} · ${p.floors} 层 · ${p.households} 户`,
          p.partyGroup ? '已建楼栋党小组' : '未建楼栋党小组',
        ],
      }
    }
    case 'stations': {
      const p = (info.object as StationFeature).properties
      return { ...at, title: p.name, lines: [`${STATION_KIND_NAMES[p.kind]} · ${STATION_STATUS_NAMES[p.status]}`] }
    }
    case 'case-points': {
      const c = info.object as CaseView
      return { ...at, title: `${c.categoryName} · ${c.title}`, lines: [handlingText(c), '点击查看诉求详情'] }
    }
    case PROPERTY_COMPOUNDS_LAYER: {
      const p = (info.object as CompoundStandingFeature).properties
      if (p.companyId === null) return { ...at, title: p.name, lines: ['自管小区，无物业企业'] }
      const standing = STANDING_CLASSES.find((c) => c.id === standingClass(p))!.name
      const rate = p.per1000 === null ? '—' : p.per1000.toFixed(1)
      return {
        ...at,
        title: p.name,
        lines: [`${p.companyName ?? p.companyId} · ${standing}${p.rank !== null ? ` · 第 ${p.rank} 名` : ''}`, `每千户诉求 ${rate} · 点击查看物业企业`],
      }
    }
    case PARTY_HOUSEHOLDS_LAYER: {
      const p = (info.object as HouseholdBuildingFeature).properties
      return {
        ...at,
        title: `${p.name} · 党员中心户 ${p.households} 户`,
        lines: [
          [p.branchName, p.groupName].filter(Boolean).join(' · ') || '未建楼栋党小组',
          '点击查看楼栋及中心户',
        ],
      }
    }
    default:
      return null
  }
}
