/**
 * Words for a property company's standing (红黑榜), shared by the wall's lists, the company card and the
 * map's tooltip. Pure.
 */
import type { CompanyStanding, PropertyLeague } from '../api/property.ts'

type Thresholds = Pick<PropertyLeague['rules'], 'minHouseholds' | 'minComplaints'>

function flagName(flag: CompanyStanding['flags'][number], t: Thresholds): string {
  return flag === 'few_households' ? `管理户数不足 ${t.minHouseholds} 户` : `诉求不足 ${t.minComplaints} 件`
}

/** "红榜 · 第 2 / 18 名", "第 9 / 18 名", "黑榜 · 第 18 / 18 名", "样本不足，未参评（诉求不足 3 件）". */
export function standingLabel(c: Pick<CompanyStanding, 'rank' | 'list' | 'flags'>, rankedOf: number, t: Thresholds): string {
  if (c.rank === null) return `样本不足，未参评（${c.flags.map((f) => flagName(f, t)).join('，')}）`
  const place = `第 ${c.rank} / ${rankedOf} 名`
  return c.list === 'red' ? `红榜 · ${place}` : c.list === 'black' ? `黑榜 · ${place}` : place
}

/** A number with a fixed count of decimals, or "—" when there is none. */
export const fixed = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : v.toFixed(digits))

/** "7月3日 14:05" in China time. */
export function shortDateTimeCst(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
