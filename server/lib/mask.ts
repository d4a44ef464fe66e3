/**
 * Residents' and workers' personal data leaves the database masked unless a route exists to show it.
 *
 * Phones show at most their last 4 digits and never more than a third of their digits: 139****5678
 * (7 of 11 digits) let a 7-digit landline through whole, so an 11-digit mobile now shows 3 digits
 * (********678), an 8-digit landline 2, a 7-digit one 2. A country code (+86, 0086) and an extension
 * (转, ext, x, #, or a third group after an area code: 0571-87654321-8001) are left out.
 *
 * Names keep the surname only: 张** (two compound surnames such as 欧阳 stay whole: 欧阳**), the last
 * part of a name written with spaces or a middle dot (* Smith, *·艾力), the part before a comma
 * (Smith, *).
 *
 * Both functions give back what they are given when it is already masked, so masking again (a view
 * stored in the case log under an older rule) only ever hides more.
 */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null
  const trimmed = name.trim()
  if (!trimmed) return null
  if (HAN.test(trimmed) && !/[·•・]/.test(trimmed)) return maskHanName(trimmed.replace(/\s+/g, ''))
  const comma = trimmed.indexOf(',')
  if (comma > 0) return `${trimmed.slice(0, comma).trim()}, *`
  const dotted = trimmed.split(/\s*[·•・]\s*/).filter(Boolean)
  if (dotted.length > 1) return `*·${dotted.at(-1)}`
  const words = trimmed.split(/\s+/)
  if (words.length > 1) return `* ${words.at(-1)}`
  return maskHanName(trimmed)
}

const HAN = /\p{Script=Han}/u

/** Two-character surnames (复姓) still in use; a name starting with one keeps both characters. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木',
  '独孤', '南宫', '西门', '百里', '呼延', '万俟', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔', '申屠', '钟离', '闾丘',
  '东郭', '拓跋', '赫连', '第五', '闻人', '左丘', '司空', '亓官', '司寇', '颛孙', '巫马', '公西', '漆雕', '乐正', '壤驷', '公良',
  '谷梁', '段干', '东门', '羊舌', '微生', '公羊', '梁丘', '鲜于', '完颜',
])

function maskHanName(name: string): string {
  const chars = [...name]
  if (chars.length === 1) return '*'
  const surname = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1
  return chars.slice(0, surname).join('') + '*'.repeat(Math.min(chars.length - surname, 2))
}

/** At most this many trailing digits are shown, and never more than a third of them. */
const SHOWN_DIGITS = 4

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  // A digit or the * of an earlier mask: each stands for one digit of the number.
  const positions = [...nationalNumber(phone)].filter((c) => (c >= '0' && c <= '9') || c === '*')
  const shown = Math.min(SHOWN_DIGITS, Math.floor(positions.length / 3))
  return '*'.repeat(positions.length - shown) + positions.slice(positions.length - shown).join('')
}

/** The number without its extension and without a Chinese country code. */
function nationalNumber(phone: string): string {
  let main = phone.split(/转|分机|ext\.?|[x#,;]/i)[0]
  // 0571-87654321-8001: an area code (0…), the number and, third, an extension.
  const groups = main.trim().split(/\s*-\s*/)
  if (groups.length === 3 && /^0\d{2,3}$/.test(groups[0]) && /^\d{7,8}$/.test(groups[1])) main = `${groups[0]}${groups[1]}`
  return main.trim().replace(/^(?:\+|00)\s*86[\s-]*/, '')
}
