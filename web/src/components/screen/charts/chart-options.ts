/**
 * echarts options for the screen's charts, as pure functions of the data and the root font size in
 * pixels (`rem`), so text scales with the wall display like the rest of the page.
 */
import type { EChartsCoreOption } from 'echarts/core'
import type { CaseKpis, CaseStats, DepartmentStats } from '../../../api/case-types.ts'
import type { CategoryCount } from '../../../composables/case-aggregates.ts'

export const TEXT = '#e8ecf8'
export const TEXT_DIM = '#93a0c0'
const GRID_LINE = 'rgba(120, 150, 220, 0.14)'
/** The wall's smallest text: 14 px at 1920×1080, read from across the room. */
export const MIN_TEXT_REM = 0.875

/** 服务 / 管理 / 执法: red, gold, blue; the same in the donut, the category bars and the ticker. */
export const CLASS_721_COLORS: Record<string, string> = {
  service: '#e8413c',
  management: '#ffc440',
  enforcement: '#4aa3ff',
}
export const CLASS_721_ORDER = ['service', 'management', 'enforcement'] as const
/** The "721" the seeds cite: 70% service, 20% management, 10% enforcement. */
export const CLASS_721_TARGET: Record<string, number> = { service: 0.7, management: 0.2, enforcement: 0.1 }

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`)

const axisText = (rem: number) => ({ color: TEXT_DIM, fontSize: Math.round(MIN_TEXT_REM * rem) })

export function split721Option(split: CaseKpis['split721'] | null, names: Record<string, string>, rem: number): EChartsCoreOption {
  const total = split ? CLASS_721_ORDER.reduce((s, k) => s + split[k].count, 0) : 0
  return {
    animationDuration: 600,
    tooltip: { show: false },
    series: [
      {
        type: 'pie',
        radius: ['58%', '84%'],
        center: ['50%', '50%'],
        avoidLabelOverlap: true,
        label: {
          show: true,
          position: 'center',
          formatter: () => `{n|${total.toLocaleString('zh-CN')}}\n{l|件}`,
          rich: {
            n: { color: '#fff', fontSize: Math.round(1.45 * rem), fontWeight: 700, lineHeight: Math.round(1.7 * rem) },
            l: { color: TEXT_DIM, fontSize: Math.round(MIN_TEXT_REM * rem) },
          },
        },
        labelLine: { show: false },
        itemStyle: { borderColor: '#0a1226', borderWidth: 2 },
        emphasis: { disabled: true },
        data: CLASS_721_ORDER.map((k) => ({
          name: names[k] ?? k,
          value: split?.[k].count ?? 0,
          itemStyle: { color: CLASS_721_COLORS[k] },
        })),
      },
    ],
  }
}

export function hourlyOption(counts: readonly number[], currentHour: number, rem: number): EChartsCoreOption {
  return {
    animationDuration: 400,
    grid: { left: 2.2 * rem, right: 0.6 * rem, top: 1.3 * rem, bottom: 1.5 * rem },
    tooltip: { show: false },
    xAxis: {
      type: 'category',
      data: counts.map((_, h) => String(h)),
      axisLabel: { ...axisText(rem), interval: 2 },
      axisLine: { lineStyle: { color: GRID_LINE } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      axisLabel: axisText(rem),
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        type: 'bar',
        barWidth: '62%',
        data: counts.map((v, h) => ({
          value: v,
          itemStyle: {
            color: h === currentHour ? '#ffc440' : h > currentHour ? 'rgba(120, 150, 220, 0.15)' : '#e8413c',
            borderRadius: [2, 2, 0, 0],
          },
        })),
        label: {
          show: true,
          position: 'top',
          color: TEXT,
          fontSize: Math.round(MIN_TEXT_REM * rem),
          formatter: (p: { value: number; dataIndex: number }) => (p.dataIndex === currentHour && p.value > 0 ? String(p.value) : ''),
        },
      },
    ],
  }
}

export function categoryOption(rows: readonly CategoryCount[], rem: number, limit = 8): EChartsCoreOption {
  const top = rows.slice(0, limit).reverse()
  return {
    animationDuration: 400,
    grid: { left: 6.2 * rem, right: 2.4 * rem, top: 0.3 * rem, bottom: 0.3 * rem },
    tooltip: { show: false },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.name),
      axisLabel: { color: TEXT, fontSize: Math.round(MIN_TEXT_REM * rem) },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barWidth: '58%',
        barMaxWidth: 0.9 * rem,
        data: top.map((r) => ({ value: r.count, itemStyle: { color: CLASS_721_COLORS[r.class721] ?? TEXT_DIM, borderRadius: [0, 2, 2, 0] } })),
        label: { show: true, position: 'right', color: TEXT, fontSize: Math.round(MIN_TEXT_REM * rem) },
      },
    ],
  }
}

/** 吹哨报到: report rate per department (bar) with "reported/escalated" at the end. */
export function whistleOption(departments: readonly DepartmentStats[], rem: number, limit = 6): EChartsCoreOption {
  const rows = [...departments]
    .sort((a, b) => b.escalated - a.escalated || a.department.localeCompare(b.department))
    .slice(0, limit)
    .reverse()
  const shortName = (n: string) => n.replace(/^区/, '').replace(/委员会$/, '委')
  return {
    animationDuration: 400,
    grid: { left: 7.4 * rem, right: 5.6 * rem, top: 0.3 * rem, bottom: 0.3 * rem },
    tooltip: { show: false },
    xAxis: { type: 'value', show: false, max: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((d) => shortName(d.name)),
      axisLabel: { color: TEXT, fontSize: Math.round(MIN_TEXT_REM * rem) },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barWidth: '55%',
        barMaxWidth: 0.9 * rem,
        showBackground: true,
        backgroundStyle: { color: 'rgba(120, 150, 220, 0.10)' },
        data: rows.map((d) => ({
          value: d.reportRate ?? 0,
          itemStyle: { color: (d.reportRate ?? 0) >= 0.9 ? '#3ccf8e' : (d.reportRate ?? 0) >= 0.6 ? '#ffc440' : '#ff4d4f' },
        })),
        label: {
          show: true,
          position: 'right',
          distance: 0.4 * rem,
          color: TEXT,
          fontSize: Math.round(MIN_TEXT_REM * rem),
          formatter: (p: { dataIndex: number }) => {
            const d = rows[p.dataIndex]!
            return `${pct(d.reportRate)} ${d.reported}/${d.escalated}`
          },
        },
      },
    ],
  }
}

/** Cases per street in the stats window, open ones stacked on the rest, overdue named at the end. */
export function streetOption(children: CaseStats['children'], rem: number, limit = 9): EChartsCoreOption {
  const rows = [...children]
    .filter((c) => c.counts.window > 0 || children.length <= limit)
    .sort((a, b) => b.counts.window - a.counts.window || a.name.localeCompare(b.name))
    .slice(0, limit)
    .reverse()
  return {
    animationDuration: 400,
    grid: { left: 5.4 * rem, right: 3.6 * rem, top: 0.3 * rem, bottom: 0.3 * rem },
    tooltip: { show: false },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((c) => c.name),
      axisLabel: { color: TEXT, fontSize: Math.round(MIN_TEXT_REM * rem) },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        name: '已办结',
        type: 'bar',
        stack: 'n',
        barWidth: '58%',
        barMaxWidth: 1.1 * rem,
        data: rows.map((c) => c.counts.window - c.counts.open),
        itemStyle: { color: 'rgba(232, 65, 60, 0.55)' },
      },
      {
        name: '在办',
        type: 'bar',
        stack: 'n',
        data: rows.map((c) => c.counts.open),
        itemStyle: { color: '#e8413c', borderRadius: [0, 2, 2, 0] },
        label: {
          show: true,
          position: 'right',
          color: TEXT,
          fontSize: Math.round(MIN_TEXT_REM * rem),
          formatter: (p: { dataIndex: number }) => {
            const c = rows[p.dataIndex]!
            return c.overdue ? `${c.counts.window} {o|超${c.overdue}}` : String(c.counts.window)
          },
          rich: { o: { color: '#ff9a3c', fontSize: Math.round(MIN_TEXT_REM * rem) } },
        },
      },
    ],
  }
}
