/**
 * Manual intake as pure code: what stops a report from being saved, the request it becomes (blank
 * title from category and place, empty reporter left out, trimmed text), the category picker's groups
 * and search, and moving through results with the keyboard.
 */
import { describe, expect, it } from 'vitest'
import type { CaseTaxonomy } from '../../web/src/api/case-types.ts'
import {
  buildIntakeRequest, defaultTitle, emptyIntakeForm, flatCategories, groupCategories, LIMITS, moveIndex, validateIntake, type IntakeForm,
} from '../../web/src/composables/intake-form.ts'
import { CATEGORIES } from '../../server/domain/cases/taxonomy.ts'
import { CLASS_721_NAMES, CLASSES_721 } from '../../server/domain/vocabulary/index.ts'

const TAXONOMY: CaseTaxonomy = {
  categories: CATEGORIES.map(({ weight: _w, ...c }) => c),
  classes721: CLASSES_721.map((code) => ({ code, name: CLASS_721_NAMES[code] })),
  sources: [],
  departments: [],
  priorities: [],
  statuses: [],
  resolvedLevels: [],
}

const filled = (over: Partial<IntakeForm> = {}): IntakeForm => ({
  ...emptyIntakeForm(),
  category: 'elevator',
  location: { lng: 117.05, lat: 30.53, label: '东湖小区3号楼' },
  ...over,
})

describe('validateIntake', () => {
  it('an empty form needs a category and a place', () => {
    const e = validateIntake(emptyIntakeForm(), null)
    expect(Object.keys(e).sort()).toEqual(['category', 'location', 'title'])
  })

  it('a category and a place are enough: the title defaults to them', () => {
    expect(validateIntake(filled(), '电梯故障')).toEqual({})
    expect(defaultTitle(filled(), '电梯故障')).toBe('电梯故障：东湖小区3号楼')
    expect(defaultTitle(filled({ address: '东湖路 12 号' }), '电梯故障')).toBe('电梯故障：东湖路 12 号')
    expect(defaultTitle(filled({ location: { lng: 1, lat: 2, label: null } }), '电梯故障')).toBe('电梯故障')
  })

  it('checks the phone against the server pattern and the lengths against its limits', () => {
    expect(validateIntake(filled({ reporterPhone: '138 0013 8000' }), '电梯故障')).toEqual({})
    expect(validateIntake(filled({ reporterPhone: '+86 (571) 1234-5678' }), '电梯故障')).toEqual({})
    expect(validateIntake(filled({ reporterPhone: '电话138' }), '电梯故障').reporterPhone).toBeTruthy()
    expect(validateIntake(filled({ reporterPhone: '12' }), '电梯故障').reporterPhone).toBeTruthy()
    expect(validateIntake(filled({ title: 'x'.repeat(LIMITS.title + 1) }), '电梯故障').title).toBeTruthy()
    expect(validateIntake(filled({ description: 'x'.repeat(LIMITS.description + 1) }), '电梯故障').description).toBeTruthy()
    expect(validateIntake(filled({ category: 'nope' }), null).category).toBeTruthy()
  })
})

describe('buildIntakeRequest', () => {
  it('trims text, sends null for empty fields and no reporter when none was given', () => {
    const body = buildIntakeRequest(filled({ title: '  电梯困人 ', description: '  ', priority: 'urgent' }), '电梯故障')
    expect(body).toEqual({
      source: 'hotline_12345',
      category: 'elevator',
      title: '电梯困人',
      description: null,
      location: { lng: 117.05, lat: 30.53 },
      address: '东湖小区3号楼',
      reporter: null,
      priority: 'urgent',
    })
  })

  it('sends the reporter when either field is given, and the default title when the title is blank', () => {
    const body = buildIntakeRequest(filled({ reporterPhone: '13800138000', address: '东湖路 12 号', source: 'visit' }), '电梯故障')
    expect(body.reporter).toEqual({ name: null, phone: '13800138000' })
    expect(body.title).toBe('电梯故障：东湖路 12 号')
    expect(body.address).toBe('东湖路 12 号')
    expect(body.source).toBe('visit')
  })

  it('refuses a form without a place', () => {
    expect(() => buildIntakeRequest(emptyIntakeForm(), '电梯故障')).toThrow()
  })
})

describe('category picker', () => {
  it('groups every category under its 721 class, in class order', () => {
    const groups = groupCategories(TAXONOMY, '')
    expect(groups.map((g) => g.class721)).toEqual(['service', 'management', 'enforcement'])
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(CATEGORIES.length)
    for (const g of groups) for (const c of g.items) expect(c.class721).toBe(g.class721)
  })

  it('narrows by name, code or gloss (all words must match) and drops empty groups', () => {
    const lift = groupCategories(TAXONOMY, '电梯')
    expect(flatCategories(lift)).toEqual(['elevator'])
    expect(lift.map((g) => g.class721)).toEqual(['service'])
    expect(flatCategories(groupCategories(TAXONOMY, 'NOISE'))).toEqual(['noise'])
    expect(flatCategories(groupCategories(TAXONOMY, 'water leaks'))).toEqual(['water_supply'])
    expect(groupCategories(TAXONOMY, '没有这种')).toEqual([])
    expect(groupCategories(null, '')).toEqual([])
  })

  it('moves through results with wrap-around', () => {
    expect(moveIndex(null, 1, 3)).toBe(0)
    expect(moveIndex(null, -1, 3)).toBe(2)
    expect(moveIndex(2, 1, 3)).toBe(0)
    expect(moveIndex(0, -1, 3)).toBe(2)
    expect(moveIndex(0, 1, 0)).toBeNull()
  })
})
