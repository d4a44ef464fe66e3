/**
 * Type that scales with the viewport, for the wall display: while the calling component lives, the
 * root font size makes the page `widthRem` × `heightRem` rem — by default 120 × 67.5, i.e. 16px at
 * 1920×1080 and 32px at 3840×2160 — and the previous size comes back when it goes. The whole UI is
 * sized in rem, so it scales at once; what is drawn on canvases (charts, map labels) has to follow in
 * pixels, hence the returned root font size, kept up to date through window resizes.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export interface UseWallFontScaleOptions {
  /** @default 120 */
  widthRem?: number
  /** @default 67.5 */
  heightRem?: number
  window?: Pick<Window, 'addEventListener' | 'removeEventListener' | 'getComputedStyle'> & { document: Document }
}

export function useWallFontScale(options: UseWallFontScaleOptions = {}): ShallowRef<number> {
  const win = options.window ?? (typeof window === 'undefined' ? null : window)
  if (!win) return shallowRef(16)

  const style = win.document.documentElement.style
  const before = style.fontSize
  style.fontSize = `min(calc(100vw / ${options.widthRem ?? 120}), calc(100vh / ${options.heightRem ?? 67.5}))`

  const read = () => parseFloat(win.getComputedStyle(win.document.documentElement).fontSize) || 16
  const size = shallowRef(read())
  const onResize = () => {
    const next = read()
    if (next !== size.value) size.value = next
  }
  win.addEventListener('resize', onResize)
  onScopeDispose(() => {
    win.removeEventListener('resize', onResize)
    style.fontSize = before
  })
  return size
}
