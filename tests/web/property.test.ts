/**
 * 红色物业 on the web: useProperty against the fake API (what loads when, answers to an old window
 * dropped, the card opened and closed, the periodic re-read), the compound layer's colours, and the
 * standing words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import type { CompanyCard, CompoundStanding, CompoundStandingCollection, PropertyLeague, PropertyWindow } from '../../web/src/api/property.ts'
import { useProperty } from '../../web/src/composables/useProperty.ts'
import { PROPERTY_COMPOUNDS_LAYER, propertyLayers, STANDING_FILL, STANDING_LINE, standingClass } from '../../web/src/layers/property-layers.ts'
import { GOLD } from '../../web/src/layers/palette.ts'
import { standingLabel } from '../../web/src/model/property.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { byId, call, ids } from './layer-helpers.ts'

const AS_OF = '2024-07-31T04:00:00.000Z'
const win = (name: PropertyWindow) => ({ name, from: '2024-07-01T04:00:00.000Z', to: AS_OF })
const RULES = { top: 5, minHouseholds: 200, minComplaints: 3, weights: {}, propertyCategories: [], repeatDays: 30 }

function league(name: PropertyWindow, ids: string[]): PropertyLeague {
  const companies = ids.map((id, i) => ({
    id, name: `${id}物业服务有限公司`, compounds: 2, households: 800, complaints: 9, propertyComplaints: 4, per1000: 11.25, propertyPer1000: 5,
    started: 8, responseHours: 2, resolved: 7, settleHours: 20, rated: 5, satisfaction: 4.2, repeats: 1, repeatShare: 1 / 9,
    rank: i + 1, score: 80 - i * 10, list: i === 0 ? ('red' as const) : i === ids.length - 1 ? ('black' as const) : null, flags: [],
  }))
  return { asOf: AS_OF, window: win(name), rules: RULES, red: companies.slice(0, 1), black: companies.slice(-1), companies }
}

const card = (id: string, name: PropertyWindow): CompanyCard => ({
  asOf: AS_OF, window: win(name), rules: RULES, rankedOf: 3,
  company: { ...league(name, [id]).companies[0]!, phone: '0531-1234567' }, compounds: [], latest: [],
})

function compounds(props: Partial<CompoundStanding>[]): CompoundStandingCollection {
  return {
    type: 'FeatureCollection', asOf: AS_OF, window: win('30d'), rankedOf: 3,
    features: props.map((p, i) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [0, 0]]] },
      properties: { id: `XQ${i}`, name: `小区${i}`, companyId: 'WY001', companyName: '好邻物业', list: null, rank: 2, score: 50, per1000: 10, ...p },
    })),
  }
}

let scope: EffectScope
beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  scope?.stop()
  vi.useRealTimers()
})

function setup(o: { league?: boolean; compounds?: boolean; enabled?: boolean } = {}) {
  const routes = {
    league: fakeRoute<{ window?: PropertyWindow }, PropertyLeague>(),
    company: fakeRoute<{ id: string; window?: PropertyWindow }, CompanyCard>(),
    compounds: fakeRoute<{ window?: PropertyWindow }, CompoundStandingCollection>(),
  }
  const window = shallowRef<PropertyWindow>('30d')
  const showCompounds = shallowRef(o.compounds ?? false)
  const enabled = shallowRef(o.enabled ?? true)
  scope = effectScope()
  const p = scope.run(() =>
    useProperty({
      window, enabled, league: o.league ?? true, compounds: showCompounds, refreshMs: 60_000,
      fetcher: {
        league: (q, signal) => routes.league.fn({ ...q }, signal),
        company: (id, q, signal) => routes.company.fn({ id, ...q }, signal),
        compounds: (q, signal) => routes.compounds.fn({ ...q }, signal),
      },
    }),
  )!
  return { routes, window, showCompounds, enabled, p }
}

describe('useProperty', () => {
  it('loads the league when enabled, and keeps only the answer for the window last asked', async () => {
    const { routes, window, enabled, p } = setup({ enabled: false })
    expect(routes.league.calls).toHaveLength(0)
    enabled.value = true
    await nextTick()
    expect(routes.league.calls.map((c) => c.arg)).toEqual([{ window: '30d' }])
    window.value = '7d'
    await nextTick()
    expect(routes.league.calls.map((c) => c.arg)).toEqual([{ window: '30d' }, { window: '7d' }])
    expect(routes.league.calls[0]!.signal.aborted).toBe(true)
    routes.league.calls[1]!.resolve(league('7d', ['A', 'B', 'C']))
    routes.league.calls[0]!.resolve(league('30d', ['X']))
    await settle()
    expect(p.league.value?.window.name).toBe('7d')
    expect(p.league.value?.red.map((c) => c.id)).toEqual(['A'])
    expect(routes.compounds.calls).toHaveLength(0)
  })

  it('keeps the last league through a failure and reads it again on its timer', async () => {
    const { routes, p } = setup()
    routes.league.last().resolve(league('30d', ['A', 'B']))
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(routes.league.calls).toHaveLength(2)
    routes.league.last().reject(new Error('offline'))
    await settle()
    expect(p.league.value?.companies.map((c) => c.id)).toEqual(['A', 'B'])
    expect(p.leagueError.value?.code).toBe('network')
  })

  it('loads the compound outlines only once shown, once per window', async () => {
    const { routes, window, showCompounds, p } = setup({ league: false })
    expect([routes.league.calls.length, routes.compounds.calls.length]).toEqual([0, 0])
    showCompounds.value = true
    await nextTick()
    expect(routes.compounds.calls.map((c) => c.arg)).toEqual([{ window: '30d' }])
    const fc = compounds([{}])
    routes.compounds.last().resolve(fc)
    await settle()
    expect(p.compounds.value).toBe(fc)
    showCompounds.value = false
    await nextTick()
    showCompounds.value = true
    await nextTick()
    expect(routes.compounds.calls).toHaveLength(1)
    showCompounds.value = false
    window.value = '90d'
    await nextTick()
    expect(routes.compounds.calls).toHaveLength(1)
    showCompounds.value = true
    await nextTick()
    expect(routes.compounds.calls.map((c) => c.arg)).toEqual([{ window: '30d' }, { window: '90d' }])
  })

  it('opens a company card, follows the window while open, and forgets it when closed', async () => {
    const { routes, window, p } = setup({ league: false })
    p.open('WY001')
    expect(routes.company.calls.map((c) => c.arg)).toEqual([{ id: 'WY001', window: '30d' }])
    expect([p.selectedId.value, p.cardLoading.value]).toEqual(['WY001', true])
    p.open('WY001') // a second click while loading asks nothing more
    expect(routes.company.calls).toHaveLength(1)
    p.open('WY002')
    expect(routes.company.calls[0]!.signal.aborted).toBe(true)
    routes.company.calls[1]!.resolve(card('WY002', '30d'))
    routes.company.calls[0]!.resolve(card('WY001', '30d'))
    await settle()
    expect(p.card.value?.company.id).toBe('WY002')
    window.value = '7d'
    await nextTick()
    expect(routes.company.last().arg).toEqual({ id: 'WY002', window: '7d' })
    p.close()
    expect([p.selectedId.value, p.card.value]).toEqual([null, null])
    expect(routes.company.last().signal.aborted).toBe(true)
    window.value = '90d'
    await nextTick()
    expect(routes.company.calls).toHaveLength(3)
  })
})

describe('property layers', () => {
  it('colours each compound by its company’s standing', () => {
    const fc = compounds([{ list: 'red', rank: 1 }, { list: 'black', rank: 9 }, { rank: 5 }, { rank: null, score: null }, { companyId: null, companyName: null, rank: null }])
    const layer = byId(propertyLayers({ compounds: fc, hoveredId: null }), PROPERTY_COMPOUNDS_LAYER)
    const classes = fc.features.map((f) => standingClass(f.properties))
    expect(classes).toEqual(['red', 'black', 'middle', 'unranked', 'self'])
    expect(fc.features.map((f) => call(layer, 'getFillColor', f))).toEqual(classes.map((c) => STANDING_FILL[c]))
    expect(fc.features.map((f) => call(layer, 'getLineColor', f))).toEqual(classes.map((c) => STANDING_LINE[c]))
    expect(new Set(classes.map((c) => STANDING_FILL[c].join()))).toHaveProperty('size', 5)
    expect(layer.props.pickable).toBe(true)
  })

  it('lightens the hovered compound and outlines the open company’s compounds in gold', () => {
    const fc = compounds([{ companyId: 'WY001' }, { companyId: 'WY002', list: 'black' }, { companyId: 'WY001' }])
    const layer = byId(propertyLayers({ compounds: fc, hoveredId: 'XQ1', selectedCompanyId: 'WY001' }), PROPERTY_COMPOUNDS_LAYER)
    const [a, b, c] = fc.features
    expect(call(layer, 'getLineColor', a)).toEqual(GOLD)
    expect(call(layer, 'getLineColor', c)).toEqual(GOLD)
    expect(call(layer, 'getLineColor', b)).toEqual(GOLD) // hovered
    expect(call(layer, 'getFillColor', b)).not.toEqual(STANDING_FILL.black)
    expect(call(layer, 'getFillColor', a)).toEqual(STANDING_FILL.middle)
    expect(layer.props.updateTriggers).toMatchObject({ getFillColor: 'XQ1', getLineColor: ['XQ1', 'WY001'] })
  })

  it('draws nothing before the outlines arrive', () => {
    expect(ids(propertyLayers({ compounds: null, hoveredId: null }))).toEqual([])
  })
})

describe('standing words', () => {
  it('names the list, the place and why a company was not ranked', () => {
    const t = { minHouseholds: 200, minComplaints: 3 }
    expect(standingLabel({ rank: 2, list: 'red', flags: [] }, 18, t)).toBe('红榜 · 第 2 / 18 名')
    expect(standingLabel({ rank: 9, list: null, flags: [] }, 18, t)).toBe('第 9 / 18 名')
    expect(standingLabel({ rank: 18, list: 'black', flags: [] }, 18, t)).toBe('黑榜 · 第 18 / 18 名')
    expect(standingLabel({ rank: null, list: null, flags: ['few_households', 'few_complaints'] }, 18, t)).toBe('样本不足，未参评（管理户数不足 200 户，诉求不足 3 件）')
  })
})
