import { describe, expect, it } from 'vitest'
import { maskName, maskPhone } from '../../server/lib/mask.ts'
import { remaskView } from '../../server/domain/cases/view.ts'
import type { CaseView } from '../../server/domain/cases/view.ts'

/** The digits a masked phone still shows. */
const shownDigits = (masked: string) => masked.replace(/\D/g, '')

describe('maskPhone', () => {
  it.each([
    // [number, masked, digits in the number]
    ['1234567', '*****67', 7], // a 7-digit landline: was shown whole (3 + 4 digits)
    ['87654321', '******21', 8],
    ['8765-4321', '******21', 8],
    ['13912345678', '********678', 11],
    ['139-1234-5678', '********678', 11],
    ['139 1234 5678', '********678', 11],
    ['+86 139 1234 5678', '********678', 11],
    ['+8613912345678', '********678', 11],
    ['0086-139-1234-5678', '********678', 11],
    ['010-87654321', '********321', 11],
    ['(0571) 8765 4321', '********4321', 12],
    ['0571-87654321-8001', '********4321', 12],
    ['0571-87654321转8001', '********4321', 12],
    ['0571-87654321 ext. 8001', '********4321', 12],
    ['+1 555 123 4567 x12', '********567', 11],
    ['12345', '****5', 5],
    ['110', '**0', 3],
    ['12', '**', 2],
  ])('%s → %s', (phone, masked, digits) => {
    expect(maskPhone(phone)).toBe(masked)
    expect(masked).toHaveLength(digits)
  })

  it('never shows more than 4 digits, nor more than a third of them, for any length', () => {
    for (let n = 1; n <= 20; n++) {
      const phone = '9'.repeat(n)
      const shown = shownDigits(maskPhone(phone)!).length
      expect(shown).toBeLessThanOrEqual(4)
      expect(shown).toBeLessThanOrEqual(n / 3)
    }
  })

  it('gives back an already masked number unchanged, and an old mask with fewer digits shown', () => {
    for (const phone of ['1234567', '13912345678', '0571-87654321-8001', '+86 139 1234 5678']) {
      const once = maskPhone(phone)!
      expect(maskPhone(once)).toBe(once)
    }
    // Masks of the rule before: 3 + 4 digits of a mobile, a 7-digit landline whole.
    expect(maskPhone('139****5678')).toBe('********678')
    expect(maskPhone('1234567')).toBe('*****67')
  })

  it('has nothing to mask in nothing', () => {
    expect(maskPhone(null)).toBeNull()
    expect(maskPhone(undefined)).toBeNull()
    expect(maskPhone('')).toBeNull()
  })
})

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['李', '*'],
    ['欧阳明月', '欧阳**'],
    ['欧阳修', '欧阳*'],
    ['司马光', '司马*'],
    ['诸葛亮', '诸葛*'],
    // Two characters that could start a compound surname are a surname and a given name.
    ['欧阳', '欧*'],
    ['张 三', '张*'],
    ['买买提·艾力', '*·艾力'],
    ['John Smith', '* Smith'],
    ['John Ronald Reuel Tolkien', '* Tolkien'],
    ['Smith, John', 'Smith, *'],
    ['Madonna', 'M**'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })

  it('keeps no given name, and gives back a masked name unchanged', () => {
    for (const name of ['张三丰', '欧阳明月', 'John Smith', 'Smith, John', '买买提·艾力', '李']) {
      const once = maskName(name)!
      expect(once).not.toMatch(/三丰|明月|John|买买提/)
      expect(maskName(once)).toBe(once)
    }
  })

  it('has nothing to mask in nothing', () => {
    expect(maskName(null)).toBeNull()
    expect(maskName('  ')).toBeNull()
  })
})

describe('remaskView', () => {
  it('masks a logged view again under the current rule', () => {
    const logged = { id: 1, reporter: { name: '张**', phone: '1234567' } } as unknown as CaseView
    expect(remaskView(logged).reporter).toEqual({ name: '张**', phone: '*****67' })
    const current = { id: 2, reporter: { name: null, phone: '********678' } } as unknown as CaseView
    expect(remaskView(current).reporter).toEqual({ name: null, phone: '********678' })
  })
})
