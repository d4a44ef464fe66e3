/**
 * Names the wall display puts beside case codes: streets and communities by area id, sources and 721
 * classes by code (from GET /api/cases/categories; the 721 classes have built-in names until it loads).
 */
import { computed, type ComputedRef, type Ref } from 'vue'
import type { CaseTaxonomy } from '../api/case-types.ts'
import type { AreaCollection } from '../api/types.ts'
import { CLASS_721_FALLBACK_NAMES } from '../vocab.ts'

export interface UseCaseNamesOptions {
  /** Area collections whose names are looked up by id (streets, communities). */
  areas: Ref<AreaCollection | null>[]
  taxonomy: Ref<CaseTaxonomy | null>
}

export interface UseCaseNamesReturn {
  areaNames: ComputedRef<ReadonlyMap<string, string>>
  sourceNames: ComputedRef<Record<string, string>>
  classNames: ComputedRef<Record<string, string>>
}

export function useCaseNames(options: UseCaseNamesOptions): UseCaseNamesReturn {
  const { areas, taxonomy } = options
  return {
    areaNames: computed(() => {
      const m = new Map<string, string>()
      for (const fc of areas) for (const f of fc.value?.features ?? []) m.set(f.properties.id, f.properties.name)
      return m
    }),
    sourceNames: computed(() => Object.fromEntries((taxonomy.value?.sources ?? []).map((s) => [s.code, s.name]))),
    classNames: computed(() =>
      taxonomy.value ? Object.fromEntries(taxonomy.value.classes721.map((c) => [c.code, c.name])) : CLASS_721_FALLBACK_NAMES,
    ),
  }
}
