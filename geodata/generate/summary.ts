import type { Dataset } from '../dataset/index.ts'
import type { GenerateStats } from './index.ts'

/** Human-readable summary of a dataset: counts, totals and breakdowns (used by the CLI). */
export function summarize(d: Dataset, ms: number, stats?: GenerateStats): string {
  const fmt = (n: number) => n.toLocaleString('en-US')
  const count = <T,>(xs: T[], key: (x: T) => string) => {
    const m = new Map<string, number>()
    for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1)
    return [...m.entries()].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
  const lv = (l: string) => d.areas.filter((a) => a.level === l).length
  const homes = d.buildings.filter((b) => b.households > 0)
  const groups = d.partyOrgs.filter((o) => o.kind === 'building_group').length
  const rows: [string, string][] = [
    ['streets 街道', fmt(lv('street'))],
    ['communities 社区', fmt(lv('community'))],
    ['grids 网格', fmt(lv('grid'))],
    ['compounds 小区', `${fmt(d.compounds.length)} (self-managed ${fmt(d.compounds.filter((c) => !c.propertyCompanyId).length)})`],
    ['property companies', fmt(d.propertyCompanies.length)],
    ['buildings', `${fmt(d.buildings.length)} (${count(d.buildings, (b) => b.kind)})`],
    ['residents', fmt(sum(d.buildings.map((b) => b.residents)))],
    ['households', fmt(sum(homes.map((b) => b.households)))],
    ['party-member households', fmt(sum(d.buildings.map((b) => b.partyMemberHouseholds)))],
    ['党员中心户', fmt(d.partyHouseholds.length)],
    ['party orgs', `${fmt(d.partyOrgs.length)} (building groups ${fmt(groups)}, coverage ${((100 * groups) / Math.max(1, homes.length)).toFixed(1)} %)`],
    ['workers', `${fmt(d.workers.length)} (${count(d.workers, (w) => w.role)})`],
    ['stations', fmt(d.stations.length)],
    ['  by kind', count(d.stations, (s) => s.kind)],
    ['  by status', count(d.stations, (s) => s.status)],
    ['walk nodes', fmt(d.walkNodes.length)],
    ['walk edges', `${fmt(d.walkEdges.length)} (${count(d.walkEdges, (e) => e.kind)})`],
    ['walk network length', `${fmt(Math.round(sum(d.walkEdges.map((e) => e.lengthM)) / 1000))} km`],
    ['land use polygons', `${fmt(d.landuse.length)} (${count(d.landuse, (l) => l.kind)})`],
  ]
  if (stats) rows.push(['lattice', `${stats.cols} × ${stats.rows} superblocks, occupancy ${(stats.occupancy * 100).toFixed(0)} %`])
  // CJK characters take two columns in a terminal.
  const width = (t: string) => [...t].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)
  const w = Math.max(...rows.map(([k]) => width(k))) + 2
  const head = `${d.meta.name}  seed ${d.meta.seed}  scale ${d.meta.scale}  v${d.meta.version}  — generated in ${fmt(Math.round(ms))} ms`
  return [head, ...rows.map(([k, v]) => `  ${k}${' '.repeat(w - width(k))}${v}`)].join('\n')
}
