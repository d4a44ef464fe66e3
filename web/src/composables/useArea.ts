/**
 * One area with its children, reloaded whenever the id changes; a newer id aborts the older request.
 * The detail and the children are committed together so that the boundary, the coloured children and
 * the panel never disagree about where we are.
 */
import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { api } from '../api/http.ts'
import { ApiError, isAbort } from '../api/request.ts'
import type { AreaCollection, AreaDetail } from '../api/types.ts'
import { CHILD_LEVEL } from '../vocab.ts'

export interface UseAreaOptions {
  areaId: Ref<string | null>
  fetcher?: Pick<typeof api, 'area' | 'areas'>
}

export interface UseAreaReturn {
  area: ShallowRef<AreaDetail | null>
  children: ShallowRef<AreaCollection | null>
  loading: Ref<boolean>
  error: ShallowRef<ApiError | null>
  retry: () => void
}

export function useArea(options: UseAreaOptions): UseAreaReturn {
  const fetcher = options.fetcher ?? api
  const area = shallowRef<AreaDetail | null>(null)
  const children = shallowRef<AreaCollection | null>(null)
  const loading = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  let abort: AbortController | null = null

  async function load(id: string | null) {
    abort?.abort()
    if (!id) return
    const ctl = (abort = new AbortController())
    loading.value = true
    error.value = null
    try {
      const detail = await fetcher.area(id, ctl.signal)
      const childLevel = CHILD_LEVEL[detail.properties.level]
      const kids = childLevel ? await fetcher.areas({ level: childLevel, parent: id }, ctl.signal) : null
      if (ctl.signal.aborted) return
      area.value = detail
      children.value = kids
    } catch (err) {
      if (!isAbort(err)) error.value = err instanceof ApiError ? err : new ApiError('network', String(err))
    } finally {
      if (abort === ctl) loading.value = false
    }
  }

  watch(options.areaId, load, { immediate: true })
  onScopeDispose(() => abort?.abort())

  return { area, children, loading, error, retry: () => void load(options.areaId.value) }
}
