/**
 * The root font size in pixels, followed through window resizes: the wall display scales its type
 * with the viewport (CSS), and canvas-drawn text (charts, map labels) has to follow in pixels.
 */
import { getCurrentInstance, onMounted, onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export interface UseRootFontSizeOptions {
  window?: Pick<Window, 'addEventListener' | 'removeEventListener' | 'getComputedStyle'> & { document: Document }
}

export function useRootFontSize(options: UseRootFontSizeOptions = {}): ShallowRef<number> {
  const win = options.window ?? (typeof window === 'undefined' ? null : window)
  const read = () => (win ? parseFloat(win.getComputedStyle(win.document.documentElement).fontSize) || 16 : 16)
  const size = shallowRef(read())
  if (win) {
    const onResize = () => {
      const next = read()
      if (next !== size.value) size.value = next
    }
    win.addEventListener('resize', onResize)
    // A view that sets the root size in its own styles has them applied only once it is mounted.
    if (getCurrentInstance()) onMounted(onResize)
    onScopeDispose(() => win.removeEventListener('resize', onResize))
  }
  return size
}
