import { Type } from '@sinclair/typebox'
import {
  CATEGORIES, CLASS_721_NAMES, DEPARTMENTS, PRIORITIES, RESOLVED_LEVELS, SOURCE_NAMES, SOURCES,
} from '../../domain/cases/taxonomy.ts'
import { STATUSES } from '../../domain/cases/types.ts'

const Named = Type.Object({ code: Type.String(), name: Type.String() })

/** The vocabulary the screens and clients need to build forms and legends. */
export const Taxonomy = Type.Object({
  categories: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), gloss: Type.String(), class721: Type.String(), deadlineHours: Type.Number(), department: Type.String() }),
  ),
  classes721: Type.Array(Named),
  sources: Type.Array(Named),
  departments: Type.Array(Named),
  priorities: Type.Array(Type.String()),
  statuses: Type.Array(Type.String()),
  resolvedLevels: Type.Array(Type.String()),
})

export const taxonomy = {
  categories: CATEGORIES.map(({ weight: _w, ...c }) => c),
  classes721: Object.entries(CLASS_721_NAMES).map(([code, name]) => ({ code, name })),
  sources: SOURCES.map((code) => ({ code, name: SOURCE_NAMES[code] })),
  departments: DEPARTMENTS.map((d) => ({ code: d.code, name: d.name })),
  priorities: [...PRIORITIES],
  statuses: [...STATUSES],
  resolvedLevels: [...RESOLVED_LEVELS],
}
