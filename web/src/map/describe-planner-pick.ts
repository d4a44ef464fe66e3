/** The planner's hover tooltip: coverage of an area, a gap building, a suggested site, a station. */
import type { PickingInfo } from '@deck.gl/core'
import type { AreaFeature, StationFeature } from '../api/types.ts'
import type { GapDot } from '../geo/gap-dots.ts'
import type { AreaShare } from '../model/coverage.ts'
import type { RankedSite } from '../model/planner.ts'
import { LEVEL_NAMES, STATION_KIND_NAMES } from '../vocab.ts'
import { describePick, type PickTooltip } from './describe-pick.ts'

const n = (v: number) => v.toLocaleString('zh-CN')

export function describePlannerPick(info: PickingInfo, ctx: { minutes: number; shares: ReadonlyMap<string, AreaShare> }): PickTooltip | null {
  if (!info.object) return null
  const at = { x: info.x, y: info.y }
  switch (info.layer?.id) {
    case 'coverage-areas': {
      const p = (info.object as AreaFeature).properties
      const s = ctx.shares.get(p.id)
      return {
        ...at,
        title: `${LEVEL_NAMES[p.level]} · ${p.name}`,
        lines: s
          ? [`${ctx.minutes} 分钟覆盖率 ${Math.round(s.share * 100)}%`, `圈外居民 ${n(s.uncovered)} 人 · 共 ${n(p.residents)} 人`]
          : ['暂无覆盖数据'],
      }
    }
    case 'gaps': {
      const p = (info.object as GapDot).properties
      const walk = p.minutes === null ? '步行无法到达任何站点' : `步行至最近站点 ${p.minutes} 分钟`
      return { ...at, title: p.name, lines: [`${n(p.residents)} 人 · ${n(p.households)} 户`, walk] }
    }
    case 'suggested-sites': {
      const s = info.object as RankedSite
      return { ...at, title: `建议站点 #${s.rank}`, lines: [...(s.place ? [s.place] : []), `新增覆盖 ${n(s.gain)} 名居民`, '在右侧列表中点击“采纳”'] }
    }
    case 'removed-stations': {
      const p = (info.object as StationFeature).properties
      return { ...at, title: p.name, lines: [`${STATION_KIND_NAMES[p.kind]} · 已假设撤除`] }
    }
    default:
      return describePick(info)
  }
}
