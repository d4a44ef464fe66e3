/**
 * One area with its children, reloaded whenever the id changes; a newer id aborts the older request.
 * The detail and the children are committed together so that the boundary, the coloured children and
 * the panel never disagree about where we are.
 */
import { computed, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import type { ApiError } from '../api/request.ts'
import type { AreaCollection, AreaDetail } from '../api/types.ts'
import { CHILD_LEVEL } from '../vocab.ts'
import { useFetched } from './useFetched.ts'

export interface UseAreaOptions {
  areaId: Ref<string | null>
  fetcher?: Pick<typeof api, 'area' | 'areas'>
}

export interface UseAreaReturn {
  area: ComputedRef<AreaDetail | null>
  children: ComputedRef<AreaCollection | null>
  loading: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  retry: () => void
}

export function useArea(options: UseAreaOptions): UseAreaReturn {
  const fetcher = options.fetcher ?? api
  const { data, loading, error, retry } = useFetched(
    () => options.areaId.value || null,
    async (id: string, signal) => {
      const area = await fetcher.area(id, signal)
      const childLevel = CHILD_LEVEL[area.properties.level]
      const children = childLevel ? await fetcher.areas({ level: childLevel, parent: id }, signal) : null
      return { area, children }
    },
  )
  return {
    area: computed(() => data.value?.area ?? null),
    children: computed(() => data.value?.children ?? null),
    loading,
    error,
    retry,
  }
}
