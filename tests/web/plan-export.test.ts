/**
 * The plan's files (issue 12): the snapshot the planner hands the exports and the report, and the CSV
 * (BOM, Chinese headers, names, quoting) and GeoJSON made from it. The CSV is read back with csv-parse,
 * as a spreadsheet would, rather than compared as text.
 */
import { parse } from 'csv-parse/sync'
import type { MultiPolygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { AreaCoverage, CoverageResponse, LngLat, PlaceDescription, StationFeature } from '../../web/src/api/types.ts'
import { areaCoverageCsv, areaCoverageGeoJson, exportFile, exportFileName, planStationsCsv, planStationsGeoJson, suggestedSitesCsv } from '../../web/src/model/plan-export.ts'
import { planSnapshot, type PlanSnapshotInput } from '../../web/src/model/plan-snapshot.ts'
import { stations } from './fixtures/map-features.ts'

const area = (id: string, level: AreaCoverage['level'], name: string, parentId: string | null, residents: number, c5: number, c15: number): AreaCoverage =>
  ({
    id, level, name, parentId, residents, households: 0, buildings: 0, partyMemberHouseholds: 0,
    covered: { '5': { residents: c5, households: 0, buildings: 0, partyMemberHouseholds: 0, share: c5 / residents }, '15': { residents: c15, households: 0, buildings: 0, partyMemberHouseholds: 0, share: c15 / residents } },
  }) as AreaCoverage
const answer = (areas: AreaCoverage[], n: number): CoverageResponse => ({ minutes: [5, 15], scenario: 'current', speedKmh: 4, stations: n, areas })

// Names with every character CSV must quote: a comma, a double quote, a line break.
const TRICKY = '滨河路,东段 "红色" 驿站\n二号'

function describeAt([lng]: LngLat): PlaceDescription | null {
  if (lng === 9) return null // not named yet
  return {
    lng, lat: 0, landuse: null, street: { id: 'st1', name: '湖滨街道' },
    road: { name: '翠湖路', distanceM: 20 }, building: { id: 'b1', name: '翠湖小区3栋', distanceM: 10, compound: { id: 'c1', name: '翠湖小区' } },
    compound: null, community: { id: 'cm1', name: '湖滨社区' }, grid: { id: 'g1', name: '湖滨社区第3网格' },
    label: '翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格',
  }
}

function input(over: Partial<PlanSnapshotInput> = {}): PlanSnapshotInput {
  const all = stations().features.map((f) => (f.properties.id === 's2' ? { ...f, properties: { ...f.properties, name: TRICKY } } : f))
  const before = answer([area('d', 'district', '澜溪区', null, 1000, 300, 600), area('st1', 'street', '湖滨街道', 'd', 1000, 300, 600), area('cm1', 'community', '湖滨社区', 'st1', 400, 100, 200), area('g1', 'grid', '第1网格', 'cm1', 400, 100, 200)], 3)
  const after = answer([area('d', 'district', '澜溪区', null, 1000, 320, 700), area('st1', 'street', '湖滨街道', 'd', 1000, 320, 700), area('cm1', 'community', '湖滨社区', 'st1', 400, 120, 300), area('g1', 'grid', '第1网格', 'cm1', 400, 120, 300)], 3)
  return {
    districtName: '澜溪区', scenario: 'current', scenarioName: '现状在用', speedKmh: 4, minutes: [5, 15],
    added: [{ key: 'h1', lngLat: [1, 0.5] }, { key: 'h2', lngLat: [9, 0.5] }],
    moved: new Map([['s1', [0.6, 0.6] as LngLat]]),
    removed: new Set(['s2']),
    byId: new Map<string, StationFeature>(all.map((f) => [f.properties.id, f])),
    stationsBefore: 3, before, after,
    sites: [
      { rank: 1, lng: 1, lat: 0.5, gain: 120, households: 50, buildings: 4, place: null, kind: 'community_center', source: 'public_building', name: '清风小区物业用房' },
      { rank: 2, lng: 2, lat: 0.5, gain: 30 },
    ],
    adoptedRanks: new Set([1]), sitesMinutes: 15,
    describe: describeAt, now: new Date('2026-11-30T03:48:00Z'),
    ...over,
  }
}

const read = (text: string) => {
  expect(text.startsWith('\uFEFF')).toBe(true)
  return parse(text.slice(1), { columns: true, cast: false }) as Record<string, string>[]
}

describe('planSnapshot', () => {
  it('lists added, moved and removed stations with names, kinds and where they stand, and the coverage before and after', () => {
    const s = planSnapshot(input())
    expect(s.stations.map((r) => [r.change, r.id, r.name, r.kind, r.lng, r.lat, r.fromLng])).toEqual([
      ['added', 'h1', '假设站点 1', null, 1, 0.5, null],
      ['added', 'h2', '假设站点 2', null, 9, 0.5, null],
      ['moved', 's1', '站点s1', 'community_center', 0.6, 0.6, 0.5],
      ['removed', 's2', TRICKY, 'red_post', 1.5, 0.5, null],
    ])
    expect(s.stations[0]).toMatchObject({ place: '翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格', road: '翠湖路', building: '翠湖小区3栋', compound: '翠湖小区', community: '湖滨社区', grid: '湖滨社区第3网格' })
    expect(s.stations[1]).toMatchObject({ place: null, road: null })
    expect(s.headline).toEqual([
      { minutes: 5, residents: 1000, before: 300, after: 320 },
      { minutes: 15, residents: 1000, before: 600, after: 700 },
    ])
    expect(s.areas.map((a) => [a.level, a.name, a.parentName, a.before['15'], a.after?.['15']])).toEqual([
      ['street', '湖滨街道', null, 600, 700],
      ['community', '湖滨社区', '湖滨街道', 200, 300],
    ])
    expect(s.sites.map((x) => [x.rank, x.adopted, x.households])).toEqual([[1, true, 50], [2, false, null]])
    // It goes through sessionStorage to the report page: plain JSON, nothing lost.
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })

  it('has no "after" without a what-if', () => {
    const s = planSnapshot(input({ added: [], moved: new Map(), removed: new Set(), after: null }))
    expect(s.stations).toEqual([])
    expect(s.headline[1]).toEqual({ minutes: 15, residents: 1000, before: 600, after: null })
    expect(s.areas.every((a) => a.after === null)).toBe(true)
  })
})

describe('plan exports', () => {
  const plan = planSnapshot(input())

  it('writes the plan\'s stations as CSV with a BOM, Chinese headers and names, quoting commas, quotes and line breaks', () => {
    const text = planStationsCsv(plan)
    expect(text.split('\r\n')[0]).toBe('\uFEFF变动,站点名称,站点类型,站点编号,位置描述,临近道路,所在/临近楼栋,小区,社区,网格,经度,纬度,原经度,原纬度,情景')
    const rows = read(text)
    expect(rows).toHaveLength(4)
    expect(rows[0]).toMatchObject({ 变动: '新增', 站点名称: '假设站点 1', 站点类型: '未定', 位置描述: '翠湖路旁 · 翠湖小区3栋附近 · 湖滨社区第3网格', 经度: '1', 纬度: '0.5', 原经度: '', 情景: '现状在用' })
    expect(rows[2]).toMatchObject({ 变动: '移位', 站点类型: '社区党群服务中心', 经度: '0.6', 原经度: '0.5', 原纬度: '0.5' })
    expect(rows[3]).toMatchObject({ 变动: '撤除', 站点名称: TRICKY, 站点类型: '红色驿站' })
    // The tricky name is quoted once, its quotes doubled.
    expect(text).toContain('"滨河路,东段 ""红色"" 驿站\n二号"')
  })

  it('writes the suggested sites with rank, gain, adoption and names', () => {
    const rows = read(suggestedSitesCsv(plan))
    expect(rows.map((r) => [r['排名'], r['新增覆盖居民'], r['是否采纳'], r['步行圈（分钟）'], r['临近道路']])).toEqual([
      ['1', '120', '已采纳', '15', '翠湖路'],
      ['2', '30', '未采纳', '15', '翠湖路'],
    ])
    // A site of a budget names its kind, and a candidate place what it is.
    expect(rows.map((r) => [r['站点类型'], r['候选位置']])).toEqual([['社区党群服务中心', '公共建筑：清风小区物业用房'], ['', '']])
  })

  it('writes coverage by street and community at 5 and 15 minutes, today and under the plan', () => {
    const rows = read(areaCoverageCsv(plan))
    expect(rows.map((r) => r['名称'])).toEqual(['湖滨街道', '湖滨社区'])
    expect(rows[1]).toMatchObject({
      层级: '社区', 所属街道: '湖滨街道', 居民: '400',
      '5分钟覆盖居民（现状）': '100', '5分钟覆盖居民（方案）': '120',
      '15分钟覆盖居民（现状）': '200', '15分钟覆盖率%（现状）': '50', '15分钟覆盖居民（方案）': '300', '15分钟覆盖率%（方案）': '75', '15分钟变化': '100',
    })
  })

  it('writes GeoJSON points (and area outlines where known) with the same Chinese properties', () => {
    const fc = planStationsGeoJson(plan)
    expect(fc.features).toHaveLength(4)
    expect(fc.features[3]).toMatchObject({ geometry: { type: 'Point', coordinates: [1.5, 0.5] }, properties: { 变动: '撤除', 站点名称: TRICKY } })
    const shape: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }
    const areas = areaCoverageGeoJson(plan, new Map([['cm1', shape]]))
    expect(areas.features.map((f) => f.geometry)).toEqual([null, shape])
    expect(JSON.parse(exportFile('plan', plan, 'geojson').text)).toEqual(fc)
  })

  it('names files by what, scenario and China time', () => {
    expect(exportFileName('sites', plan, 'csv')).toBe('智能选址建议_现状在用_20261130-1148.csv')
    expect(exportFile('areas', { ...plan, scenarioName: '+规划' }, 'csv').name).toBe('分区覆盖统计_规划_20261130-1148.csv')
  })
})
