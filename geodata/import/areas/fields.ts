import type { InputFeature } from '../lib/read-features.ts'

export const LEVELS = ['district', 'street', 'community', 'grid'] as const
export type Level = (typeof LEVELS)[number]

/** The level an area of `level` hangs under; null for a district (the root). */
export function parentLevel(level: Level): Level | null {
  const i = LEVELS.indexOf(level)
  return i > 0 ? LEVELS[i - 1] : null
}

// Attribute names seen in Chinese boundary files: DataV (name, adcode), 天地图/国土 (XZQMC/XZQDM,
// 行政区划名称/代码), and plain Chinese or English headers. Compared case-insensitively.
const NAME_FIELDS = ['name', '名称', 'xzqmc', '行政区划名称', 'mc', 'jdmc', 'sqmc', 'wgmc', '网格名称', '社区名称', '街道名称']
const CODE_FIELDS = ['code', 'adcode', '编码', '代码', 'xzqdm', '行政区划代码', 'dm', 'wgbm', '网格编码', 'id']
const PARENT_FIELDS = ['parent', 'parent_code', 'parent_id', '上级', '上级编码', '上级代码', 'sjdm']

export interface FieldChoice {
  name: string | null
  code: string | null
  parent: string | null
}

/** Which attribute holds the name, the code and the parent: the options when given, else the first known name present. */
export function chooseFields(features: InputFeature[], given: Partial<FieldChoice>): FieldChoice {
  const keys = new Set(features.flatMap((f) => Object.keys(f.properties)))
  const find = (candidates: string[]) => [...keys].find((k) => candidates.includes(k.toLowerCase())) ?? null
  return {
    name: given.name ?? find(NAME_FIELDS),
    code: given.code ?? find(CODE_FIELDS),
    parent: given.parent ?? find(PARENT_FIELDS),
  }
}

export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null
  const s = String(v).trim()
  return s ? s : null
}
