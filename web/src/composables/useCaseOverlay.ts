/**
 * The one case view, opened from anywhere (wall ticker, map pick, drill-down list, workbench): callers say
 * `openCase(id)`; App.vue shows the case over the current page. `/cases/:id` shows the same view as a page.
 */
import { readonly, shallowRef } from 'vue'

const openId = shallowRef<number | null>(null)

/** The case shown over the page, or null. */
export const overlayCaseId = readonly(openId)

export function openCase(id: number): void {
  openId.value = id
}

export function closeCase(): void {
  openId.value = null
}
