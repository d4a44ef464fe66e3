/**
 * An administration list (accounts, keys, the audit log): loaded through useRequest, reloaded after each
 * change; a failed change shows its message beside the list's own load error.
 */
import { computed, onMounted, shallowRef } from 'vue'
import { toApiError } from '../api/request.ts'
import { useRequest } from './useRequest.ts'

export function useAdminList<T>(load: (signal: AbortSignal) => Promise<T[]>) {
  const list = useRequest((_: void, signal: AbortSignal) => load(signal))
  const actionError = shallowRef<string | null>(null)
  const reload = () => list.execute()
  onMounted(reload)

  /** Run a change, then reload; returns its result, or undefined when it failed (the message is shown). */
  async function act<R>(change: () => Promise<R>): Promise<R | undefined> {
    actionError.value = null
    try {
      const result = await change()
      await reload()
      return result
    } catch (err) {
      actionError.value = toApiError(err).message
      return undefined
    }
  }

  return {
    items: computed(() => list.data.value ?? []),
    error: computed(() => actionError.value ?? list.error.value?.message ?? null),
    reload,
    act,
  }
}
